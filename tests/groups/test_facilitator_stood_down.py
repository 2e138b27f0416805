"""A facilitator whose role is revoked, or paused by a moderator, leaves no meeting behind:
what they scheduled and has not started is cancelled and everyone with a place is told. A
supporter who pauses themselves keeps their meetings (they cancel what they cannot run)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups import services
from groups.models import GroupSession, ParticipantState, Series
from notifications.models import Notification, NotificationKind
from supporters.services import grant_supporter_role, pause_supporter, revoke_supporter_role
from tests.groups.session_factories import place

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(make_member):
    member = make_member("SteadyBeacon")
    grant_supporter_role(member=member, via="test")
    return member


@pytest.fixture
def meetings(granted, make_session, member):
    upcoming = make_session(facilitator=granted, starts_in=timedelta(days=3))
    under_way = make_session(facilitator=granted, starts_in=-timedelta(minutes=5))
    place(upcoming, member)
    return upcoming, under_way


def cancelled(session) -> bool:
    return GroupSession.objects.get(pk=session.pk).cancelled_at is not None


@pytest.mark.parametrize("stand_down", ["revoke", "moderator pause"])
def test_meetings_still_to_come_are_cancelled_and_their_people_told(
    granted, meetings, member, moderator, stand_down, django_capture_on_commit_callbacks
):
    upcoming, under_way = meetings
    with django_capture_on_commit_callbacks(execute=True):
        if stand_down == "revoke":
            revoke_supporter_role(member=granted, actor=moderator, via="test", reason="concern")
        else:
            pause_supporter(member=granted, actor=moderator, reason="concern")
    assert cancelled(upcoming)
    assert not cancelled(under_way)  # a meeting under way runs on; moderators may end it
    told = Notification.objects.get(recipient=member, kind=NotificationKind.GROUP)
    assert upcoming.title in told.text and "cancelled" in told.text
    assert upcoming.participants.get(member=member).notice == services.CANCELLED_NOTICE


def test_a_supporter_who_pauses_themselves_keeps_their_meetings(granted, meetings):
    upcoming, _ = meetings
    pause_supporter(member=granted, actor=granted, reason="a hard week")
    assert not cancelled(upcoming)
    assert upcoming.participants.get().state == ParticipantState.JOINED


def test_their_repeating_group_stops(granted, board, moderator):
    first = timezone.localtime(timezone.now() + timedelta(days=2)).replace(tzinfo=None)
    series = services.schedule_sessions(
        facilitator=granted,
        board=board,
        title="Weekly",
        description="d",
        ground_rules="r",
        schedule=services.Schedule(
            first_local=first.replace(second=0, microsecond=0), timezone="UTC",
            repeat="weekly", count=3,
        ),
        duration_minutes=60,
        capacity=5,
    )  # fmt: skip
    revoke_supporter_role(member=granted, actor=moderator, via="test")
    assert all(cancelled(session) for session in series)
    assert Series.objects.get(pk=series[0].series_id).stopped_at is not None
