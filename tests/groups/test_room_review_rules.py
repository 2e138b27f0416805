"""The room applies the threads' review rules: a keyword the crisis model lowered still reaches
a moderator (shown, not held), a failed scan is held (fail closed), and a moderator scoped to
other boards neither sees nor decides a room's held message."""

import pytest

from forum.models import Board
from groups import room_services
from groups.models import MessageState, ReviewReason, RoomReview
from groups.room_services import post_room_message
from moderation.models import ModeratorBoard
from safety.services import Assessment
from tests.groups import room_helpers
from tests.groups.room_helpers import IMMINENT, place

facilitator = room_helpers.facilitator
live_session = room_helpers.live_session

pytestmark = pytest.mark.django_db

PAST = "Ten years ago I wanted to kill myself. Today I ran my first half marathon."


def rated(monkeypatch, assessment: Assessment) -> None:
    """The scanner's verdict on the next message (the model is off in tests)."""
    monkeypatch.setattr(room_services, "assess_text", lambda *a, **k: assessment)


def test_a_message_whose_keyword_the_model_lowered_is_shown_and_reviewed(
    monkeypatch, client, live_session, member, moderator
):
    place(live_session, member)
    rated(monkeypatch, Assessment(severity="low", categories=("suicide",), layer="lowered"))
    message = post_room_message(session=live_session, author=member, body=PAST).message
    assert message.state == MessageState.SHOWN
    review = RoomReview.objects.get(message=message)
    assert review.reason == ReviewReason.LOWERED and review.due_at is None
    client.force_login(moderator)
    queue = client.get("/moderation/").content.decode()
    assert f"/groups/reviews/{review.pk}/" in queue


def test_an_ordinary_message_opens_no_review(live_session, member):
    place(live_session, member)
    post_room_message(session=live_session, author=member, body="Thank you all, see you Tuesday.")
    assert not RoomReview.objects.exists()


def test_a_message_the_scanner_failed_on_is_held_with_the_crisis_countdown(
    monkeypatch, live_session, member
):
    place(live_session, member)
    rated(monkeypatch, Assessment(severity="high", failed=True))
    message = post_room_message(session=live_session, author=member, body="Hello all").message
    assert message.state == MessageState.HELD
    review = RoomReview.objects.get(message=message)
    assert review.reason == ReviewReason.CRISIS and review.due_at is not None


@pytest.fixture
def scoped_moderator(moderator):
    """A moderator limited to the grief board (the session is on depression)."""
    ModeratorBoard.objects.create(moderator=moderator, board=Board.objects.get(slug="grief-and-loss"))
    return moderator


def test_a_moderator_of_other_boards_neither_sees_nor_decides_a_held_room_message(
    client, live_session, member, scoped_moderator
):
    place(live_session, member)
    message = post_room_message(session=live_session, author=member, body=IMMINENT).message
    review = RoomReview.objects.get(message=message)
    client.force_login(scoped_moderator)
    assert f"/groups/reviews/{review.pk}/" not in client.get("/moderation/").content.decode()
    assert client.get(f"/groups/reviews/{review.pk}/").status_code == 404
    assert client.post(f"/groups/reviews/{review.pk}/release/").status_code == 404
    message.refresh_from_db()
    assert message.state == MessageState.HELD


def test_a_moderator_of_the_sessions_board_sees_and_decides_it(
    client, live_session, member, moderator
):
    ModeratorBoard.objects.create(moderator=moderator, board=live_session.board)
    place(live_session, member)
    message = post_room_message(session=live_session, author=member, body=IMMINENT).message
    review = RoomReview.objects.get(message=message)
    client.force_login(moderator)
    assert f"/groups/reviews/{review.pk}/" in client.get("/moderation/").content.decode()
    assert client.post(f"/groups/reviews/{review.pk}/release/").status_code == 303
