from django import template

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
    """A wait for people: "under a minute", "12 min", "3 h 5 min", "2 days 4 h"; "–" for none."""
    if duration is None:
        return "–"
    minutes = int(duration.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    days_text = f"{days} day{'s' if days != 1 else ''}"
    return f"{days_text} {hours} h" if hours else days_text
