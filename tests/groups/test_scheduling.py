"""Scheduling group sessions: time zones, daylight saving, repeats, the form and cancelling."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from groups import scheduling, services
from groups.models import GroupSession, ParticipantState, Series
from tests.groups.session_factories import place

CHICAGO = ZoneInfo("America/Chicago")


def test_a_weekly_group_keeps_its_local_hour_over_the_november_change():
    # 2027-11-07 the clocks in Chicago go back: 19:00 is 00:00 UTC before, 01:00 UTC after.
    starts = scheduling.meeting_starts(
        first=datetime(2027, 10, 26, 19, 0), zone=CHICAGO, repeat="weekly", count=4
    )
    assert [s.astimezone(CHICAGO).strftime("%a %H:%M") for s in starts] == ["Tue 19:00"] * 4
    assert [s.hour for s in starts] == [0, 0, 1, 1]
    assert starts[1] - starts[0] == timedelta(days=7)
    assert starts[2] - starts[1] == timedelta(days=7, hours=1)


def test_a_fortnightly_group_ends_on_or_before_its_last_date():
    starts = scheduling.meeting_starts(
        first=datetime(2027, 1, 5, 18, 30),
        zone=ZoneInfo("Europe/London"),
        repeat="fortnightly",
        until=date(2027, 2, 16),
    )
    assert [s.date() for s in starts] == [
        date(2027, 1, 5), date(2027, 1, 19), date(2027, 2, 2), date(2027, 2, 16)
    ]  # fmt: skip


def test_a_time_inside_the_spring_gap_is_refused_with_a_reason():
    with pytest.raises(scheduling.SchedulingError, match="clocks go forward"):
        scheduling.resolve_local(datetime(2027, 3, 14, 2, 30), CHICAGO)


def test_a_time_that_happens_twice_takes_the_first_and_says_so():
    resolved = scheduling.resolve_local(datetime(2027, 11, 7, 1, 30), CHICAGO)
    assert resolved.ambiguous
    assert resolved.at == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)  # CDT, before the change
    assert not scheduling.resolve_local(datetime(2027, 11, 8, 1, 30), CHICAGO).ambiguous


def test_a_repeat_that_lands_in_the_gap_moves_an_hour_later_instead_of_vanishing():
    starts = scheduling.meeting_starts(
        first=datetime(2027, 3, 7, 2, 30), zone=CHICAGO, repeat="weekly", count=2
    )
    assert len(starts) == 2
    assert starts[1].astimezone(CHICAGO).strftime("%d %H:%M") == "14 03:30"


def test_repeats_stop_at_a_year_of_meetings():
    starts = scheduling.meeting_starts(
        first=datetime(2027, 1, 4, 12, 0), zone=CHICAGO, repeat="weekly", until=date(2030, 1, 1)
    )
    assert len(starts) == scheduling.MAX_MEETINGS


def test_an_unknown_or_path_like_zone_is_refused():
    for name in ("Mars/Olympus", "../../etc/passwd", ""):
        with pytest.raises(scheduling.SchedulingError):
            scheduling.zone_named(name)


# --- The form -------------------------------------------------------------------------------


def _form(board, **overrides):
    data = {
        "title": "Tuesday evening circle",
        "description": "For anyone having a heavy week.",
        "board": board.pk,
        "starts_at": "2027-10-26T19:00",
        "timezone": "America/Chicago",
        "duration_minutes": "60",
        "capacity": "8",
        "ground_rules": "- Be kind.",
        "repeat": "none",
        "repeat_until": "",
        "repeat_count": "",
    }
    return data | overrides


def test_the_form_is_prefilled_with_the_readers_zone_and_default_ground_rules(client, supporter):
    client.force_login(supporter)
    client.cookies["peerhaven_tz"] = "Europe/Berlin"
    page = client.get("/groups/new/").content.decode()
    assert 'value="Europe/Berlin"' in page
    assert 'type="datetime-local"' in page
    assert "What is said here stays here" in page


def test_a_supporter_schedules_a_weekly_series_and_lands_on_the_first_meeting(
    client, supporter, board
):
    client.force_login(supporter)
    response = client.post("/groups/new/", _form(board, repeat="weekly", repeat_count="3"))
    first = GroupSession.objects.order_by("starts_at").first()
    assert response.status_code in (302, 303)
    assert response["Location"] == f"/groups/{first.pk}/"
    assert GroupSession.objects.filter(series__isnull=False).count() == 3
    assert first.starts_at == datetime(2027, 10, 27, 0, 0, tzinfo=UTC)
    assert first.timezone == "America/Chicago" and first.facilitator == supporter
    assert Series.objects.get().interval_weeks == 1


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"starts_at": "2020-01-07T19:00"}, "already passed"),
        ({"timezone": "Mars/Olympus"}, "not a time zone we know"),
        ({"starts_at": "2027-03-14T02:30"}, "clocks go forward"),
        ({"starts_at": "tuesday"}, "Enter a date and time"),
        ({"capacity": "500"}, "less than or equal to 50"),
        ({"duration_minutes": "5"}, "greater than or equal to 15"),
        ({"repeat": "weekly"}, "Say when the repeats end"),
        # The ends of the calendar, where zone arithmetic overflows.
        ({"starts_at": "0001-01-01T00:30", "timezone": "Asia/Tokyo"}, "already passed"),
        ({"starts_at": "9999-12-31T20:00", "timezone": "America/Chicago"}, "a year ahead"),
        ({"starts_at": "9999-12-31T23:00", "timezone": "UTC"}, "a year ahead"),
        ({"starts_at": "9999-11-01T19:00", "repeat": "weekly", "repeat_count": "3"}, "year ahead"),
    ],
)
def test_bad_input_is_explained_and_every_field_is_kept(client, supporter, board, overrides, error):
    client.force_login(supporter)
    response = client.post("/groups/new/", _form(board, **overrides, title="Keep my title"))
    page = response.content.decode()
    assert response.status_code == 400
    assert error in page
    assert 'value="Keep my title"' in page
    assert "For anyone having a heavy week." in page
    assert not GroupSession.objects.exists()


def test_an_ambiguous_local_time_is_scheduled_at_the_first_and_the_facilitator_is_told(
    client, supporter, board
):
    client.force_login(supporter)
    response = client.post("/groups/new/", _form(board, starts_at="2027-11-07T01:30"), follow=True)
    assert GroupSession.objects.get().starts_at == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)
    assert "happens twice" in response.content.decode()


# --- Cancelling -----------------------------------------------------------------------------


def test_cancelling_a_meeting_tells_everyone_holding_or_waiting_for_a_place(
    session, member, other_member, client
):
    place(session, member)
    place(session, other_member, ParticipantState.WAITING)
    assert services.cancel_session(session=session)
    client.force_login(member)
    listing = client.get("/groups/").content.decode()
    assert "This meeting was cancelled" in listing
    page = client.get(f"/groups/{session.pk}/").content.decode()
    assert "This meeting was cancelled" in page
    assert "Join" not in page.split("your-place")[1].split("</section>")[0]


def test_stopping_a_series_cancels_only_the_meetings_still_to_come(supporter, board):
    sessions = weekly_series(supporter, board, count=4)
    during_the_second = sessions[1].starts_at + timedelta(minutes=10)
    cancelled = services.stop_series(series=sessions[0].series, now=during_the_second)
    states = [bool(s.cancelled_at) for s in GroupSession.objects.order_by("starts_at")]
    assert cancelled == 2
    assert states == [False, False, True, True]
    assert Series.objects.get().stopped_at == during_the_second


def test_only_the_facilitator_or_a_moderator_can_cancel(client, session, member, moderator):
    client.force_login(member)
    assert client.post(f"/groups/{session.pk}/cancel/").status_code == 403
    client.force_login(moderator)
    assert client.post(f"/groups/{session.pk}/cancel/").status_code == 303
    session.refresh_from_db()
    assert session.cancelled_at is not None


def test_operators_list_and_stop_a_series_from_the_command_line(supporter, board):
    from io import StringIO

    from django.core.management import CommandError, call_command

    sessions = weekly_series(supporter, board, count=3)
    out = StringIO()
    call_command("group_series", "list", stdout=out)
    assert f"{sessions[0].series_id}\tKindHarbour5\tevery 1 week(s)\t3 to come" in out.getvalue()
    call_command("group_series", "stop", str(sessions[0].series_id), stdout=out)
    assert "3 meetings cancelled" in out.getvalue()
    assert not GroupSession.objects.filter(cancelled_at__isnull=True).exists()
    with pytest.raises(CommandError):
        call_command("group_series", "stop", "99999")


def weekly_series(supporter, board, *, count):
    """A weekly UTC group of `count` meetings from Tuesday 5 January 2027, 19:00."""
    return services.schedule_sessions(
        facilitator=supporter,
        board=board,
        title="Weekly",
        description="d",
        ground_rules="r",
        schedule=services.Schedule(
            first_local=datetime(2027, 1, 5, 19, 0), timezone="UTC", repeat="weekly", count=count
        ),
        duration_minutes=60,
        capacity=5,
    )
