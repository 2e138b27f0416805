"""Who may read a session's room, and what each reader receives: decided here only, for the
session page, the catch-up view and the socket alike.

Readers are the facilitator and participants who have JOINED; a participant who LEFT may read
back what was said before they left. Nobody else: not visitors, not members who never joined,
not the waiting list, not removed participants, and not moderators who are not in the session
(they see held messages through the moderation queue).
"""

from dataclasses import dataclass
from datetime import datetime

from groups.models import (
    GroupSession,
    MessageState,
    Participant,
    ParticipantState,
    RoomEvent,
    RoomMessage,
)

# Events every reader receives; others carry a `recipient` and reach only them.
MESSAGE_EVENTS = {"message.created", "message.released"}


@dataclass(frozen=True)
class RoomAccess:
    """One member's standing in one room."""

    can_read: bool = False
    # Joined (or facilitating): receives live events and may post, if not muted.
    is_live: bool = False
    is_facilitator: bool = False
    member_id: int | None = None
    participant: Participant | None = None
    # A participant who left reads only what was said before this moment.
    read_until: datetime | None = None

    @property
    def muted(self) -> bool:
        return bool(self.participant and self.participant.muted)


NO_ACCESS = RoomAccess()


def room_access(*, session: GroupSession, member) -> RoomAccess:
    """The one decision about who may read the room (one query, none for visitors)."""
    if member is None or not member.is_authenticated:
        return NO_ACCESS
    participant = Participant.objects.filter(session=session, member=member).first()
    if session.facilitator_id == member.pk:
        return RoomAccess(
            can_read=True,
            is_live=True,
            is_facilitator=True,
            member_id=member.pk,
            participant=participant,
        )
    if participant is None:
        return NO_ACCESS
    if participant.state == ParticipantState.JOINED:
        return RoomAccess(can_read=True, is_live=True, member_id=member.pk, participant=participant)
    if participant.state == ParticipantState.LEFT and participant.left_at is not None:
        return RoomAccess(
            can_read=True,
            member_id=member.pk,
            participant=participant,
            read_until=participant.left_at,
        )
    return NO_ACCESS


def readable_messages(*, session: GroupSession, access: RoomAccess):
    """The messages this reader sees in the room, oldest first: shown messages, and their own
    held ones (marked held for them alone). None for someone who may not read."""
    if not access.can_read:
        return RoomMessage.objects.none()
    messages = RoomMessage.objects.filter(session=session).select_related("author")
    shown = messages.filter(state=MessageState.SHOWN)
    own_held = messages.filter(state=MessageState.HELD, author_id=access.member_id)
    found = shown | own_held
    if access.read_until is not None:
        found = found.filter(created__lte=access.read_until)
    return found.order_by("seq")


def events_after(*, session: GroupSession, access: RoomAccess, after: int, limit: int):
    """The room's events after `after`, with their messages, for `event_for_reader` to filter.
    Private events of other people are left out here already."""
    if not access.can_read:
        return []
    events = (
        RoomEvent.objects.filter(session=session, seq__gt=after)
        .select_related("message__author")
        .order_by("seq")
    )
    events = events.filter(recipient__isnull=True) | events.filter(recipient_id=access.member_id)
    if access.read_until is not None:
        events = events.filter(created__lte=access.read_until)
    return list(events.order_by("seq")[:limit])
