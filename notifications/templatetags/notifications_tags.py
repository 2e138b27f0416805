from django import template

from notifications.selectors import is_following, unread_count

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def bell(context):
    """The header's bell: a link to /notifications/ with the unread count (one query)."""
    user = context["user"]
    count = unread_count(user)
    return {"count": count, "shown": "99+" if count > 99 else str(count)}


@register.inclusion_tag("notifications/_follow_form.html", takes_context=True)
def follow_form(context, thread):
    """The thread page's "Follow this thread" button (one query): notifications fills the
    forum's page in here, so the forum's views need not know who follows what."""
    return {
        "thread": thread,
        "following": is_following(context["user"], thread),
        "csrf_token": context.get("csrf_token"),
    }
