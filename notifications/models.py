"""Being heard: notifications, follows and quotes. What a member chose not to see and what they
have read live in forum.models (ReaderSettings, ThreadVisit), beside what they filter.

A notification names a thread and a post, never a person: who wrote a reply is worked out when
the notification is shown, the same way the thread page shows it, so an anonymous reply reads
"Anonymous member" here too and a deleted account reads "Deleted member".
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from forum.models import Post, Thread, Visibility


class NotificationKind(models.TextChoices):
    REPLY = "reply", "Replies to my threads"
    QUOTE = "quote", "Replies quoting me"
    REACTION = "reaction", "Reactions to my posts"
    FOLLOWED = "followed", "Replies in threads I follow"
    MODERATOR_NOTE = "moderator_note", "Notes from moderators"
    NUDGE = "nudge", "Threads waiting for a first reply (peer supporters)"
    ESCALATION = "escalation", "Crisis items nobody claimed in time (administrators)"
    GROUP = "group", "Group sessions I joined"
    BEFRIENDING = "befriending", "Befriending: offers, answers and notices"


def validate_site_path(value: str) -> None:
    """A link inside this site ("/groups/4/"), never an outside address: browsers read "//host"
    and "/\\host" as another site, so both are refused, as is any whitespace."""
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(c.isspace() for c in value)
    ):
        raise ValidationError("A notification links to a path on this site, starting with /.")


class NotificationQuerySet(models.QuerySet):
    def shown(self):
        """Notifications whose post and thread the recipient may still read: a reply hidden by
        a moderator or held again after an edit takes its notification with it."""
        readable = [Visibility.PUBLISHED, Visibility.DELETED]
        return self.filter(
            # Escalations reach administrators, who may read held posts: the post is the point.
            Q(kind=NotificationKind.ESCALATION)
            | Q(
                Q(post__isnull=True) | Q(post__state__in=readable),
                Q(thread__isnull=True) | Q(thread__state=Visibility.PUBLISHED),
            )
        )

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One line in a member's notifications. While unread, more of the same (replies in one
    thread, hugs on one post) add to `count` instead of adding lines."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE)
    # For replies: the first reply the group covers, where opening the notification lands.
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Reactions are grouped per kind ("4 hugs on your post").
    reaction = models.CharField(max_length=12, blank=True)
    count = models.PositiveIntegerField(default=1)
    # Moderators' notes: their words, shown escaped.
    text = models.TextField(blank=True)
    # A supportive note shows the support panel with it.
    support_panel = models.BooleanField(default=False)
    # Where a line about something other than a thread leads (a group session's page): a path on
    # this site, checked by validate_site_path before it is saved.
    link = models.CharField(max_length=200, blank=True, validators=[validate_site_path])
    # Lines that must reach a member only once ("group-opens:12"): a second send with the same
    # key is skipped, so a sweep may run as often as it likes.
    once_key = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-updated"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "once_key"],
                condition=~Q(once_key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for member {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class MutedKind(models.Model):
    """A kind of notification the member turned off in their settings. The forum's kinds have
    their switches on forum.ReaderSettings; kinds for apps above the forum live here, so adding
    one needs no change below notifications."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_kinds"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "kind"], name="mute_kind_once")]

    def __str__(self):
        return f"Member {self.member_id} turned off {self.kind}"


class Follow(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "thread"], name="follow_once")]

    def __str__(self):
        return f"Member {self.member_id} follows thread {self.thread_id}"


class QuotedPost(models.Model):
    """Which post a reply quoted, recorded from the reply form's hidden `quote` field."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="+")
    quoted = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"Post {self.post_id} quotes post {self.quoted_id}"


class WaitingNudge(models.Model):
    """Peer supporters were nudged about this thread; once is enough."""

    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="+")
    sent = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Nudge about thread {self.thread_id}"
