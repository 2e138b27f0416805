"""Writing in a session's room. Every message goes through `post_room_message`.

Like forum.services.create_post it renders and sanitises with the forum's renderer and rates
the text with the crisis scanner before taking any row lock; then, in one transaction under the
session's row lock, it checks the room is open and the author may speak, saves, numbers the
event and registers its broadcast for after commit. A message rated high or imminent, or one
the scanner failed on, is saved HELD (fail closed): the room never receives it, its author sees
it marked held with the support panel, the facilitator is alerted without its text, and it
enters the moderation queue with the crisis lane's countdown (groups.holds).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from core.errors import PostingRefused
from core.guards import ensure_member_can_write
from core.text import clean_text
from forum.rendering import displayed_text, render_markdown
from groups import holds, room_events, scheduling
from groups.models import GroupSession, MessageState, Participant, ParticipantState, RoomMessage
from safety.services import Assessment, asks_for_review, assess_text, is_crisis

MAX_MESSAGE_LENGTH = 4000


class RoomRefused(PostingRefused):
    """The room did not take the message; `str()` is safe to show the author. `retry_after`
    (seconds) is set when waiting will help (slow mode)."""

    def __init__(self, message: str, *, retry_after: int = 0):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class MessageOutcome:
    message: RoomMessage
    assessment: Assessment

    @property
    def held(self) -> bool:
        return self.message.state == MessageState.HELD


def _rate(body: str) -> tuple[str, str, Assessment]:
    """Clean, render and rate, as the forum does for a reply: the text as written and as
    readers will see it."""
    body = clean_text(body).strip()
    html = render_markdown(body)
    assessment = assess_text(body, displayed=displayed_text(html))
    return body, html, assessment


def refusal_before_lock(*, session: GroupSession, now: datetime) -> str:
    """Why the room takes no message now, or "" (also shown beside the form)."""
    if session.cancelled_at:
        return "This session was cancelled."
    if now < session.opens_at:
        # The session's own zone, named, since this sentence is the same for every reader.
        zone = scheduling.zone_named(session.timezone)
        opens = timezone.localtime(session.opens_at, zone).strftime("%H:%M")
        return f"The room is not open yet. It opens at {opens} ({session.timezone})."
    if now >= session.ends_at:
        return "This session has ended, so the room takes no new messages."
    return ""


def _speaker(session: GroupSession, author) -> Participant | None:
    """The author's place in the session, locked; None for a facilitator with no place.
    Refuses anyone else."""
    participant = Participant.objects.select_for_update().filter(session=session, member=author)
    participant = participant.first()
    if session.facilitator_id == author.pk:
        return participant
    if participant is None or participant.state != ParticipantState.JOINED:
        raise RoomRefused("Only people who joined this session can write in its room.")
    if participant.muted:
        raise RoomRefused("The facilitator has muted you for this session: you can still read.")
    return participant


def _slow_mode_wait(session: GroupSession, participant: Participant | None, now) -> int:
    if not session.slow_mode_seconds or participant is None or not participant.last_message_at:
        return 0
    waited = (now - participant.last_message_at).total_seconds()
    return max(0, int(session.slow_mode_seconds - waited + 0.999))


def post_room_message(
    *, session: GroupSession, author, body: str, anonymous: bool = False
) -> MessageOutcome:
    """Say something in the room. Raises RoomRefused (or a guard's PostingRefused) saying why
    when it cannot be said now; the caller keeps the author's text."""
    ensure_member_can_write(author)
    body, html, assessment = _rate(body)
    if not body:
        raise RoomRefused("Write a message first.")
    if len(body) > MAX_MESSAGE_LENGTH:
        raise RoomRefused(f"Messages can be at most {MAX_MESSAGE_LENGTH} characters.")
    with transaction.atomic():
        session = GroupSession.objects.select_for_update().get(pk=session.pk)
        now = timezone.now()
        closed = refusal_before_lock(session=session, now=now)
        if closed:
            raise RoomRefused(closed)
        participant = _speaker(session, author)
        wait = _slow_mode_wait(session, participant, now)
        if wait:
            raise RoomRefused(
                f"The room is in slow mode: you can send your next message in {wait} seconds.",
                retry_after=wait,
            )
        held = is_crisis(assessment)
        seq = room_events.next_seq(session)
        message = RoomMessage.objects.create(
            session=session,
            author=author,
            body=body,
            html=html,
            anonymous=anonymous,
            state=MessageState.HELD if held else MessageState.SHOWN,
            severity=assessment.severity,
            categories=list(assessment.categories),
            seq=seq,
            created=now,
        )
        if participant is not None:
            participant.last_message_at = now
            participant.save(update_fields=["last_message_at"])
        # A held message's event is its author's alone: the room's group never carries it.
        room_events.record(
            session,
            room_events.MESSAGE_CREATED,
            message=message,
            seq=seq,
            recipient_id=author.pk if held else None,
        )
        if held:
            holds.hold_message(message=message, assessment=assessment)
        elif asks_for_review(assessment):
            holds.review_lowered(message=message, assessment=assessment)
    return MessageOutcome(message=message, assessment=assessment)
