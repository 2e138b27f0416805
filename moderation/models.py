"""What moderators need to see and what they did: queue items merging flags, holds and
reports; sanctions; notes to members; the audit log; the crisis lexicon."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from safety.severity import Severity


class FlagReason(models.TextChoices):
    SCAN = "scan", "Crisis scanner"
    SCAN_FAILED = "scan_failed", "Scan failed"
    LINKS = "links", "New member's links"


class Priority(models.IntegerChoices):
    """The queue's order: lower comes first (see moderation.services.priority_of)."""

    IMMINENT = 0, "Imminent risk"
    SCAN_FAILED = 1, "Scan failed"
    HIGH = 2, "High risk"
    AT_RISK_REPORT = 3, "Reported: someone may be at risk"
    OTHER = 4, "Reports and holds"


class ItemStatus(models.TextChoices):
    OPEN = "open", "Waiting"
    ESCALATED = "escalated", "Escalated to administrators"
    RESOLVED = "resolved", "Resolved"


class JudgedLevel(models.TextChoices):
    """How urgent a scanned post really was, in a moderator's judgement: the four levels of
    safety/ml/LABELLING.md, in plain words."""

    NONE = Severity.NONE.value, "Not a risk"
    LOW = Severity.LOW.value, "Touches on crisis, nobody at risk now"
    HIGH = Severity.HIGH.value, "At risk"
    IMMINENT = Severity.IMMINENT.value, "Life in danger now"


class JudgedCategory(models.TextChoices):
    """The main risk a judged post is about: the crisis model's six categories."""

    SUICIDE = "suicide", "Suicide"
    SELF_HARM = "self_harm", "Self-harm"
    EATING_DISORDER = "eating_disorder", "Eating disorder"
    OTHER_AT_RISK = "other_at_risk", "Someone else at risk"
    VIOLENCE = "violence", "Violence towards others"
    ABUSE = "abuse", "Abuse or harassment"


class QueueItem(models.Model):
    """Everything moderators need to know about one post, merged: scanner flags, holds and
    member reports. One row per post, reopened when something new arrives after it was
    resolved, so a post never shows twice and its history stays in one place.

    `version` goes up with every change; action forms carry it, so an action based on a stale
    page is refused instead of overwriting what another moderator did.
    """

    post = models.OneToOneField("forum.Post", on_delete=models.CASCADE, related_name="queue_item")
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.OTHER)
    # A Severity; defaults are `.value`, so migrations record the stored string, not the enum.
    severity = models.CharField(max_length=10, default=Severity.NONE.value)
    categories = models.JSONField(default=list, blank=True)
    # The latest scan's hits, indexing the text it scanned (see selectors.scanned_text).
    matches = models.JSONField(default=list, blank=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    lexicon_version = models.CharField(max_length=40, blank=True)
    # The latest scan's layer and model score, so moderators can tell a keyword from a judgement,
    # and which model rated it and why (copied from the flag, for the queue row).
    scan_layer = models.CharField(max_length=10, blank=True)
    model_score = models.FloatField(null=True, blank=True)
    model_version = models.CharField(max_length=100, blank=True)
    scan_reason = models.TextField(blank=True)
    # Why it is here since it (re)opened: flag reasons, "report", "moderator".
    sources = models.JSONField(default=list, blank=True)
    report_count = models.PositiveIntegerField(default=0)
    report_reasons = models.JSONField(default=dict, blank=True)
    # " suicide report:spam hold:links ": JSON containment is not portable to SQLite, and the
    # category filter must be one indexed-column query.
    tags = models.CharField(max_length=400, blank=True, default=" ")
    opened_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_until = models.DateTimeField(null=True, blank=True)
    # The crisis lane (moderation.escalation): when an imminent or high item should have been
    # claimed, when a moderator first acted on it, and when it was escalated for being late.
    due_at = models.DateTimeField(null=True, blank=True)
    first_action_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # What changed last, in words, for the moderator whose action arrives too late.
    last_change = models.CharField(max_length=200, blank=True)
    # How urgent the scanned post really was, in a moderator's judgement (moderation.judgements):
    # the crisis model's training label, apart from what was done with the post. The latest
    # judgement counts; "" while nobody has judged.
    judged_level = models.CharField(max_length=10, choices=JudgedLevel.choices, blank=True)
    judged_category = models.CharField(max_length=20, choices=JudgedCategory.choices, blank=True)
    judged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "priority", "opened_at", "id"]),
            # The escalation sweep's question: which open items passed their target unclaimed.
            models.Index(fields=["due_at"], name="item_due_unanswered",
                         condition=models.Q(first_action_at__isnull=True, overdue_at__isnull=True)),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.get_priority_display()}: post {self.post_id} ({self.status})"

    @property
    def is_resolved(self) -> bool:
        return self.status == ItemStatus.RESOLVED

    @property
    def claim_active(self) -> bool:
        return (
            self.claimed_by_id is not None
            and self.claimed_until is not None
            and self.claimed_until > timezone.now()
        )

    def claimed_by_other_than(self, moderator) -> bool:
        return self.claim_active and self.claimed_by_id != moderator.pk

    @property
    def response_clock(self):
        """Where the item stands against its response target now (None: it has none)."""
        from moderation.escalation import response_clock

        return response_clock(self)


class Flag(models.Model):
    """One signal from the posting services (a scan or a hold) about one post; merged into the
    post's queue item."""

    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="flags")
    item = models.ForeignKey(
        QueueItem, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    severity = models.CharField(max_length=10, default=Severity.NONE.value)
    categories = models.JSONField(default=list, blank=True)
    # [{"term", "category", "severity", "start", "end"}, ...] against the scanned text.
    matches = models.JSONField(default=list, blank=True)
    lexicon_version = models.CharField(max_length=40, blank=True)
    # Which scanning layer raised it: "lexicon" (a keyword match), "model" or "both".
    layer = models.CharField(max_length=10, blank=True)
    model_score = models.FloatField(null=True, blank=True)
    # The model layer's version that rated the post ("" when the model did not), and the
    # scanner's own account of why it rated the post as it did (Assessment.reason).
    model_version = models.CharField(max_length=100, blank=True)
    scan_reason = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    resolved = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["resolved", "created"])]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.severity}) on post {self.post_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved is None


class ReportReason(models.TextChoices):
    AT_RISK = "at_risk", "Someone may be at risk"
    HARASSMENT = "harassment", "Harassment or hostility"
    SPAM = "spam", "Spam"
    GRAPHIC = "graphic", "Graphic or triggering content without a warning"
    MISINFORMATION = "misinformation", "Misinformation"
    OTHER = "other", "Something else (please say what)"


class Report(models.Model):
    """A member's report about a post. Reporters are never named to the author or to other
    moderators' notes; the report only raises the post's queue item."""

    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="reports")
    item = models.ForeignKey(QueueItem, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_reports",
    )
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    note = models.TextField(max_length=1000, blank=True)
    # The note is scanned like a post: a note about someone at risk raises the item.
    note_severity = models.CharField(max_length=10, default=Severity.NONE.value)
    note_categories = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(default=timezone.now)
    resolved = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_member")
        ]

    def __str__(self):
        return f"{self.get_reason_display()} on post {self.post_id}"


class SanctionKind(models.TextChoices):
    WARNING = "warning", "Warning"
    MUTE = "mute", "Mute (cannot post or react)"
    SUSPENSION = "suspension", "Suspension (cannot log in)"


class SanctionQuerySet(models.QuerySet):
    def in_force(self, at=None):
        """Mutes and suspensions that restrict the member now (warnings restrict nothing)."""
        at = at or timezone.now()
        return self.filter(
            kind__in=[SanctionKind.MUTE, SanctionKind.SUSPENSION],
            lifted__isnull=True,
            starts__lte=at,
            ends__gt=at,
        )


class Sanction(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(max_length=12, choices=SanctionKind.choices)
    reason = models.TextField(max_length=1000)
    starts = models.DateTimeField(default=timezone.now)
    ends = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey("forum.Post", null=True, on_delete=models.SET_NULL, related_name="+")
    lifted = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SanctionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts"]
        indexes = [models.Index(fields=["member", "kind", "ends"])]

    def __str__(self):
        return f"{self.get_kind_display()} of member {self.member_id}"


class NoteKind(models.TextChoices):
    SUPPORT = "support", "A note of support"
    ACTION = "action", "About your post"
    SANCTION = "sanction", "About your account"


class Note(models.Model):
    """A message from the peer moderators to one member, read in their inbox. It never names
    the moderator, who is a volunteer, nor anyone who reported the post."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_notes"
    )
    kind = models.CharField(max_length=10, choices=NoteKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    with_support_panel = models.BooleanField(default=False)
    post = models.ForeignKey("forum.Post", null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    read = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "-created"])]

    def __str__(self):
        return f"Note to member {self.recipient_id}: {self.subject}"


class ModeratorDuty(models.Model):
    """When a moderator last had the queue open and last acted, and whether they are taking a
    break: what makes them "on duty" (moderation.staffing). One row per moderator, made the
    first time they open the queue."""

    moderator = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="duty"
    )
    queue_seen = models.DateTimeField(null=True, blank=True)
    acted = models.DateTimeField(null=True, blank=True)
    # Set while on a break: no live alerts, not on duty, claims handed back.
    break_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "moderator duty"

    def __str__(self):
        return f"Duty of moderator {self.moderator_id}"


class ModeratorBoard(models.Model):
    """Scopes a peer moderator to some boards. A moderator with no rows moderates every
    board; administrators always do."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderated_boards"
    )
    board = models.ForeignKey("forum.Board", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["moderator", "board"], name="one_scope_per_board")
        ]

    def __str__(self):
        return f"Moderator {self.moderator_id} on board {self.board_id}"


class AuditAction(models.TextChoices):
    ITEM_CLAIMED = "item.claimed", "Claimed an item"
    ITEM_RELEASED = "item.released", "Released an item"
    ITEM_ESCALATED = "item.escalated", "Escalated to administrators"
    ITEM_OVERDUE = "item.overdue", "Escalated: nobody claimed it in time"
    ITEM_JUDGED = "item.judged", "Judged a scan's rating"
    POST_APPROVED = "post.approved", "Approved a held post"
    POST_REVIEWED = "post.reviewed", "Kept a post published"
    POST_HIDDEN = "post.hidden", "Hid a post"
    POST_RESTORED = "post.restored", "Restored a post"
    POST_EDITED = "post.edited", "Edited a post"
    POST_WARNING = "post.warning", "Added a content warning"
    THREAD_LOCKED = "thread.locked", "Locked a thread"
    THREAD_HIDDEN = "thread.hidden", "Hid a thread"
    NOTE_SENT = "note.sent", "Sent a note"
    SANCTION_ISSUED = "sanction.issued", "Issued a sanction"
    SANCTION_LIFTED = "sanction.lifted", "Lifted a sanction"
    ROLE_GRANTED = "role.granted", "Granted a role"
    ROLE_REVOKED = "role.revoked", "Revoked a role"
    LEXICON_ADDED = "lexicon.added", "Added a lexicon entry"
    LEXICON_CHANGED = "lexicon.changed", "Changed a lexicon entry"
    LEXICON_REMOVED = "lexicon.removed", "Removed a lexicon entry"
    ACCOUNT_DELETED = "account.deleted", "An account was deleted"
    # The peer supporter role (supporters.services): every step from application to revocation.
    SUPPORTER_APPLIED = "supporter.applied", "Applied to be a peer supporter"
    SUPPORTER_TRAINED = "supporter.trained", "Completed the peer supporter training"
    SUPPORTER_APPROVED = "supporter.approved", "Approved a peer supporter application"
    SUPPORTER_DECLINED = "supporter.declined", "Declined a peer supporter application"
    SUPPORTER_GRANTED = "supporter.granted", "Granted the peer supporter role"
    SUPPORTER_REVOKED = "supporter.revoked", "Revoked the peer supporter role"
    SUPPORTER_PAUSED = "supporter.paused", "Paused a peer supporter"
    SUPPORTER_RESUMED = "supporter.resumed", "Resumed a peer supporter"
    # Group sessions' rooms (groups.facilitation, groups.holds): the facilitator's actions and
    # moderators' decisions on held or reported room messages.
    ROOM_RULES_PINNED = "room.rules_pinned", "Pinned a room's ground rules"
    ROOM_RULES_UNPINNED = "room.rules_unpinned", "Unpinned a room's ground rules"
    ROOM_SLOW_MODE = "room.slow_mode", "Set a room's slow mode"
    ROOM_MUTED = "room.muted", "Muted a participant for a session"
    ROOM_UNMUTED = "room.unmuted", "Unmuted a participant"
    ROOM_REMOVED = "room.removed", "Removed a participant from a session"
    ROOM_ENDED = "room.ended", "Ended a group session"
    ROOM_MESSAGE_RELEASED = "room.message_released", "Released a room message"
    ROOM_MESSAGE_HIDDEN = "room.message_hidden", "Kept a room message hidden"
    # Befriending (befriending.oversight, befriending.matching): a moderator may read a
    # conversation only under a recorded cause, and every look is logged.
    BEFRIENDING_VIEWED = "befriending.viewed", "Read a befriending conversation"
    BEFRIENDING_RESOLVED = "befriending.resolved", "Closed a befriending review"
    BEFRIENDING_MESSAGE_RELEASED = "befriending.released", "Released a befriending message"
    BEFRIENDING_MESSAGE_REMOVED = "befriending.removed", "Removed a befriending message"
    BEFRIENDING_ENDED = "befriending.ended", "Ended a befriending"
    BEFRIENDING_REASSIGNED = "befriending.reassigned", "Reassigned a befriending"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit log is append-only.")

    def delete(self):
        raise PermissionDenied("The audit log is append-only.")


class AuditEntry(models.Model):
    """One line of the append-only audit log: who did what, when and why.

    People are kept as plain ids, not foreign keys: the log must outlive accounts without
    ever being rewritten, and once an account is deleted its id names nobody. Pages resolve
    ids to current pseudonyms when they show the log.
    """

    created = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=30, choices=AuditAction.choices, db_index=True)
    subject_member_id = models.BigIntegerField(null=True, blank=True)
    post_id = models.BigIntegerField(null=True, blank=True)
    thread_id = models.BigIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        default_permissions = ("view",)
        verbose_name_plural = "audit entries"
        # A post's history, and the dashboard's "first action after a flag".
        indexes = [models.Index(fields=["post_id", "created"], name="audit_post_created")]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log is append-only.")
