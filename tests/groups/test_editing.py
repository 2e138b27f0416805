"""A facilitator (or a moderator) edits what a meeting says and its places; the time stays."""

import pytest

from groups import services
from groups.models import GroupSession, ParticipantState
from tests.groups.session_factories import place

pytestmark = pytest.mark.django_db


def details(session, **changes):
    fields = {
        "title": session.title,
        "description": session.description,
        "board": session.board_id,
        "capacity": session.capacity,
        "ground_rules": session.ground_rules,
    }
    return fields | changes


def test_the_facilitator_edits_the_details_and_everyone_sees_them(client, session, supporter):
    client.force_login(supporter)
    form = client.get(f"/groups/{session.pk}/edit/").content.decode()
    assert session.title in form
    response = client.post(
        f"/groups/{session.pk}/edit/", details(session, title="Sunday calm", ground_rules="Be kind")
    )
    assert response.status_code == 303 and response["Location"] == f"/groups/{session.pk}/"
    client.logout()
    page = client.get(f"/groups/{session.pk}/").content.decode()
    assert "Sunday calm" in page and "Be kind" in page


def test_places_cannot_drop_below_the_people_who_hold_one_and_the_text_is_kept(
    client, make_session, supporter, make_member
):
    session = make_session(capacity=3)
    for _ in range(3):
        place(session, make_member())
    client.force_login(supporter)
    response = client.post(
        f"/groups/{session.pk}/edit/", details(session, capacity=2, description="New words")
    )
    assert response.status_code == 400
    assert "3 people already hold a place" in response.content.decode()
    assert "New words" in response.content.decode()
    assert GroupSession.objects.get(pk=session.pk).capacity == 3


def test_more_places_go_to_the_waiting_list_in_its_order(make_session, make_member):
    session = make_session(capacity=2)
    for _ in range(2):
        services.join_session(session=session, member=make_member())
    first, second, third = make_member(), make_member(), make_member()
    for member in (first, second, third):
        services.join_session(session=session, member=member)
    services.update_session_details(
        session=session, title=session.title, description=session.description,
        board=session.board, capacity=4, ground_rules=session.ground_rules,
    )  # fmt: skip
    states = {m: session.participants.get(member=m).state for m in (first, second, third)}
    assert states == {
        first: ParticipantState.JOINED,
        second: ParticipantState.JOINED,
        third: ParticipantState.WAITING,
    }


def test_a_meeting_that_is_over_keeps_its_details(session):
    services.cancel_session(session=session)
    with pytest.raises(services.EditRefused):
        services.update_session_details(
            session=session, title="Changed", description="d", board=session.board,
            capacity=5, ground_rules="r",
        )  # fmt: skip


def test_a_participant_cannot_edit(client, session, member):
    place(session, member)
    client.force_login(member)
    assert client.post(f"/groups/{session.pk}/edit/", details(session)).status_code == 403
