"""What a facilitator does in their room: pin the ground rules, slow the room, mute or remove a
participant for the session, end it. Moderators may also end a session and remove someone.

Each action locks the session's row, changes it, records a numbered room event (sent after
commit), and for removal and ending closes the sockets concerned after commit.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.errors import PostingRefused
from groups import room_events, services
from groups.models import GroupSession, Participant, ParticipantState
from moderation import audit
from moderation.models import AuditAction

MAX_SLOW_MODE_SECONDS = 600


def _audit(session: GroupSession, *, actor, action: str, member=None, **detail) -> None:
    """One line in the moderation audit log, in the action's transaction."""
    audit.record(
        actor=actor, action=action, member=member, detail={"session": session.pk, **detail}
    )


def is_facilitator(session: GroupSession, member) -> bool:
    return member.is_authenticated and session.facilitator_id == member.pk


def may_facilitate(session: GroupSession, member, *, moderators_too: bool = False) -> bool:
    if is_facilitator(session, member):
        return True
    return moderators_too and member.is_authenticated and member.is_moderator


def _locked(session: GroupSession, actor, *, moderators_too: bool = False) -> GroupSession:
    if not may_facilitate(session, actor, moderators_too=moderators_too):
        raise PermissionDenied("Only the session's facilitator can do that.")
    session = GroupSession.objects.select_for_update().get(pk=session.pk)
    if session.is_over():
        raise PostingRefused("This session has ended.")
    return session


@transaction.atomic
def pin_rules(*, session: GroupSession, actor, pinned: bool) -> GroupSession:
    """Show the ground rules at the top of the room, or take them down."""
    session = _locked(session, actor)
    session.rules_pinned = pinned
    session.save(update_fields=["rules_pinned"])
    room_events.record(session, room_events.RULES_PINNED, data={"pinned": pinned})
    action = AuditAction.ROOM_RULES_PINNED if pinned else AuditAction.ROOM_RULES_UNPINNED
    _audit(session, actor=actor, action=action)
    return session


@transaction.atomic
def set_slow_mode(*, session: GroupSession, actor, seconds: int) -> GroupSession:
    """One message per `seconds` per participant; 0 turns slow mode off."""
    if not 0 <= seconds <= MAX_SLOW_MODE_SECONDS:
        raise PostingRefused(f"Slow mode takes 0 to {MAX_SLOW_MODE_SECONDS} seconds.")
    session = _locked(session, actor)
    session.slow_mode_seconds = seconds
    session.save(update_fields=["slow_mode_seconds"])
    room_events.record(session, room_events.SLOW_MODE, data={"seconds": seconds})
    _audit(session, actor=actor, action=AuditAction.ROOM_SLOW_MODE, seconds=seconds)
    return session


def _place(session: GroupSession, participant_id: int) -> Participant:
    participant = (
        Participant.objects.select_for_update()
        .filter(pk=participant_id, session=session, state=ParticipantState.JOINED)
        .first()
    )
    if participant is None:
        raise PostingRefused("That person is not in the session now.")
    return participant


@transaction.atomic
def mute_participant(
    *, session: GroupSession, actor, participant_id: int, muted: bool = True
) -> Participant:
    """The participant keeps reading and cannot post for the rest of the session."""
    session = _locked(session, actor)
    participant = _place(session, participant_id)
    participant.muted = muted
    participant.save(update_fields=["muted"])
    # Names nobody: the room only needs to know; the person's own page says they are muted.
    room_events.record(
        session,
        room_events.PARTICIPANT_MUTED,
        recipient_id=participant.member_id,
        data={"muted": muted},
    )
    action = AuditAction.ROOM_MUTED if muted else AuditAction.ROOM_UNMUTED
    _audit(session, actor=actor, action=action, member=participant.member_id)
    return participant


@transaction.atomic
def remove_participant(*, session: GroupSession, actor, participant_id: int) -> Participant:
    """Take someone out of the session: they can no longer read or post, and their sockets for
    this room close at once."""
    session = _locked(session, actor, moderators_too=True)
    participant = _place(session, participant_id)
    participant.state = ParticipantState.REMOVED
    participant.save(update_fields=["state"])
    room_events.record(session, room_events.PARTICIPANT_REMOVED, data={})
    _audit(session, actor=actor, action=AuditAction.ROOM_REMOVED, member=participant.member_id)
    # The place is free: the earliest waiting member takes it, under the same lock.
    services.promote_next(session=session)
    member_id = participant.member_id
    transaction.on_commit(lambda: room_events.close_member_room_sockets(session.pk, member_id))
    return participant


@transaction.atomic
def end_session(*, session: GroupSession, actor) -> GroupSession:
    """Close the room now: no more messages, and every socket of the room closes."""
    session = _locked(session, actor, moderators_too=True)
    session.ended_at = timezone.now()
    session.save(update_fields=["ended_at"])
    room_events.record(session, room_events.ROOM_ENDED, data={})
    _audit(session, actor=actor, action=AuditAction.ROOM_ENDED)
    session_id = session.pk
    transaction.on_commit(lambda: room_events.close_room_sockets(session_id))
    return session
