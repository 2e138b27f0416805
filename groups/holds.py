"""Room messages that wait for a moderator: held by the crisis scanner, or reported.

A held message opens a RoomReview with the crisis lane's countdown (moderation.escalation's
start_clock and response_clock, reused), and the facilitator is alerted without its text. The
moderation queue lists open reviews through the source registered in GroupsConfig.ready()
(moderation.queue_sources); a moderator releases a held message into the room or keeps it
hidden from the review page linked there.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import PostingRefused
from groups import room_events
from groups.models import (
    GroupSession,
    MessageState,
    ReviewReason,
    RoomMessage,
    RoomReport,
    RoomReview,
)
from moderation import audit
from moderation.escalation import response_clock, response_target, start_clock
from moderation.models import AuditAction
from moderation.queue_sources import CrisisCounts, ExternalItem, OverdueItem, QueueSource
from moderation.selectors import may_moderate_board

RELEASED = "released"
KEPT_HIDDEN = "kept_hidden"
KEPT_SHOWN = "kept_shown"
# Most urgent first, as the queue orders its own items.
SEVERITY_ORDER = {"imminent": 0, "high": 1, "low": 2, "none": 3}


def review_lowered(*, message: RoomMessage, assessment) -> RoomReview:
    """Open a review, without holding or alerting, of a shown message whose keyword the crisis
    model lowered to "low": a moderator checks the model was right, as for a thread's post.
    Call inside the transaction that saved it."""
    return RoomReview.objects.create(
        message=message, reason=ReviewReason.LOWERED, severity=assessment.severity
    )


def hold_message(*, message: RoomMessage, assessment) -> RoomReview:
    """Open the review of a message just saved HELD, and alert the facilitator without its
    text. Call inside the transaction that saved it (the session's row is locked)."""
    now = timezone.now()
    review = RoomReview(
        message=message,
        reason=ReviewReason.CRISIS,
        severity=assessment.severity,
        opened_at=now,
    )
    start_clock(review, severity_rose=True, now=now)
    if review.due_at is None:
        # A failed scan has no severity target of its own: it waits as high risk does.
        review.due_at = now + response_target("high")
    review.save()
    session = message.session
    room_events.record(
        session,
        room_events.MESSAGE_HELD_ALERT,
        recipient_id=session.facilitator_id,
        data={"text": room_events.HELD_ALERT_TEXT},
    )
    return review


@transaction.atomic
def report_message(*, message: RoomMessage, reporter, reason: str) -> RoomReview:
    """A participant reports a message they can see: it joins the moderation queue (not held;
    the moderator decides). A second report by the same person changes nothing."""
    reason = reason.strip()
    if not reason:
        raise PostingRefused("Say briefly what worries you about this message.")
    if message.author_id == reporter.pk:
        raise PostingRefused("You cannot report your own message.")
    review, _ = RoomReview.objects.select_for_update().get_or_create(
        message=message,
        defaults={"reason": ReviewReason.REPORT, "severity": message.severity},
    )
    if review.resolved_at is not None:
        # Reported again after a decision: it needs a fresh look.
        review.resolved_at = None
        review.decision = ""
        review.save(update_fields=["resolved_at", "decision"])
    RoomReport.objects.get_or_create(review=review, reporter=reporter, defaults={"reason": reason})
    return review


def _decide(review_id: int, moderator, decision: str) -> RoomReview:
    if not (moderator.is_authenticated and moderator.is_moderator):
        raise PermissionDenied("Only moderators decide on held messages.")
    review = (
        RoomReview.objects.select_for_update().select_related("message__session").get(pk=review_id)
    )
    if not may_moderate_board(moderator, review.message.session.board_id):
        raise PermissionDenied("This session's board is outside your moderation.")
    now = timezone.now()
    if review.first_action_at is None:
        review.first_action_at = now
    review.resolved_at = now
    review.resolved_by = moderator
    review.decision = decision
    review.save()
    action = (
        AuditAction.ROOM_MESSAGE_RELEASED
        if decision == RELEASED
        else AuditAction.ROOM_MESSAGE_HIDDEN
    )
    audit.record(
        actor=moderator,
        action=action,
        member=review.message.author_id,
        detail={
            "session": review.message.session_id,
            "message": review.message_id,
            "review": review.pk,
            "reason": review.reason,
        },
    )
    return review


@transaction.atomic
def release_message(*, review: RoomReview, moderator) -> RoomReview:
    """Show the message in the room: a held message is broadcast now, as a new event (so it
    appears where the room is when it is released); a reported one stays as it was."""
    review = _decide(review.pk, moderator, RELEASED)
    message = review.message
    if message.state != MessageState.HELD:
        review.decision = KEPT_SHOWN
        review.save(update_fields=["decision"])
        return review
    session = GroupSession.objects.select_for_update().get(pk=message.session_id)
    seq = room_events.next_seq(session)
    message.state = MessageState.SHOWN
    message.seq = seq
    message.save(update_fields=["state", "seq"])
    room_events.record(session, room_events.MESSAGE_CREATED, message=message, seq=seq)
    return review


@transaction.atomic
def keep_hidden(*, review: RoomReview, moderator) -> RoomReview:
    """Keep the message out of the room for good; a shown one disappears from it now."""
    review = _decide(review.pk, moderator, KEPT_HIDDEN)
    message = review.message
    was_shown = message.state == MessageState.SHOWN
    message.state = MessageState.REMOVED
    message.save(update_fields=["state"])
    if was_shown:
        session = GroupSession.objects.select_for_update().get(pk=message.session_id)
        room_events.record(session, room_events.MESSAGE_HIDDEN, message=message)
    return review


# --- The moderation queue's view of open reviews --------------------------------------------


def open_reviews():
    return RoomReview.objects.filter(resolved_at__isnull=True)


def _queue_items(boards: list[int] | None) -> list[ExternalItem]:
    reviews = open_reviews().select_related("message__session")
    if boards is not None:
        reviews = reviews.filter(message__session__board_id__in=boards)
    reviews = list(reviews)
    reviews.sort(key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.opened_at))
    return [
        ExternalItem(
            kind="Group session message",
            title=review.message.session.title,
            reason=review.get_reason_display(),
            severity=review.severity,
            opened_at=review.opened_at,
            review_url=reverse("groups:room_review", args=[review.pk]),
            response_clock=response_clock(review),
        )
        for review in reviews
    ]


def escalate_overdue(now: datetime) -> list[OverdueItem]:
    """Mark open reviews past their target overdue, once each (the row lock skips reviews
    another sweep holds)."""
    escalated = []
    with transaction.atomic():
        overdue = (
            open_reviews()
            .filter(due_at__lte=now, first_action_at__isnull=True, overdue_at__isnull=True)
            .select_for_update(skip_locked=True)
        )
        for review in overdue:
            review.overdue_at = now
            review.save(update_fields=["overdue_at"])
            minutes = int((review.due_at - review.opened_at).total_seconds() // 60)
            text = (
                f"A {review.severity}-risk message held in a group session has waited over "
                f"{minutes} minutes and no moderator has claimed it."
            )
            escalated.append(OverdueItem(text=text, detail={"room_review": review.pk}))
    return escalated


def crisis_counts(
    *, moderator, boards: list[int] | None, since: datetime, now: datetime
) -> CrisisCounts:
    """For the moderators' dashboard: crisis holds still open, and those this moderator decided
    since `since`; a scoped moderator counts only sessions on their boards. Two queries."""
    crisis = RoomReview.objects.filter(reason=ReviewReason.CRISIS)
    if boards is not None:
        crisis = crisis.filter(message__session__board_id__in=boards)
    return CrisisCounts(
        open=crisis.filter(resolved_at__isnull=True).count(),
        handled=crisis.filter(
            resolved_by_id=moderator.pk, resolved_at__gte=since, resolved_at__lte=now
        ).count(),
    )


QUEUE_SOURCE = QueueSource(
    name="groups.room_messages",
    open_items=_queue_items,
    escalate_overdue=escalate_overdue,
    crisis_counts=crisis_counts,
)
