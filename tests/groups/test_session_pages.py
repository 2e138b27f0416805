"""The list of sessions and a session's page: what each reader sees, and never a message
unless they are in the room."""

from datetime import timedelta

import pytest

from groups.models import ParticipantState
from tests.groups.session_factories import SECRET, place, room_message

pytestmark = pytest.mark.django_db


def test_anyone_sees_the_list_soonest_first_without_cancelled_or_finished_sessions(
    client, make_session
):
    later = make_session(title="Later group", starts_in=timedelta(days=5))
    sooner = make_session(title="Sooner group", starts_in=timedelta(days=1))
    live = make_session(title="Live group", starts_in=timedelta(minutes=-20))
    make_session(title="Finished group", starts_in=timedelta(hours=-3))
    make_session(title="Cancelled group", cancelled_at=sooner.starts_at)
    page = client.get("/groups/").content.decode()
    assert page.index("Live group") < page.index("Sooner group") < page.index("Later group")
    assert f'href="/groups/{later.pk}/"' in page and "Live now" in page
    assert "Finished group" not in page and "Cancelled group" not in page
    assert live.board.name in page


def test_the_list_shows_the_facilitators_mark_places_left_and_full(
    client, make_session, make_member
):
    roomy = make_session(title="Roomy", capacity=5)
    full = make_session(title="Packed", capacity=2, starts_in=timedelta(days=3))
    place(roomy, make_member())
    for _ in range(2):
        place(full, make_member())
    page = client.get("/groups/").content.decode()
    assert "4 places left" in page
    assert "Full: waiting list" in page
    assert 'KindHarbour5 <span class="supporter-mark">Peer supporter</span>' in page


def test_times_show_in_the_readers_zone_with_its_name(client, make_session):
    session = make_session()
    session.starts_at = session.starts_at.replace(hour=18, minute=0, second=0, microsecond=0)
    session.save()
    client.cookies["peerhaven_tz"] = "Asia/Kolkata"  # UTC+5:30
    page = client.get("/groups/").content.decode()
    assert "23:30</time> (Asia/Kolkata)" in page


def test_an_unreadable_zone_cookie_falls_back_to_utc(client, session):
    client.cookies["peerhaven_tz"] = "Not/AZone"
    assert "(UTC)" in client.get("/groups/").content.decode()


def test_the_zone_form_keeps_the_choice_in_a_cookie_without_javascript(client):
    response = client.post("/groups/zone/", {"timezone": "Europe/Lisbon", "next": "/groups/"})
    assert response.status_code == 303 and response["Location"] == "/groups/"
    assert response.cookies["peerhaven_tz"].value == "Europe/Lisbon"
    assert "Europe/Lisbon" in client.get("/groups/").content.decode()


def test_the_zone_form_refuses_an_unknown_zone_and_an_outside_next(client):
    response = client.post(
        "/groups/zone/", {"timezone": "Nowhere", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/groups/"
    assert "peerhaven_tz" not in response.cookies


def test_the_list_filters_by_board(client, make_session, board):
    from forum.models import Board

    elsewhere = Board.objects.exclude(pk=board.pk).first()
    make_session(title="Here group")
    make_session(title="There group", board=elsewhere)
    page = client.get(f"/groups/?board={board.slug}").content.decode()
    assert "Here group" in page and "There group" not in page


def test_the_lists_query_count_does_not_grow_with_sessions(
    client, member, make_session, make_member, django_assert_max_num_queries
):
    client.force_login(member)
    make_session()
    with django_assert_max_num_queries(12) as few:
        client.get("/groups/")
    for n in range(15):
        s = make_session(title=f"Group {n}", starts_in=timedelta(days=1, hours=n))
        place(s, make_member())
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/groups/").content.decode()
    assert "Group 14" in page


def test_a_visitor_sees_the_description_rules_and_a_log_in_link_but_no_join_button(client, session):
    page = client.get(f"/groups/{session.pk}/").content.decode()
    assert "A gentle group for heavy weeks." in page
    assert "Be kind to yourself" in page
    assert "/accounts/login/" in page or "Log in</a> or" in page
    assert ">Join</button>" not in page


def test_a_member_sees_a_join_button(client, session, member):
    client.force_login(member)
    assert ">Join</button>" in client.get(f"/groups/{session.pk}/").content.decode()


@pytest.mark.parametrize("who", ["visitor", "member", "waiting", "removed", "moderator"])
def test_no_message_reaches_anyone_outside_the_room(
    client, session, member, other_member, moderator, who
):
    place(session, other_member)
    room_message(session, other_member)
    if who != "visitor":
        client.force_login(moderator if who == "moderator" else member)
    if who in ("waiting", "removed"):
        place(session, member, ParticipantState(who))
    page = client.get(f"/groups/{session.pk}/").content.decode()
    assert SECRET not in page
    assert session.title in page


def test_the_room_is_included_for_participants_and_the_facilitator_only(
    client, session, member, other_member, supporter
):
    def room_shown():
        response = client.get(f"/groups/{session.pk}/")
        return "groups/_room.html" in [t.name for t in response.templates]

    assert not room_shown()  # visitor
    client.force_login(member)
    assert not room_shown()
    place(session, member)
    assert room_shown()
    client.force_login(other_member)
    place(session, other_member, ParticipantState.LEFT, left_at=session.starts_at)
    assert room_shown()  # reads back what was said before they left; the room filters
    client.force_login(supporter)
    assert room_shown()


def test_a_cancelled_or_finished_session_says_so(client, make_session):
    finished = make_session(starts_in=timedelta(hours=-3))
    assert "This session is over." in client.get(f"/groups/{finished.pk}/").content.decode()


def test_a_session_that_does_not_exist_is_404(client):
    assert client.get("/groups/999999/").status_code == 404


def test_the_session_page_costs_the_same_however_many_hold_places(
    client, make_session, make_member, member, django_assert_max_num_queries
):
    session = make_session(capacity=40)
    place(session, member)
    client.force_login(member)
    with django_assert_max_num_queries(20) as few:
        client.get(f"/groups/{session.pk}/")
    for _ in range(30):
        place(session, make_member())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "9 of 40 left" in client.get(f"/groups/{session.pk}/").content.decode()


def test_group_pages_fetch_nothing_from_another_origin(client, session, supporter):
    from tests.security.test_privacy import fetched_origins

    for who in (None, supporter):
        if who:
            client.force_login(who)
        for path in ("/groups/", f"/groups/{session.pk}/", "/groups/new/", "/groups/mine/"):
            if who is None and path in ("/groups/new/", "/groups/mine/"):
                continue
            assert fetched_origins(client.get(path).content.decode()) == [], path


def test_every_page_links_to_groups_and_the_before_you_join_page_explains_them(client):
    assert 'href="/groups/">Groups</a>' in client.get("/").content.decode()
    page = client.get("/peer-support/before-you-join-a-group/").content.decode()
    assert 'href="/groups/">group sessions</a>' in page
    assert "trained peer supporter" in page
