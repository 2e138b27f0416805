"""Group sessions: a peer-led support group that meets at a set time in a live room.

A `Series` is the "every Tuesday 7pm" promise; each meeting is a `GroupSession` of its own
(its own room, participants and messages), made ahead from the series so nobody re-types it.
Times are stored in UTC; `timezone` keeps the IANA zone the facilitator scheduled in, so a
weekly series stays at 7pm local time across daylight-saving changes.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.timezone import now as current_time

# The room opens this long before `starts_at`, so people can settle in (CONTRACTS.md: "a few
# minutes before").
ROOM_OPENS_EARLY = timedelta(minutes=10)


class Series(models.Model):
    """A repeating session: the same group on the same weekday and local time."""

    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_series"
    )
    # How many weeks apart the meetings are (1: weekly, 2: fortnightly).
    interval_weeks = models.PositiveSmallIntegerField(default=1)
    # The last day a meeting may fall on; null: until the facilitator stops it.
    until = models.DateField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=current_time)

    class Meta:
        verbose_name_plural = "series"

    def __str__(self):
        return f"Series {self.pk}"


class GroupSession(models.Model):
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitated_sessions"
    )
    board = models.ForeignKey("forum.Board", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=4000)
    ground_rules = models.TextField(max_length=4000)
    # The IANA zone the session was scheduled in ("America/Chicago").
    timezone = models.CharField(max_length=64, default="UTC")
    starts_at = models.DateTimeField(db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    # starts_at + duration, kept by save(): lets the list ask the database "not over yet"
    # without date arithmetic that differs between SQLite and PostgreSQL.
    scheduled_end = models.DateTimeField(db_index=True, editable=False, null=True)
    capacity = models.PositiveSmallIntegerField(default=12)
    # Facilitation: ground rules pinned at the top of the room, slow mode (one message per
    # N seconds per participant; 0 is off).
    rules_pinned = models.BooleanField(default=False)
    slow_mode_seconds = models.PositiveSmallIntegerField(default=0)
    # Set when the facilitator ends the session early (the room closes at once) or cancels it
    # before it starts.
    ended_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The room's event numbering for sockets and catch-up; raised under the session's row lock.
    last_seq = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=current_time)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.scheduled_end = self.starts_at + timedelta(minutes=self.duration_minutes)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "scheduled_end"}
        super().save(*args, **kwargs)

    @property
    def ends_at(self):
        """When the room closes: the scheduled end, or earlier if the facilitator ended it."""
        scheduled = self.starts_at + timedelta(minutes=self.duration_minutes)
        return min(scheduled, self.ended_at) if self.ended_at else scheduled

    @property
    def opens_at(self):
        return self.starts_at - ROOM_OPENS_EARLY

    def is_open(self, now=None) -> bool:
        """Whether the room takes messages now."""
        now = now or current_time()
        return not self.cancelled_at and self.opens_at <= now < self.ends_at

    def is_over(self, now=None) -> bool:
        now = now or current_time()
        return bool(self.cancelled_at) or now >= self.ends_at


class ParticipantState(models.TextChoices):
    JOINED = "joined", "Joined"
    WAITING = "waiting", "On the waiting list"
    LEFT = "left", "Left"
    REMOVED = "removed", "Removed by the facilitator"


class Participant(models.Model):
    """One member's place in one session. A removed participant cannot rejoin that session."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_places"
    )
    state = models.CharField(max_length=8, choices=ParticipantState.choices)
    # Waiting-list order: the earliest waiting participant gets the next free place.
    since = models.DateTimeField(default=current_time)
    # When the participant left: they may still read back what was said while they were in.
    left_at = models.DateTimeField(null=True, blank=True)
    # Muted for the rest of the session by the facilitator: can read, cannot speak.
    muted = models.BooleanField(default=False)
    last_message_at = models.DateTimeField(null=True, blank=True)
    # The one-tap "this helped", private to the facilitator (who sees only the count).
    helped = models.BooleanField(default=False)
    # Something that happened to this place while the member was away ("you have a place now",
    # "this meeting was cancelled"), shown on their pages until they open the session.
    notice = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="one_place_per_session")
        ]
        indexes = [models.Index(fields=["session", "state", "since"])]

    def __str__(self):
        return f"Member {self.member_id} in session {self.session_id} ({self.state})"


class MessageState(models.TextChoices):
    SHOWN = "shown", "Shown in the room"
    HELD = "held", "Held for a moderator"
    REMOVED = "removed", "Removed"


class RoomMessage(models.Model):
    """A message in a session's room. Kept for GROUP_MESSAGE_RETENTION after the session ends so
    someone who stepped out can read back, then deleted for good (`purge_group_messages`)."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_messages"
    )
    body = models.TextField(max_length=4000)
    html = models.TextField()
    anonymous = models.BooleanField(default=False)
    state = models.CharField(max_length=8, choices=MessageState.choices, default=MessageState.SHOWN)
    # The crisis scanner's rating (safety.severity.Severity) and categories.
    severity = models.CharField(max_length=10, default="none")
    categories = models.JSONField(default=list, blank=True)
    seq = models.PositiveIntegerField()
    created = models.DateTimeField(default=current_time)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["session", "seq"])]

    def __str__(self):
        return f"Message {self.pk} in session {self.session_id}"


class Debrief(models.Model):
    """The facilitator's short notes after a session; private to them and moderators."""

    session = models.OneToOneField(GroupSession, on_delete=models.CASCADE, related_name="debrief")
    went_well = models.TextField(blank=True, max_length=2000)
    was_hard = models.TextField(blank=True, max_length=2000)
    # Someone the facilitator is worried about: moderators see the debrief in their queue.
    needs_follow_up = models.BooleanField(default=False)
    follow_up_note = models.TextField(blank=True, max_length=2000)
    created = models.DateTimeField(default=current_time)

    def __str__(self):
        return f"Debrief of session {self.session_id}"


class RoomEvent(models.Model):
    """One numbered event of a room, kept for catch-up (`/groups/<id>/events/?after=<seq>`).

    Most events are for everyone who may read the room; a `recipient` makes one private (the
    facilitator's alert about a held message). Which reader gets what is decided by
    groups.room_selectors.event_for_reader, for the socket and catch-up alike."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    type = models.CharField(max_length=32)
    message = models.ForeignKey(
        RoomMessage, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=current_time)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="one_room_event_per_seq")
        ]

    def __str__(self):
        return f"{self.type} #{self.seq} in session {self.session_id}"


class ReviewReason(models.TextChoices):
    CRISIS = "crisis", "Held by the crisis scanner"
    REPORT = "report", "Reported by a participant"
    LOWERED = "lowered", "A keyword matched; the crisis model rated it low (check)"


class RoomReview(models.Model):
    """A room message waiting for a moderator: held by the crisis scanner, or reported.

    Its clock fields mirror moderation.QueueItem's so moderation.escalation's start_clock and
    response_clock work on it unchanged (the crisis lane's countdown)."""

    message = models.OneToOneField(RoomMessage, on_delete=models.CASCADE, related_name="review")
    reason = models.CharField(max_length=8, choices=ReviewReason.choices)
    severity = models.CharField(max_length=10, default="none")
    opened_at = models.DateTimeField(default=current_time)
    due_at = models.DateTimeField(null=True, blank=True)
    first_action_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=16, blank=True)

    class Meta:
        indexes = [models.Index(fields=["resolved_at", "due_at"])]

    def __str__(self):
        return f"Review of room message {self.message_id}"

    @property
    def status(self) -> str:
        """The queue item's status vocabulary, for moderation.escalation.response_clock."""
        return "resolved" if self.resolved_at else "open"

    @property
    def response_clock(self):
        """The crisis lane's countdown, as the queue's rows show it (moderation/_clock.html)."""
        from moderation.escalation import response_clock

        return response_clock(self)


class RoomReport(models.Model):
    """A participant's report of a room message; it opens (or joins) the message's review."""

    review = models.ForeignKey(RoomReview, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    created = models.DateTimeField(default=current_time)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "reporter"], name="one_report_per_reporter")
        ]

    def __str__(self):
        return f"Report of room message review {self.review_id}"
