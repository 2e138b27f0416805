"""Moderation's side of a post: putting posts in the queue (rating text is safety's).

Every signal about a post (a scan, a hold, a member's report) merges into the post's one
queue item (see QueueItem), which keeps the most urgent priority any signal gave it.
Moderators' actions live in moderation.actions, reports in moderation.reports, sanctions in
moderation.sanctions.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from moderation import escalation, live
from moderation.models import Flag, FlagReason, ItemStatus, Priority, QueueItem
from moderation.selectors import LOWERED_CATEGORY
from safety.services import LOWERED_LAYER, Assessment, higher_severity
from safety.severity import Severity

# The queue's last place, after every crisis, report and hold (Priority.OTHER): where a scan
# that rated a post only "low" puts it. It is not a Priority member because that would need a
# migration to moderation.models; priority_label in moderation_tags names it meanwhile.
LOW_RISK = Priority.OTHER + 1
LOW_RISK_LABEL = "Low risk"


def priority_of(*, severity: str, failed: bool = False, fallback: int = Priority.OTHER) -> int:
    """Where a signal puts a post in the queue: imminent, then failed scans, then high, then
    whatever the signal's own kind says (`fallback`)."""
    if severity == Severity.IMMINENT:
        return Priority.IMMINENT
    if failed:
        return Priority.SCAN_FAILED
    if severity == Severity.HIGH:
        return Priority.HIGH
    return fallback


@dataclass(frozen=True)
class Signal:
    """One reason a post needs a moderator, ready to merge into its queue item."""

    source: str  # a FlagReason value, "report" or "moderator"
    priority: int
    severity: str = Severity.NONE
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    matches: tuple[dict, ...] | None = None  # None: keep the item's current highlights
    lexicon_version: str = ""
    report_reason: str = ""  # for reports: counted per reason on the item
    change: str = ""


def item_for_update(post) -> QueueItem:
    """The post's queue item, locked, created open if it has none. Call inside a transaction,
    and merge a signal into it: a new item starts last in the queue, and signals only raise it."""
    item, _ = QueueItem.objects.select_for_update().get_or_create(
        post=post, defaults={"opened_at": timezone.now(), "priority": LOW_RISK}
    )
    return item


def _reopen(item: QueueItem) -> None:
    """Something new arrived about a resolved post: it waits again, from now."""
    item.status = ItemStatus.OPEN
    item.opened_at = timezone.now()
    item.resolved_at = None
    item.priority = LOW_RISK  # the signal being merged sets it (merge_signal keeps the minimum)
    item.severity = Severity.NONE
    item.categories = []
    item.sources = []
    item.report_count = 0
    item.report_reasons = {}
    item.tags = " "
    item.claimed_by = None
    item.claimed_until = None
    item.due_at = item.first_action_at = item.overdue_at = None


def merge_signal(item: QueueItem, signal: Signal) -> QueueItem:
    """Fold a signal into a (locked) item: the most urgent priority and severity win,
    categories accumulate, and the version moves so stale action forms are refused."""
    if item.status == ItemStatus.RESOLVED:
        _reopen(item)
    item.priority = min(item.priority, signal.priority)
    severity = higher_severity(item.severity, signal.severity)
    severity_rose = severity != item.severity
    item.severity = severity
    escalation.start_clock(item, severity_rose=severity_rose, now=timezone.now())
    item.categories = sorted({*item.categories, *signal.categories})
    if signal.source not in item.sources:
        item.sources = [*item.sources, signal.source]
    tags = set(item.tags.split()) | set(signal.categories) | set(signal.tags)
    item.tags = f" {' '.join(sorted(tags))} "
    if signal.report_reason:
        item.report_count += 1
        reasons = item.report_reasons
        item.report_reasons = {
            **reasons,
            signal.report_reason: reasons.get(signal.report_reason, 0) + 1,
        }
    if signal.matches is not None:
        item.matches = list(signal.matches)
        item.matched_at = timezone.now()
        item.lexicon_version = signal.lexicon_version
    save_changed(item, change=signal.change)
    return item


def save_changed(item: QueueItem, *, change: str) -> None:
    """Save an item with a new version, and tell moderators' queues after commit."""
    item.version += 1
    item.last_change = change[:200]
    item.save()
    item_id = item.pk
    transaction.on_commit(lambda: live.broadcast_item(item_id))


def flag_post(*, post, assessment: Assessment | None = None, reason: str = FlagReason.SCAN) -> Flag:
    """Put a post in the moderation queue. Call inside the posting transaction."""
    if assessment is not None and assessment.failed:
        reason = FlagReason.SCAN_FAILED
    item = item_for_update(post)
    flag = Flag.objects.create(
        post=post,
        item=item,
        reason=reason,
        severity=assessment.severity if assessment else Severity.NONE,
        categories=list(assessment.categories) if assessment else [],
        matches=list(assessment.matches) if assessment else [],
        lexicon_version=assessment.lexicon_version if assessment else "",
        layer=assessment.layer if assessment and not assessment.failed else "",
        model_score=assessment.model_score if assessment else None,
        model_version=assessment.model_version if assessment else "",
        scan_reason=assessment.reason if assessment else "",
    )
    severity = flag.severity
    # A scan's "low" (in practice a rating the model lowered) is here so that a moderator can
    # check the model was right; it waits behind every crisis, report and hold.
    last = LOW_RISK if reason == FlagReason.SCAN and severity == Severity.LOW else Priority.OTHER
    tags = (f"hold:{reason}",) if reason != FlagReason.SCAN else ()
    if flag.layer == LOWERED_LAYER:
        tags = (*tags, LOWERED_CATEGORY)
    merge_signal(
        item,
        Signal(
            source=reason,
            priority=priority_of(
                severity=severity, failed=reason == FlagReason.SCAN_FAILED, fallback=last
            ),
            severity=severity,
            categories=tuple(flag.categories),
            tags=tags,
            matches=tuple(flag.matches) if assessment and not assessment.failed else None,
            lexicon_version=flag.lexicon_version,
            change=_describe_flag(reason, severity, flag.layer, flag.model_score),
        ),
    )
    if flag.layer:
        QueueItem.objects.filter(pk=item.pk).update(
            scan_layer=flag.layer,
            model_score=flag.model_score,
            model_version=flag.model_version,
            scan_reason=flag.scan_reason,
        )
    return flag


def _describe_flag(reason: str, severity: str, layer: str = "", score=None) -> str:
    if reason == FlagReason.SCAN_FAILED:
        return "The crisis scanner could not read the post, so it was held."
    if reason == FlagReason.LINKS:
        return "A new member's post with several links was held."
    if layer == "model":
        return f"The crisis model (not a keyword) rated the post {severity}, score {score:.2f}."
    if layer == "both":
        return f"Keywords and the crisis model both rated the post {severity}."
    if layer == LOWERED_LAYER:
        return "A keyword matched, but the crisis model read nobody at risk now: rated low."
    return f"A keyword match rated the post {severity}."
