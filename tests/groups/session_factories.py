"""Helpers for the group-session tests; the fixtures are in tests/groups/conftest.py."""

from groups.models import Participant, ParticipantState, RoomMessage

SECRET = "the words only the room may read"


def place(session, member, state=ParticipantState.JOINED, **fields) -> Participant:
    return Participant.objects.create(session=session, member=member, state=state, **fields)


def room_message(session, author, body=SECRET, **fields) -> RoomMessage:
    session.last_seq += 1
    session.save(update_fields=["last_seq"])
    return RoomMessage.objects.create(
        session=session,
        author=author,
        body=body,
        html=f"<p>{body}</p>",
        seq=session.last_seq,
        **fields,
    )
