"""What every moderator action on a queue item does around its own change, written once.

`moderator_action` turns an action's change into the service moderation.actions exposes: in one
transaction it locks the post and its item, checks that the item is still the version the
moderator saw and that nobody else holds it, runs the change, settles the item (resolved, held
a while longer by the moderator, or as the change left it), writes the audit line and, when the
moderator gave a reason, tells the author. A refused action changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Member
from core.errors import PostingRefused
from forum.models import Post
from moderation import audit, escalation, notes, staffing
from moderation.models import Flag, ItemStatus, NoteKind, QueueItem, Report
from moderation.selectors import may_moderate_board
from moderation.services import save_changed
from safety.severity import Severity

DEFAULT_CLAIM_MINUTES = 15

# What becomes of the item once the change is made.
RESOLVE = "resolve"  # closed: its flags and reports are answered
HOLD = "hold"  # the moderator keeps holding it a while longer (unless it is resolved)
AS_CHANGED = "as changed"  # the change set the item itself (claims, escalation)


class ModerationRefused(Exception):
    """Nothing was done; the message says why, for the moderator."""


class ItemChanged(ModerationRefused):
    """The item moved on since the moderator loaded it."""


class ItemClaimed(ModerationRefused):
    """Another moderator holds the item."""


@dataclass(frozen=True)
class Act:
    """One moderator acting on one item: what an action's change needs to know."""

    moderator: Member
    item: QueueItem
    reason: str

    @property
    def post(self) -> Post:
        return self.item.post


def claim_duration() -> timedelta:
    return timedelta(minutes=getattr(settings, "MODERATION_CLAIM_MINUTES", DEFAULT_CLAIM_MINUTES))


def refuse_unless(condition: bool, message: str) -> None:
    if not condition:
        raise ModerationRefused(message)


def forum_change(change: Callable, **kwargs):
    """Make a change through the forum's services; their refusal becomes the moderator's."""
    try:
        return change(**kwargs)
    except PostingRefused as refusal:
        raise ModerationRefused(str(refusal)) from None


def moderator_action(
    *,
    audit_verb: str,
    did: str,
    then: str,
    tells_author: str = "",
    change_writes_audit: bool = False,
):
    """Make a moderator action from its change, `change(act, **data)`, which may return details
    for the audit line. The action is called as `action(moderator=, post=, version=, reason=,
    **data)` and returns the item; `action.audit_verb` names the line it leaves.

    `did` ends the item's change line ("<pseudonym> hid it."); `then` is RESOLVE, HOLD or
    AS_CHANGED; `tells_author` is the sentence the author reads above the moderator's reason.
    With `change_writes_audit`, the change's own service writes the audit line."""

    def decorate(change: Callable[..., dict | None]) -> Callable[..., QueueItem]:
        @wraps(change)
        @transaction.atomic
        def act(*, moderator, post: Post, version: int, reason: str = "", **data) -> QueueItem:
            item = _take(moderator=moderator, post=post, version=version)
            detail = change(Act(moderator=moderator, item=item, reason=reason), **data) or {}
            _settle(item, moderator=moderator, change=f"{moderator.pseudonym} {did}", then=then)
            if not change_writes_audit:
                _log(moderator, audit_verb, item, reason=reason, **detail)
            if tells_author:
                _tell_author(item, sentence=tells_author, reason=reason)
            return item

        act.audit_verb = audit_verb
        return act

    return decorate


def _take(*, moderator, post: Post, version: int) -> QueueItem:
    """Lock the post and its item; refuse unless this moderator may act on what they saw."""
    post = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread", "author")
        .get(pk=post.pk)
    )
    if post.author_id == moderator.pk:
        raise ModerationRefused("This is your own post: another moderator will look at it.")
    if not may_moderate_board(moderator, post.thread.board_id):
        raise ModerationRefused("This board is looked after by other moderators.")
    item = QueueItem.objects.select_for_update().filter(post=post).first()
    if (item.version if item else 0) != version:
        raise ItemChanged(
            "This item changed after you opened it"
            + (f": {item.last_change}" if item and item.last_change else ".")
            + " Nothing was done. Here is how it looks now."
        )
    if item is not None and item.claimed_by_other_than(moderator):
        until = timezone.localtime(item.claimed_until).strftime("%H:%M %Z")
        raise ItemClaimed(
            f"{item.claimed_by.pseudonym} is handling this item (their claim runs until "
            f"{until}). Nothing was done."
        )
    if item is None:
        # Acting on a post nobody flagged (from the thread page): the item is its record.
        now = timezone.now()
        item = QueueItem.objects.create(
            post=post,
            status=ItemStatus.RESOLVED,
            opened_at=now,
            resolved_at=now,
            sources=["moderator"],
            version=0,
        )
    item.post = post
    # Acting at all answers the item (its response clock stops) and keeps the moderator on duty.
    now = timezone.now()
    escalation.stop_clock(item, now=now)
    staffing.record_action(moderator.pk, now)
    return item


def _settle(item: QueueItem, *, moderator, change: str, then: str) -> None:
    now = timezone.now()
    if then == RESOLVE:
        item.status = ItemStatus.RESOLVED
        item.resolved_at = now
        item.claimed_by = item.claimed_until = None
        Flag.objects.filter(item=item, resolved__isnull=True).update(resolved=now)
        Report.objects.filter(item=item, resolved__isnull=True).update(resolved=now)
    elif then == HOLD and not item.is_resolved:
        # Acting keeps the item yours for a while longer.
        item.claimed_by = moderator
        item.claimed_until = now + claim_duration()
    save_changed(item, change=change)


def _log(moderator, action: str, item: QueueItem, *, reason: str = "", **detail) -> None:
    audit.record(
        actor=moderator,
        action=action,
        reason=reason,
        member=item.post.author,
        post=item.post,
        detail={"item": item.pk, **detail},
    )


def _tell_author(item: QueueItem, *, sentence: str, reason: str) -> None:
    """A moderator's reason reaches the author as a note; with no reason, nothing is sent."""
    post = item.post
    if not reason.strip() or post.author is None:
        return
    notes.send_note(
        recipient=post.author,
        kind=NoteKind.ACTION,
        subject=f"About your post in “{post.thread.title}”",
        body=f"{sentence}\n\nThe moderator's reason: {reason.strip()}",
        post=post,
        with_support_panel=Severity(item.severity).at_risk,
    )
