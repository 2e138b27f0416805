"""Joining and leaving a session: capacity, the waiting list, removal, sanctions, rate limits."""

from datetime import timedelta

import pytest

from groups import facilitation, services
from groups.models import Participant, ParticipantState
from groups.views import JOINS
from moderation.sanctions import issue_sanction
from tests.groups.session_factories import place


def state_of(session, member):
    return Participant.objects.get(session=session, member=member).state


def test_a_member_who_joins_gets_a_place_and_sees_leave(client, session, member):
    client.force_login(member)
    response = client.post(f"/groups/{session.pk}/join/")
    assert response.status_code == 303
    assert state_of(session, member) == ParticipantState.JOINED
    page = client.get(response["Location"]).content.decode()
    assert ">Leave</button>" in page


def test_a_full_session_puts_the_next_member_on_the_waiting_list_with_their_position(
    client, make_session, make_member
):
    session = make_session(capacity=2)
    for _ in range(2):
        services.join_session(session=session, member=make_member())
    first_waiting, second_waiting = make_member(), make_member()
    services.join_session(session=session, member=first_waiting)
    client.force_login(second_waiting)
    page = client.get(f"/groups/{session.pk}/").content.decode()
    assert "joining puts you on the waiting list" in page
    assert ">Join</button>" in page  # the button's words stay "Join" (CONTRACTS.md)
    client.post(f"/groups/{session.pk}/join/")
    assert state_of(session, second_waiting) == ParticipantState.WAITING
    assert "waiting list: number 2" in client.get(f"/groups/{session.pk}/").content.decode()


def test_leaving_frees_a_place_for_the_earliest_waiting_member_who_is_told(
    client, make_session, make_member
):
    session = make_session(capacity=1)
    holder, earliest, later = make_member(), make_member(), make_member()
    for who in (holder, earliest, later):
        services.join_session(session=session, member=who)
    promoted = services.leave_session(session=session, member=holder)
    assert promoted.member == earliest
    assert state_of(session, holder) == ParticipantState.LEFT
    assert state_of(session, earliest) == ParticipantState.JOINED
    assert state_of(session, later) == ParticipantState.WAITING
    client.force_login(earliest)
    assert "A place opened up and it is yours" in client.get("/groups/").content.decode()
    assert "A place opened up" in client.get(f"/groups/{session.pk}/").content.decode()
    # Read once, the notice has done its work.
    assert "A place opened up" not in client.get(f"/groups/{session.pk}/").content.decode()


def test_leaving_the_waiting_list_gives_up_the_queue_place_without_a_read_back(
    make_session, member, other_member
):
    session = make_session(capacity=1)
    services.join_session(session=session, member=other_member)
    services.join_session(session=session, member=member)
    assert services.leave_session(session=session, member=member) is None
    assert not Participant.objects.filter(session=session, member=member).exists()


def test_a_member_who_left_can_rejoin_while_a_place_is_free(session, member):
    services.join_session(session=session, member=member)
    services.leave_session(session=session, member=member)
    again = services.join_session(session=session, member=member)
    assert again.state == ParticipantState.JOINED and again.left_at is None


def test_joining_twice_keeps_the_one_place(session, member):
    first = services.join_session(session=session, member=member)
    assert services.join_session(session=session, member=member).pk == first.pk
    assert Participant.objects.filter(session=session).count() == 1


def test_a_member_removed_by_the_facilitator_cannot_rejoin(client, session, member):
    place(session, member, ParticipantState.REMOVED)
    client.force_login(member)
    response = client.post(f"/groups/{session.pk}/join/")
    assert response.status_code == 403
    assert "asked you to leave" in response.content.decode()
    assert state_of(session, member) == ParticipantState.REMOVED


def test_the_facilitator_is_always_in_and_takes_no_place(client, make_session, supporter):
    session = make_session(capacity=2)
    client.force_login(supporter)
    assert client.post(f"/groups/{session.pk}/join/").status_code == 403
    with pytest.raises(services.JoinRefused):
        services.join_session(session=session, member=supporter)
    assert not Participant.objects.exists()


def test_a_muted_member_cannot_join_and_is_told_why(client, session, member, moderator):
    issue_sanction(moderator=moderator, member=member, kind="mute", reason="Cooling off", days=1)
    client.force_login(member)
    response = client.post(f"/groups/{session.pk}/join/")
    assert response.status_code == 403
    assert "muted" in response.content.decode()
    assert not Participant.objects.exists()


@pytest.mark.parametrize("how", ["cancelled", "over"])
def test_joining_closes_when_the_session_is_cancelled_or_over(make_session, member, how):
    session = make_session(starts_in=timedelta(hours=-3), duration_minutes=60)
    if how == "cancelled":
        session = make_session()
        services.cancel_session(session=session)
    with pytest.raises(services.JoinRefused):
        services.join_session(session=session, member=member)


def test_a_member_who_blocked_the_facilitator_may_still_join(session, member, supporter):
    from accounts.models import Block

    Block.objects.create(blocker=member, blocked=supporter)
    assert services.join_session(session=session, member=member).state == ParticipantState.JOINED


def test_joins_are_rate_limited_with_the_page_kept(client, session, member, settings):
    client.force_login(member)
    for _ in range(JOINS.count):
        client.post(f"/groups/{session.pk}/join/")
    response = client.post(f"/groups/{session.pk}/join/")
    assert response.status_code == 429
    assert "Retry-After" in response
    assert session.title in response.content.decode()


def test_visitors_are_sent_to_log_in_before_joining(client, session):
    response = client.post(f"/groups/{session.pk}/join/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not Participant.objects.exists()


@pytest.fixture
def timeline(monkeypatch):
    """("lock", model) for each select_for_update, ("count", model) for each count, in order;
    the real lock and count still run."""
    from django.db.models.query import QuerySet

    events = []
    lock, count = QuerySet.select_for_update, QuerySet.count

    def recording_lock(queryset, *args, **kwargs):
        events.append(("lock", queryset.model.__name__))
        return lock(queryset, *args, **kwargs)

    def recording_count(queryset):
        events.append(("count", queryset.model.__name__))
        return count(queryset)

    monkeypatch.setattr(QuerySet, "select_for_update", recording_lock)
    monkeypatch.setattr(QuerySet, "count", recording_count)
    return events


def test_places_are_counted_only_under_the_sessions_row_lock(
    timeline, make_session, member, other_member
):
    # Two members taking the last place at once: the second waits on this lock, then counts
    # the first one's place (PostgreSQL; SQLite serialises writers anyway).
    session = make_session(capacity=1)
    services.join_session(session=session, member=member)
    services.leave_session(session=session, member=member)
    places_counted = [i for i, event in enumerate(timeline) if event == ("count", "Participant")]
    locks = [i for i, event in enumerate(timeline) if event == ("lock", "GroupSession")]
    assert len(locks) == 2 and len(places_counted) == 2
    assert all(lock < counted for lock, counted in zip(locks, places_counted, strict=True))
    assert services.join_session(session=session, member=other_member).state == "joined"


def test_removing_a_participant_gives_their_place_to_the_earliest_waiting_member(
    make_session, supporter, member, other_member, make_member
):
    session = make_session(starts_in=timedelta(minutes=-5), capacity=1)
    removed = services.join_session(session=session, member=member)
    first = services.join_session(session=session, member=other_member)
    later = services.join_session(session=session, member=make_member("LaterLark"))
    assert first.state == later.state == ParticipantState.WAITING
    facilitation.remove_participant(session=session, actor=supporter, participant_id=removed.pk)
    first.refresh_from_db()
    later.refresh_from_db()
    assert first.state == ParticipantState.JOINED and first.notice
    assert later.state == ParticipantState.WAITING
