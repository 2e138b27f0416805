"""What a notification says and where it leads, worked out when it is shown.

The author of a reply is named exactly as the thread page names them (forum's `author_label`),
so an anonymous reply is "Anonymous member" here too and never its author's pseudonym.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse

from forum.templatetags.forum_tags import author_label
from notifications.models import Notification, NotificationKind, validate_site_path
from notifications.selectors import nudge_delay

# (one, several): "a hug on your post", "4 hugs on your post".
REACTION_PHRASES = {
    "hug": ("A hug on your post", "{n} hugs on your post"),
    "me_too": ("Someone said “me too” to your post", "{n} people said “me too” to your post"),
    "thank_you": ("A thank-you for your post", "{n} thank-yous for your post"),
    "strength": ("Someone sent strength for your post", "{n} people sent strength for your post"),
}


@dataclass(frozen=True)
class Line:
    notification: Notification
    text: str
    url: str

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None

    @property
    def note(self) -> str:
        """Words shown under the line (a moderator's note); a group or befriending line's text
        is the line itself."""
        n = self.notification
        return "" if n.kind in (NotificationKind.GROUP, NotificationKind.BEFRIENDING) else n.text


def _site_link(notification: Notification) -> str:
    """The line's own link, checked again on the way out: a link that is not a path on this
    site (written around announce()) leads to the list, never elsewhere."""
    try:
        validate_site_path(notification.link)
    except ValidationError:
        return reverse("notifications:list")
    return notification.link


def _post_url(notification: Notification) -> str:
    post = notification.post
    url = reverse("forum:thread", args=[post.thread_id])
    return f"{url}?post={post.pk}#post-{post.pk}"


def _delay_text() -> str:
    minutes = int(nudge_delay().total_seconds() // 60)
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def describe(notification: Notification) -> Line:
    n = notification
    title = f"“{n.thread.title}”" if n.thread_id else ""
    actor = author_label(n.post, n.thread) if n.post_id and n.thread_id else ""
    url = _post_url(n) if n.post_id else ""
    if n.kind == NotificationKind.REPLY:
        text = (
            f"{actor} replied to your thread {title}"
            if n.count == 1
            else f"{n.count} new replies to your thread {title}"
        )
    elif n.kind == NotificationKind.QUOTE:
        text = f"{actor} quoted you in {title}"
    elif n.kind == NotificationKind.FOLLOWED:
        text = (
            f"{actor} replied in {title}, a thread you follow"
            if n.count == 1
            else f"{n.count} new replies in {title}, a thread you follow"
        )
    elif n.kind == NotificationKind.REACTION:
        one, several = REACTION_PHRASES.get(n.reaction, ("A reaction", "{n} reactions"))
        text = (one if n.count == 1 else several.format(n=n.count)) + f" in {title}"
    elif n.kind == NotificationKind.NUDGE:
        if n.count == 1 and n.thread_id:
            text = f"{title} has waited over {_delay_text()} for a first reply"
            url = reverse("forum:thread", args=[n.thread_id])
        else:
            text = f"{n.count} threads are waiting for a first reply"
            url = reverse("forum:waiting")
    elif n.kind in (NotificationKind.GROUP, NotificationKind.BEFRIENDING):
        # Written by the group sessions or befriending app when it happened; never quotes a
        # message (a notification can be seen over a shoulder).
        text, url = n.text, _site_link(n)
    elif n.kind == NotificationKind.ESCALATION:
        text = "Escalated: a crisis post nobody claimed in time"
        if n.post_id:
            url = reverse("moderation:review", args=[n.post_id])
    else:
        text = "A note from the peer moderators"
    if not url:
        url = (
            reverse("forum:thread", args=[n.thread_id])
            if n.thread_id
            else reverse("notifications:list")
        )
    return Line(notification=n, text=text, url=url)
