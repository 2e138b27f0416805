from urllib.parse import urlsplit

from django import template

from resources import selectors

register = template.Library()


@register.inclusion_tag("resources/_panel.html", takes_context=True)
def support_panel(context, held=False, after_post=False, unstaffed=False):
    """The support panel for the reader's region: the member's own line first if they set
    one, crisis lines, warm lines with open/closed badges, the emergency number. Needs only
    `request` in the context. `after_post` (implied by `held`) adds that a peer moderator will
    see the post; `held`, that it waits for them; `unstaffed`, that no moderator is online
    right now, with the lines open day and night. Costs two queries at most: the region's
    list is cached, and the member's own line is one read."""
    request = context.get("request")
    region = selectors.region_for(request) if request is not None else selectors.default_region()
    directory = selectors.directory_for(region)
    user = getattr(request, "user", None)
    return {
        "request": request,
        "region": region,
        "directory": directory,
        "personal_line": selectors.personal_line_of(user),
        "always_open": [entry for entry in directory.crisis if entry.state == "always"],
        "held": bool(held),
        "after_post": bool(after_post or held),
        "unstaffed": bool(unstaffed),
    }


@register.filter
def display_host(url: str) -> str:
    """ "988lifeline.org" for https://988lifeline.org/: what a link shows the reader."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")
