from urllib.parse import urlsplit

from django import template

from resources import selectors

register = template.Library()


@register.inclusion_tag("resources/_panel.html", takes_context=True)
def support_panel(context, held=False, after_post=False):
    """The support panel for the reader's region: crisis lines, warm lines with open/closed
    badges, the emergency number. Needs only `request` in the context. `after_post` (implied
    by `held`) adds that a peer moderator will see the post; `held`, that it waits for them.
    Costs one query at most: the region's list is cached."""
    request = context.get("request")
    region = selectors.region_for(request) if request is not None else selectors.default_region()
    return {
        "request": request,
        "region": region,
        "directory": selectors.directory_for(region),
        "held": bool(held),
        "after_post": bool(after_post or held),
    }


@register.filter
def display_host(url: str) -> str:
    """ "988lifeline.org" for https://988lifeline.org/: what a link shows the reader."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")
