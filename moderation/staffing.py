"""Who is watching the queue, and what the forum does when nobody is.

A moderator is on duty while their queue is open (a moderation page or its live socket seen
within MODERATION_QUEUE_OPEN_SECONDS) or they acted within MODERATION_ON_DUTY_MINUTES, unless
they are taking a break. When the forum has moderators but none is on duty, the unstaffed
policy is in force: high-risk posts are held for review instead of published, and their
authors are told that moderators are not online and given the 24/7 lines. With no moderators
at all nothing changes: holding posts nobody will ever review would silence people.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Member
from moderation import audit, live
from moderation.models import AuditAction, ModeratorDuty, QueueItem
from moderation.roles import MODERATORS_GROUP
from moderation.services import save_changed


def queue_open_window() -> timedelta:
    return timedelta(seconds=settings.MODERATION_QUEUE_OPEN_SECONDS)


def on_duty_window() -> timedelta:
    return timedelta(minutes=settings.MODERATION_ON_DUTY_MINUTES)


def duty_until(*, queue_seen, acted, break_since) -> datetime | None:
    """Until when these timestamps keep a moderator on duty (None: never on duty). A break
    ends duty when it starts."""
    ends = [t + queue_open_window() for t in [queue_seen] if t] + [
        t + on_duty_window() for t in [acted] if t
    ]
    if not ends:
        return None
    until = max(ends)
    return min(until, break_since) if break_since else until


@dataclass(frozen=True)
class Staffing:
    moderators: int
    on_duty: int
    on_break: int
    # While the policy is in force: when the last moderator went off duty (None if no
    # moderator has ever been on duty).
    unstaffed_since: datetime | None

    @property
    def policy_in_force(self) -> bool:
        return self.moderators > 0 and self.on_duty == 0


def current_staffing(now: datetime | None = None) -> Staffing:
    """The forum's staffing now, in one query over the moderators and their duty rows."""
    now = now or timezone.now()
    rows = (
        Member.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP))
        .values_list("pk", "duty__queue_seen", "duty__acted", "duty__break_since")
        .distinct()
    )
    moderators, on_duty, on_break, last_until = 0, 0, 0, None
    for _pk, queue_seen, acted, break_since in rows:
        moderators += 1
        on_break += break_since is not None
        until = duty_until(queue_seen=queue_seen, acted=acted, break_since=break_since)
        if until is not None and until > now:
            on_duty += 1
        elif until is not None:
            last_until = max(last_until, until) if last_until else until
    return Staffing(
        moderators=moderators,
        on_duty=on_duty,
        on_break=on_break,
        unstaffed_since=last_until if on_duty == 0 else None,
    )


def unstaffed(now: datetime | None = None) -> bool:
    """True while the unstaffed policy is in force. Costs one query: the posting services
    ask only for posts rated high or above."""
    return current_staffing(now).policy_in_force


@dataclass(frozen=True)
class QueueStaffing:
    """What the queue's banner says to the moderator who just opened it."""

    now: Staffing  # after this moderator was counted
    lifted_since: datetime | None  # the policy was in force until they came (since then)
    lifted: bool  # their opening the queue lifted the policy
    on_break: bool


def open_queue(moderator, now: datetime | None = None) -> QueueStaffing:
    """The moderator opened the queue: count them on duty (unless on a break) and say what
    that changed. Three queries."""
    now = now or timezone.now()
    before = current_staffing(now)
    record_queue_seen(moderator.pk, now)
    after = current_staffing(now)
    lifted = before.policy_in_force and not after.policy_in_force
    return QueueStaffing(
        now=after,
        lifted_since=before.unstaffed_since if lifted else None,
        lifted=lifted,
        on_break=is_on_break(moderator),
    )


# --- Recording duty --------------------------------------------------------------------------


def record_queue_seen(moderator_id: int, now: datetime | None = None) -> None:
    """The moderator has the queue (or another moderation page) open."""
    _touch(moderator_id, queue_seen=now or timezone.now())


def record_action(moderator_id: int, now: datetime | None = None) -> None:
    """The moderator acted on an item (call inside the action's transaction)."""
    _touch(moderator_id, acted=now or timezone.now())


def _touch(moderator_id: int, **stamps) -> None:
    """One upsert, whether or not the moderator has a row yet."""
    ModeratorDuty.objects.bulk_create(
        [ModeratorDuty(moderator_id=moderator_id, **stamps)],
        update_conflicts=True,
        unique_fields=["moderator"],
        update_fields=list(stamps),
    )


def is_on_break(moderator) -> bool:
    return ModeratorDuty.objects.filter(moderator=moderator, break_since__isnull=False).exists()


@transaction.atomic
def start_break(*, moderator, now: datetime | None = None) -> int:
    """Step away with one click: no live alerts, off duty, and the items the moderator holds go
    back to the queue so nobody waits on them. Returns how many claims were handed back."""
    now = now or timezone.now()
    duty, _ = ModeratorDuty.objects.select_for_update().get_or_create(moderator=moderator)
    if duty.break_since is None:
        duty.break_since = now
        duty.save(update_fields=["break_since"])
    held = list(
        QueueItem.objects.select_for_update()
        .select_related("post")
        .filter(claimed_by=moderator, claimed_until__gt=now)
        .exclude(status="resolved")
    )
    for item in held:
        item.claimed_by = item.claimed_until = None
        save_changed(item, change=f"{moderator.pseudonym} took a break and let it go.")
        audit.record(
            actor=moderator, action=AuditAction.ITEM_RELEASED, reason="Took a break.",
            member=item.post.author_id, post=item.post, detail={"item": item.pk},
        )  # fmt: skip
    moderator_id = moderator.pk
    transaction.on_commit(lambda: live.moderator_paused(moderator_id, paused=True))
    return len(held)


@transaction.atomic
def end_break(*, moderator, now: datetime | None = None) -> None:
    """Back from a break, with the queue open: on duty again, and live alerts resume."""
    now = now or timezone.now()
    ModeratorDuty.objects.update_or_create(
        moderator=moderator, defaults={"break_since": None, "queue_seen": now}
    )
    moderator_id = moderator.pk
    transaction.on_commit(lambda: live.moderator_paused(moderator_id, paused=False))
