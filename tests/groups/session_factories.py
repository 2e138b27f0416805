"""Small factories for the group-session tests (scheduling, joining, pages, after-session)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import GroupSession, Participant, ParticipantState, RoomMessage

SECRET = "the words only the room may read"


@pytest.fixture
def supporter(make_member):
    return make_member("KindHarbour5", is_peer_supporter=True)


@pytest.fixture
def make_session(board, supporter):
    def make(*, facilitator=None, starts_in=timedelta(days=2), capacity=12, **fields):
        return GroupSession.objects.create(
            facilitator=facilitator or supporter,
            board=fields.pop("board", board),
            title=fields.pop("title", "Tuesday evening circle"),
            description=fields.pop("description", "A gentle group for heavy weeks."),
            ground_rules=fields.pop("ground_rules", "- Be kind to yourself and each other."),
            starts_at=timezone.now() + starts_in,
            capacity=capacity,
            **fields,
        )

    return make


@pytest.fixture
def session(make_session):
    return make_session()


def place(session, member, state=ParticipantState.JOINED, **fields) -> Participant:
    return Participant.objects.create(session=session, member=member, state=state, **fields)


def room_message(session, author, body=SECRET, **fields) -> RoomMessage:
    session.last_seq += 1
    session.save(update_fields=["last_seq"])
    return RoomMessage.objects.create(
        session=session, author=author, body=body, html=f"<p>{body}</p>", seq=session.last_seq,
        **fields,
    )
