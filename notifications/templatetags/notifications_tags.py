from django import template

from forum.stats import describe_wait
from notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def bell(context):
    """The header's bell: a link to /notifications/ with the unread count (one query)."""
    user = context["user"]
    count = unread_count(user)
    return {"count": count, "shown": "99+" if count > 99 else str(count)}


@register.filter
def opens_warning(post, filters):
    """Whether the reader's settings open this warned post by themselves."""
    return filters is not None and filters.opens_warning(post)


@register.filter
def muted_for(post, filters):
    """Whether the post contains a word the reader muted."""
    return filters is not None and filters.mutes_text(post.body, post.warning_text)


@register.filter
def wait_length(duration):
    return describe_wait(duration)
