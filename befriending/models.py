"""One-to-one befriending.

A member opens a `Request` (one open at a time); peer supporters make `Offer`s on it; the member
accepts one, which starts a `Befriending`: a private conversation between the two of them for a
stated period (default eight weeks, renewable once). Every `Message` is scanned before anyone
else can read it: crisis messages and attempts to move off-site (`ContactRule`) are HELD.

Moderators cannot browse conversations. A `Cause` (a participant's report, a scanner flag, a
supporter's handover) opens one to them; every look is audited and the participants are told.
Messages are deleted a stated time after the befriending ends (`purge_after`).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now as current_time

DEFAULT_PERIOD = timedelta(weeks=8)


class RequestState(models.TextChoices):
    OPEN = "open", "Waiting for an offer"
    MATCHED = "matched", "Matched"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Request(models.Model):
    """A member asking for a befriender. Supporters see only this, never who else the member is
    on the forum (no link to posts, no anonymous history)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="befriending_requests"
    )
    about = models.TextField(max_length=2000)
    board = models.ForeignKey(
        "forum.Board", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    times = models.CharField(max_length=200, blank=True)
    preferences = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=12, choices=RequestState.choices, default=RequestState.OPEN)
    created = models.DateTimeField(default=current_time)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(state="open"),
                name="befriending_one_open_request_per_member",
            )
        ]

    def __str__(self):
        return f"Befriending request {self.pk}"


class OfferState(models.TextChoices):
    PENDING = "pending", "Waiting for the member"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Offer(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="offers")
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="befriending_offers"
    )
    # A short hello the member reads before accepting (optional).
    note = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=12, choices=OfferState.choices, default=OfferState.PENDING)
    created = models.DateTimeField(default=current_time)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "supporter"], name="befriending_one_offer_per_supporter"
            )
        ]

    def __str__(self):
        return f"Offer {self.pk} on request {self.request_id}"


class Capacity(models.Model):
    """How many befriendings a supporter can hold at once (they set it; 0 takes no new ones)."""

    supporter = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="befriending_capacity",
    )
    limit = models.PositiveSmallIntegerField(default=2)

    def __str__(self):
        return f"Befriending capacity of member {self.supporter_id}"


class Befriending(models.Model):
    request = models.OneToOneField(
        Request, null=True, blank=True, on_delete=models.SET_NULL, related_name="befriending"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="befriendings"
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="befriendings_supported"
    )
    started_at = models.DateTimeField(default=current_time)
    ends_at = models.DateTimeField(db_index=True)
    renewed = models.BooleanField(default=False)
    # Set when either person ends it early, or by the sweep once `ends_at` passes.
    ended_at = models.DateTimeField(null=True, blank=True, db_index=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reason = models.CharField(max_length=300, blank=True)
    # Messages go this long after the end (BEFRIENDING_RETENTION_DAYS); set when it ends.
    purge_after = models.DateTimeField(null=True, blank=True, db_index=True)
    # The conversation's event numbering for the socket and catch-up; raised under the row lock.
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"Befriending {self.pk}"

    def save(self, *args, **kwargs):
        if self.ends_at is None:
            self.ends_at = self.started_at + DEFAULT_PERIOD
        super().save(*args, **kwargs)

    def is_open(self, now=None) -> bool:
        return self.ended_at is None and (now or current_time()) < self.ends_at

    def involves(self, user) -> bool:
        return user.is_authenticated and user.pk in (self.member_id, self.supporter_id)


class MessageState(models.TextChoices):
    SHOWN = "shown", "Shown"
    HELD = "held", "Held for a moderator"
    REMOVED = "removed", "Removed by a moderator"


class HoldReason(models.TextChoices):
    CRISIS = "crisis", "The crisis scanner flagged it"
    SCAN_FAILED = "scan_failed", "The crisis scanner failed on it"
    OFF_SITE = "off_site", "It looks like a way to talk off Peerhaven"


class Message(models.Model):
    befriending = models.ForeignKey(Befriending, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=4000)
    html = models.TextField()
    state = models.CharField(
        max_length=10, choices=MessageState.choices, default=MessageState.SHOWN
    )
    hold_reason = models.CharField(max_length=12, choices=HoldReason.choices, blank=True)
    # The scanner's rating (none/low/medium/high/imminent/failed), for the queue.
    severity = models.CharField(max_length=10, blank=True)
    # What the writer was told when it was held (which rule, in words).
    explanation = models.CharField(max_length=500, blank=True)
    seq = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=current_time)

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["befriending", "seq"], name="befriending_msg_seq")]

    def __str__(self):
        return f"Message {self.pk} in befriending {self.befriending_id}"


class ContactRuleKind(models.TextChoices):
    PHRASE = "phrase", "Phrase (whole words, any case)"
    PATTERN = "pattern", "Regular expression"


class ContactRule(models.Model):
    """One way people try to move a conversation off Peerhaven ("meet up", phone numbers, email
    addresses, social handles). Administrators edit the list; messages that match are held and
    the writer is told `explanation`."""

    name = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=10, choices=ContactRuleKind.choices)
    pattern = models.CharField(max_length=500)
    explanation = models.CharField(max_length=300)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CauseKind(models.TextChoices):
    REPORT = "report", "A participant reported it"
    FLAG = "flag", "The scanner held a message"
    HANDOVER = "handover", "The supporter asked a moderator in"


class Cause(models.Model):
    """Why moderators may read a conversation. While a cause is open it is in the moderation
    queue; what a moderator may see depends on its kind (a flag: the held message with a few
    around it; a report or handover: the conversation)."""

    befriending = models.ForeignKey(Befriending, on_delete=models.CASCADE, related_name="causes")
    kind = models.CharField(max_length=10, choices=CauseKind.choices)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="causes"
    )
    reason = models.CharField(max_length=500, blank=True)
    severity = models.CharField(max_length=10, blank=True)
    opened_at = models.DateTimeField(default=current_time, db_index=True)
    overdue_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["opened_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} on befriending {self.befriending_id}"


class Notice(models.Model):
    """A line both participants see in the conversation that nobody typed: a moderator looked
    and why, the befriending was renewed, reassigned or ended."""

    befriending = models.ForeignKey(Befriending, on_delete=models.CASCADE, related_name="notices")
    text = models.CharField(max_length=500)
    seq = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=current_time)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return self.text
