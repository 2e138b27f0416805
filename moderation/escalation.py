"""Response targets for crisis items, and what happens when nobody meets one.

An imminent or high item should be claimed within its target (MODERATION_TARGET_MINUTES),
counted from when it reached that severity. The clock stops at a moderator's first action
(a claim or any decision). An item still unanswered at its target is escalated by
`escalate_overdue`: it is marked overdue in every moderator's queue, administrators get an
in-app alert, and the audit log records it. Run it every half minute (`manage.py
escalate_overdue --every 30`; `make run` and docker-compose start it): pages derive "overdue"
from the target themselves, so a late sweep delays only the alerts.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Member
from moderation import audit
from moderation.models import AuditAction, ItemStatus, QueueItem
from notifications.models import NotificationKind
from notifications.services import notify

logger = logging.getLogger(__name__)


def response_target(severity: str) -> timedelta | None:
    """How soon an item of this severity should be claimed, or None when it has no target."""
    minutes = settings.MODERATION_TARGET_MINUTES.get(severity)
    return timedelta(minutes=minutes) if minutes else None


def start_clock(item: QueueItem, *, severity_rose: bool, now: datetime) -> None:
    """Give a (locked, unsaved) item its target when its severity calls for one. A rise in
    severity (high to imminent, or none to high) restarts the clock from now at the tighter
    target, even if a moderator had already acted: the new signal needs a new look."""
    target = response_target(item.severity)
    if target is None:
        return
    if not severity_rose and item.due_at is not None:
        return
    due = now + target
    if item.due_at is not None and item.first_action_at is None:
        due = min(due, item.due_at)  # still unanswered: the earlier deadline stands
    item.due_at = due
    item.first_action_at = None
    item.overdue_at = None


def stop_clock(item: QueueItem, *, now: datetime) -> None:
    """A moderator acted: the item has its first response (kept if it had one)."""
    if item.first_action_at is None:
        item.first_action_at = now


@dataclass(frozen=True)
class ResponseClock:
    """Where an item stands against its target, for the queue row's countdown."""

    state: str  # "running", "overdue", "met" (answered in time) or "late" (answered after)
    due_at: datetime
    seconds: int  # left while running; past the target while overdue; 0 otherwise

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60)) if self.seconds else 0

    @property
    def is_overdue(self) -> bool:
        return self.state == "overdue"


def response_clock(item: QueueItem, now: datetime | None = None) -> ResponseClock | None:
    if item.due_at is None:
        return None
    if item.first_action_at is not None:
        state = "met" if item.first_action_at <= item.due_at else "late"
        return ResponseClock(state=state, due_at=item.due_at, seconds=0)
    if item.status == ItemStatus.RESOLVED:
        return None
    left = (item.due_at - (now or timezone.now())).total_seconds()
    if left > 0:
        return ResponseClock(state="running", due_at=item.due_at, seconds=int(left))
    return ResponseClock(state="overdue", due_at=item.due_at, seconds=int(-left))


def overdue_items(now: datetime):
    """Open items past their target that nobody has answered and nobody has escalated yet."""
    return QueueItem.objects.filter(
        due_at__lte=now, first_action_at__isnull=True, overdue_at__isnull=True
    ).exclude(status=ItemStatus.RESOLVED)


def escalate_overdue(now: datetime | None = None) -> list[int]:
    """Escalate every item that missed its target; returns their ids. Safe to run from several
    processes at once: each item is taken under a row lock, skipped if another sweep holds it,
    and escalated only once."""
    now = now or timezone.now()
    escalated = []
    for item_id in overdue_items(now).order_by("due_at").values_list("pk", flat=True)[:200]:
        try:
            if _escalate(item_id, now):
                escalated.append(item_id)
        except Exception:
            # One item's failure (a deleted post, a lost connection) must not stop the rest.
            logger.exception("Could not escalate overdue queue item %s", item_id)
    _escalate_external(now)
    return escalated


def _escalate_external(now: datetime) -> None:
    """Items of registered sources (moderation.queue_sources: a group session's held message)
    escalate like posts: the audit log records each, and the same people are alerted."""
    from moderation.queue_sources import escalate_external

    for overdue in escalate_external(now):
        audit.record(
            actor=None, action=AuditAction.ITEM_OVERDUE, reason=overdue.text, detail=overdue.detail
        )
        for admin in _alert_recipients():
            notify(recipient=admin, kind=NotificationKind.ESCALATION, text=overdue.text)


@transaction.atomic
def _escalate(item_id: int, now: datetime) -> bool:
    from moderation.services import save_changed

    item = (
        overdue_items(now)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("post__thread", "post__author")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        return False  # answered, resolved or escalated meanwhile
    target = response_target(item.severity) or (item.due_at - item.opened_at)
    minutes = int(target.total_seconds() // 60)
    item.overdue_at = now
    change = f"Nobody claimed it within {minutes} minutes: escalated to the administrators."
    save_changed(item, change=change)
    audit.record(
        actor=None,
        action=AuditAction.ITEM_OVERDUE,
        member=item.post.author,
        post=item.post,
        reason=change,
        detail={"item": item.pk, "severity": item.severity, "due": item.due_at.isoformat()},
    )
    _send_escalation_alerts(item, minutes=minutes)
    return True


def _alert_recipients():
    """The administrators; on a forum that has none, every moderator who is not on a break,
    since an escalation that reaches nobody is no escalation."""
    from moderation.roles import MODERATORS_GROUP

    administrators = list(Member.objects.filter(is_superuser=True, is_active=True))
    if administrators:
        return administrators
    return list(
        Member.objects.filter(is_active=True, groups__name=MODERATORS_GROUP)
        .exclude(duty__break_since__isnull=False)
        .distinct()
    )


def _send_escalation_alerts(item: QueueItem, *, minutes: int) -> None:

    text = (
        f"A {item.severity}-risk post in “{item.post.thread.title}” has waited over "
        f"{minutes} minutes and no moderator has claimed it."
    )
    for admin in _alert_recipients():
        notify(
            recipient=admin, kind=NotificationKind.ESCALATION, text=text, thread=item.post.thread,
            post=item.post,
        )  # fmt: skip
