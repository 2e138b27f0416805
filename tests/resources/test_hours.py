"""The opening-hours function: open or closed at an instant, and when that changes, in the
line's own time zone, across daylight-saving changes and midnight."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from resources.hours import (
    OpeningStatus,
    describe_hours,
    describe_status,
    format_clock,
    opening_status,
    parse_hours,
    zone_label,
)

CHICAGO = ZoneInfo("America/Chicago")
TICK = timedelta(microseconds=1)
ILLINOIS_WARM_LINE = parse_hours([{"days": [0, 1, 2, 3, 4, 5], "open": "08:00", "close": "20:00"}])
EVERY_DAY = list(range(7))


def chicago(*args, **kwargs):
    return datetime(*args, tzinfo=CHICAGO, **kwargs)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


# Strategies ------------------------------------------------------------------------------

clock = st.builds(
    lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 15, 30, 45, 59])
)
closing = st.one_of(clock, st.just("24:00"))
window = st.fixed_dictionaries(
    {
        "days": st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True),
        "open": clock,
        "close": closing,
    }
).filter(lambda w: w["open"] != w["close"] and not (w["open"] == "00:00" and w["close"] == "00:00"))
schedules = st.lists(window, min_size=0, max_size=4).map(parse_hours)
# Offsets are whole minutes from 2000 on, in every zone; before that some had seconds.
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
)
# Around Chicago's 2026 changes, where bugs hide: every minute of those weekends.
dst_weekends = st.one_of(
    st.datetimes(min_value=datetime(2026, 3, 6), max_value=datetime(2026, 3, 10)),
    st.datetimes(min_value=datetime(2026, 10, 30), max_value=datetime(2026, 11, 3)),
).map(lambda naive: naive.replace(tzinfo=UTC))
zones = st.timezones()


def status(windows, zone, at) -> OpeningStatus:
    return opening_status(windows, zone, at)


def just_before(moment):
    # In UTC: aware arithmetic in the line's zone is wall-clock arithmetic, and a microsecond
    # before 03:00 CDT on a spring-forward night is a wall time that never happened.
    return moment.astimezone(UTC) - TICK


def just_after(moment):
    return moment.astimezone(UTC) + TICK


# Properties over any instant and time zone -------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(windows=schedules, zone=zones, at=instants)
def test_an_open_line_stays_open_until_its_next_close_and_is_closed_then(windows, zone, at):
    now = status(windows, zone, at)
    assume(now.is_open)
    assert now.next_open is None
    if now.next_close is None:
        # Round the clock: open at every instant of the coming weeks.
        for hours in range(0, 24 * 21, 7):
            assert status(windows, zone, at + timedelta(hours=hours)).is_open
        return
    assert now.next_close > at
    assert now.next_close - at <= timedelta(days=7, hours=3)
    for fraction in (0.25, 0.5, 0.75):
        assert status(windows, zone, at + (now.next_close - at) * fraction).is_open
    assert status(windows, zone, just_before(now.next_close)).is_open
    assert not status(windows, zone, now.next_close).is_open
    assert not status(windows, zone, just_after(now.next_close)).is_open


@settings(max_examples=300, deadline=None)
@given(windows=schedules, zone=zones, at=instants)
def test_a_closed_line_stays_closed_until_its_next_open_and_is_open_then(windows, zone, at):
    now = status(windows, zone, at)
    assume(not now.is_open)
    assert now.next_close is None
    if now.next_open is None:
        assert not windows or all(
            not status(windows, zone, at + timedelta(hours=h)).is_open for h in range(0, 24 * 8, 5)
        )
        return
    assert now.next_open > at
    assert now.next_open - at <= timedelta(days=7, hours=3)
    for fraction in (0.25, 0.5, 0.75):
        assert not status(windows, zone, at + (now.next_open - at) * fraction).is_open
    assert not status(windows, zone, just_before(now.next_open)).is_open
    assert status(windows, zone, now.next_open).is_open


@settings(max_examples=200, deadline=None)
@given(windows=schedules, zone=zones, at=instants)
def test_the_next_change_is_given_in_the_lines_own_time_zone(windows, zone, at):
    change = status(windows, zone, at).next_change
    if change is not None:
        assert change.tzinfo is zone or getattr(change.tzinfo, "key", None) == zone.key


def _wall_clock_says_open(windows, zone, at) -> bool:
    """An independent reading: the local weekday and time against each window."""
    local = at.astimezone(zone)
    minute, day = local.hour * 60 + local.minute, local.weekday()
    for w in windows:
        if not w.crosses_midnight:
            if day in w.days and w.opens <= minute < w.closes:
                return True
        elif (day in w.days and minute >= w.opens) or (
            (day - 1) % 7 in w.days and minute < w.closes
        ):
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(windows=schedules, zone=zones, at=instants)
def test_away_from_clock_changes_the_answer_matches_the_local_wall_clock(windows, zone, at):
    offsets = {(at + timedelta(hours=h)).astimezone(zone).utcoffset() for h in range(-72, 73)}
    assume(len(offsets) == 1)
    assert status(windows, zone, at).is_open == _wall_clock_says_open(windows, zone, at)


@settings(max_examples=300, deadline=None)
@given(windows=schedules, at=dst_weekends)
def test_invariants_hold_minute_by_minute_around_chicagos_clock_changes(windows, at):
    now = status(windows, CHICAGO, at)
    if now.is_open and now.next_close is not None:
        assert now.next_close > at
        assert status(windows, CHICAGO, just_before(now.next_close)).is_open
        assert not status(windows, CHICAGO, now.next_close).is_open
    if not now.is_open and now.next_open is not None:
        assert now.next_open > at
        assert not status(windows, CHICAGO, just_before(now.next_open)).is_open
        assert status(windows, CHICAGO, now.next_open).is_open


# Daylight saving: America/Chicago springs forward on 2026-03-08 and falls back on 2026-11-01 --


def test_after_spring_forward_the_warm_line_opens_at_8am_daylight_time():
    saturday_night = chicago(2026, 3, 7, 21, 0)  # closed, Sunday is a closed day
    now = status(ILLINOIS_WARM_LINE, CHICAGO, saturday_night)
    assert not now.is_open
    assert now.next_open == chicago(2026, 3, 9, 8, 0)
    assert now.next_open.astimezone(UTC) == utc(2026, 3, 9, 13, 0)  # CDT is UTC-5


def test_after_fall_back_the_warm_line_opens_at_8am_standard_time():
    now = status(ILLINOIS_WARM_LINE, CHICAGO, chicago(2026, 10, 31, 21, 0))
    assert now.next_open.astimezone(UTC) == utc(2026, 11, 2, 14, 0)  # CST is UTC-6


def test_the_warm_line_closes_at_8pm_local_time_on_either_side_of_a_change():
    before = status(ILLINOIS_WARM_LINE, CHICAGO, chicago(2026, 3, 7, 12, 0))
    assert before.is_open and before.next_close.astimezone(UTC) == utc(2026, 3, 8, 2, 0)
    after = status(ILLINOIS_WARM_LINE, CHICAGO, chicago(2026, 3, 9, 12, 0))
    assert after.is_open and after.next_close.astimezone(UTC) == utc(2026, 3, 10, 1, 0)


def test_a_night_window_across_spring_forward_closes_when_2am_would_have_been():
    windows = parse_hours([{"days": [5], "open": "22:00", "close": "02:00"}])  # Sat night
    assert status(windows, CHICAGO, utc(2026, 3, 8, 7, 59)).is_open  # 01:59 CST
    closing = status(windows, CHICAGO, utc(2026, 3, 8, 5, 0)).next_close
    assert closing.astimezone(UTC) == utc(2026, 3, 8, 8, 0)  # 03:00 CDT: 02:00 never came
    assert not status(windows, CHICAGO, utc(2026, 3, 8, 8, 0)).is_open


def test_a_night_window_across_fall_back_stays_open_through_the_repeated_hour():
    windows = parse_hours([{"days": [5], "open": "22:00", "close": "02:00"}])  # Sat night
    opened = utc(2026, 11, 1, 3, 0)  # Sat 22:00 CDT
    assert status(windows, CHICAGO, opened).is_open
    assert status(windows, CHICAGO, utc(2026, 11, 1, 6, 30)).is_open  # first 01:30 (CDT)
    assert status(windows, CHICAGO, utc(2026, 11, 1, 7, 30)).is_open  # second 01:30 (CST)
    assert status(windows, CHICAGO, opened).next_close.astimezone(UTC) == utc(2026, 11, 1, 8, 0)


def test_a_window_inside_the_skipped_hour_does_not_open_that_night():
    windows = parse_hours([{"days": [6], "open": "02:00", "close": "03:00"}])  # Sundays
    now = status(windows, CHICAGO, chicago(2026, 3, 8, 0, 30))
    assert not now.is_open
    assert now.next_open == chicago(2026, 3, 15, 2, 0)


# Midnight ----------------------------------------------------------------------------------


def test_a_window_crossing_midnight_is_open_after_midnight_and_closes_on_the_next_day():
    fridays = parse_hours([{"days": [4], "open": "22:00", "close": "02:00"}])
    saturday_1am = chicago(2026, 6, 6, 1, 0)
    now = status(fridays, CHICAGO, saturday_1am)
    assert now.is_open and now.next_close == chicago(2026, 6, 6, 2, 0)
    later = status(fridays, CHICAGO, chicago(2026, 6, 6, 3, 0))
    assert not later.is_open and later.next_open == chicago(2026, 6, 12, 22, 0)


def test_back_to_back_windows_close_at_the_real_close_not_at_midnight():
    windows = parse_hours(
        [
            {"days": [0], "open": "22:00", "close": "24:00"},
            {"days": [1], "open": "00:00", "close": "08:00"},
        ]
    )
    now = status(windows, CHICAGO, chicago(2026, 6, 1, 23, 0))  # Monday
    assert now.next_close == chicago(2026, 6, 2, 8, 0)


def test_a_schedule_open_round_the_clock_never_closes():
    windows = parse_hours([{"days": EVERY_DAY, "open": "00:00", "close": "24:00"}])
    assert status(windows, CHICAGO, chicago(2026, 3, 8, 2, 30)) == OpeningStatus(is_open=True)


def test_no_windows_means_closed_with_no_next_opening():
    assert status((), CHICAGO, utc(2026, 1, 1)) == OpeningStatus(is_open=False)


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError, match="aware"):
        status(ILLINOIS_WARM_LINE, CHICAGO, datetime(2026, 1, 1, 12, 0))


def test_a_zone_can_be_named_and_an_unknown_name_is_refused():
    assert status(ILLINOIS_WARM_LINE, "America/Chicago", chicago(2026, 6, 1, 9)).is_open
    with pytest.raises(ValueError, match="time zone"):
        status(ILLINOIS_WARM_LINE, "Mars/Olympus_Mons", chicago(2026, 6, 1, 9))


# Parsing what administrators type -------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"days": [0]},
        [{"days": [0], "open": "08:00"}],
        [{"days": [], "open": "08:00", "close": "20:00"}],
        [{"days": [7], "open": "08:00", "close": "20:00"}],
        [{"days": [0, 0], "open": "08:00", "close": "20:00"}],
        [{"days": [True], "open": "08:00", "close": "20:00"}],
        [{"days": [0], "open": "8am", "close": "20:00"}],
        [{"days": [0], "open": "24:00", "close": "20:00"}],
        [{"days": [0], "open": "08:00", "close": "24:30"}],
        [{"days": [0], "open": "08:00", "close": "08:00"}],
        [{"days": [0], "open": "08:00", "close": "20:00", "tz": "UTC"}],
        ["Mon-Fri 9-5"],
    ],
)
def test_malformed_hours_are_refused_with_a_reason(bad):
    with pytest.raises(ValueError):
        parse_hours(bad)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(json_values)
def test_any_json_either_parses_or_raises_value_error(data):
    try:
        parse_hours(data)
    except ValueError:
        pass


def test_a_full_day_can_be_written_as_midnight_to_24_00():
    (w,) = parse_hours([{"days": [0], "open": "00:00", "close": "24:00"}])
    assert (w.opens, w.closes, w.crosses_midnight) == (0, 1440, False)


# Words ---------------------------------------------------------------------------------------


def test_badges_read_naturally_in_the_lines_time_zone():
    closed = status(ILLINOIS_WARM_LINE, CHICAGO, chicago(2026, 11, 29, 12, 0))  # Sunday
    assert describe_status(closed, CHICAGO) == "Closed, opens Mon 8am Central time"
    open_ = status(ILLINOIS_WARM_LINE, CHICAGO, chicago(2026, 11, 30, 12, 0))
    assert describe_status(open_, CHICAGO) == "Open now, closes Mon 8pm Central time"


def test_a_close_at_midnight_is_named_by_the_day_that_ends():
    windows = parse_hours([{"days": [5], "open": "18:00", "close": "24:00"}])
    now = status(windows, CHICAGO, chicago(2026, 6, 6, 19, 0))  # Saturday
    assert describe_status(now, CHICAGO) == "Open now, closes Sat midnight Central time"


def test_clock_times_read_as_people_say_them():
    assert [format_clock(m) for m in (0, 8 * 60, 8 * 60 + 30, 12 * 60, 20 * 60, 23 * 60 + 5)] == [
        "midnight",
        "8am",
        "8:30am",
        "noon",
        "8pm",
        "11:05pm",
    ]


def test_weekly_hours_are_summarised_in_one_line():
    assert describe_hours(ILLINOIS_WARM_LINE, CHICAGO) == "Mon–Sat 8am–8pm Central time"
    weekends = parse_hours([{"days": [5, 6], "open": "10:00", "close": "14:00"}])
    assert describe_hours(weekends, "America/Los_Angeles") == "Sat, Sun 10am–2pm Pacific time"


def test_an_unfamiliar_zone_is_labelled_by_its_abbreviation():
    assert zone_label("Australia/Sydney", utc(2026, 1, 15)) == "AEDT"
