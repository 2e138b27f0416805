"""Weekly opening hours: is a line open at an instant, and when does that change.

Pure: no Django imports, no database. Hours are data, a list of windows in the line's own
wall-clock time, as administrators type them:

    [{"days": [0, 1, 2, 3, 4, 5], "open": "08:00", "close": "20:00"}]

`days` are weekdays, 0 = Monday ... 6 = Sunday. A window whose close is at or before its open
crosses midnight ("22:00" to "02:00" closes on the next day); "24:00" closes at the end of the
day. Windows are turned into real instants one calendar day at a time in the line's time zone
and compared in UTC, so daylight-saving changes fall out of zoneinfo instead of arithmetic:
a wall time skipped by a spring-forward change is read with the offset before the change
(02:30 on a spring-forward night behaves as 03:30), and a wall time repeated in the autumn is
its first occurrence.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MINUTES_PER_DAY = 24 * 60
_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
# A weekly schedule with any gap leaves a gap in every 7 days (plus an hour of DST); an
# interval longer than this is a schedule open around the clock.
_CONTINUOUS = timedelta(days=8)
_LOOKAHEAD_DAYS = 16

# Readers near a line know its zone by these names; elsewhere the abbreviation will do.
ZONE_LABELS = {
    "America/New_York": "Eastern time",
    "America/Chicago": "Central time",
    "America/Denver": "Mountain time",
    "America/Phoenix": "Arizona time",
    "America/Los_Angeles": "Pacific time",
    "America/Anchorage": "Alaska time",
    "Pacific/Honolulu": "Hawaii time",
    "America/Toronto": "Eastern time",
    "America/Vancouver": "Pacific time",
    "Europe/London": "UK time",
    "Europe/Dublin": "Irish time",
}


@dataclass(frozen=True)
class Window:
    """One weekly opening: on each of `days`, from `opens` to `closes`, in minutes after
    midnight. `closes` <= `opens` means the window ends on the next day."""

    days: frozenset[int]
    opens: int
    closes: int

    @property
    def crosses_midnight(self) -> bool:
        return self.closes <= self.opens


@dataclass(frozen=True)
class OpeningStatus:
    """Open or closed at one instant. While open, `next_close` is when it closes (None: never,
    the schedule is continuous); while closed, `next_open` is when it opens (None: never).
    Both are aware datetimes in the line's time zone, for display; convert them to UTC before
    adding or subtracting, since arithmetic within one zone is wall-clock arithmetic."""

    is_open: bool
    next_open: datetime | None = None
    next_close: datetime | None = None

    @property
    def next_change(self) -> datetime | None:
        return self.next_close if self.is_open else self.next_open


def zone_named(name: str) -> ZoneInfo:
    """The time zone called `name`; ValueError for anything zoneinfo does not know."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(f"{name!r} is not a time zone name such as America/Chicago") from exc


def _minutes(value, field: str, *, allow_end_of_day: bool) -> int:
    match = _CLOCK.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f'"{field}" must be a 24-hour time like "08:00", got {value!r}')
    hours, minutes = int(match[1]), int(match[2])
    if hours == 24 and (minutes or not allow_end_of_day):
        raise ValueError(f'"{field}" {value!r} is not a time of day ("24:00" only as a close)')
    return hours * 60 + minutes


def parse_hours(data) -> tuple[Window, ...]:
    """Check hours as stored and return them as windows; ValueError says what is wrong."""
    if not isinstance(data, list):
        raise ValueError("Hours must be a list of windows, or empty.")
    windows = []
    for number, item in enumerate(data, start=1):
        try:
            windows.append(_parse_window(item))
        except ValueError as exc:
            raise ValueError(f"Window {number}: {exc}") from None
    return tuple(windows)


def _parse_window(item) -> Window:
    if not isinstance(item, dict) or set(item) != {"days", "open", "close"}:
        raise ValueError('write each window as {"days": [0, 1], "open": "08:00", "close": "20:00"}')
    days = item["days"]
    if (
        not isinstance(days, list)
        or not days
        or any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in days)
        or len(set(days)) != len(days)
    ):
        raise ValueError('"days" must list different weekdays from 0 (Monday) to 6 (Sunday)')
    opens = _minutes(item["open"], "open", allow_end_of_day=False)
    closes = _minutes(item["close"], "close", allow_end_of_day=True)
    if opens == closes % MINUTES_PER_DAY and closes != MINUTES_PER_DAY:
        raise ValueError('"open" and "close" are the same time; for round the clock use 24/7')
    return Window(days=frozenset(days), opens=opens, closes=closes)


def _instant(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    day += timedelta(days=minutes // MINUTES_PER_DAY)
    minutes %= MINUTES_PER_DAY
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
    return wall.astimezone(UTC)


def _open_intervals(windows, zone: ZoneInfo, first: date, days: int):
    """Every opening from `first` on, as (start, end) UTC pairs, overlapping ones merged."""
    intervals = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        for window in windows:
            if day.weekday() not in window.days:
                continue
            start = _instant(day, window.opens, zone)
            end_day = day + timedelta(days=1) if window.crosses_midnight else day
            end = _instant(end_day, window.closes, zone)
            if end > start:  # a window inside a skipped spring-forward hour is empty
                intervals.append((start, end))
    intervals.sort()
    merged: list[list[datetime]] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def opening_status(windows, zone: ZoneInfo | str, at: datetime) -> OpeningStatus:
    """Whether a line with these weekly `windows` in `zone` is open at the aware instant `at`,
    and when that next changes."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("opening_status needs an aware datetime")
    if isinstance(zone, str):
        zone = zone_named(zone)
    now = at.astimezone(UTC)
    # A window opening yesterday may still be open; two weeks ahead holds every next change.
    first = now.astimezone(zone).date() - timedelta(days=1)
    for start, end in _open_intervals(windows, zone, first, _LOOKAHEAD_DAYS):
        if end <= now:
            continue
        if start <= now:
            closes = None if end - now > _CONTINUOUS else end.astimezone(zone)
            return OpeningStatus(is_open=True, next_close=closes)
        return OpeningStatus(is_open=False, next_open=start.astimezone(zone))
    return OpeningStatus(is_open=False)


# Words for people -----------------------------------------------------------------------


def zone_label(zone: ZoneInfo | str, at: datetime | None = None) -> str:
    """ "Central time" for zones readers know by name, else the abbreviation at `at`."""
    key = zone if isinstance(zone, str) else zone.key
    if key in ZONE_LABELS:
        return ZONE_LABELS[key]
    moment = (at or datetime.now(UTC)).astimezone(zone_named(key))
    return moment.tzname() or key


def format_clock(minutes_or_moment, *, midnight: str = "midnight") -> str:
    """8am, 8:30pm, noon, midnight."""
    if isinstance(minutes_or_moment, datetime):
        minutes = minutes_or_moment.hour * 60 + minutes_or_moment.minute
    else:
        minutes = minutes_or_moment % MINUTES_PER_DAY
    hour, minute = divmod(minutes, 60)
    if minutes == 0:
        return midnight
    if minutes == 12 * 60:
        return "noon"
    suffix = "am" if hour < 12 else "pm"
    hour = hour % 12 or 12
    return f"{hour}{suffix}" if minute == 0 else f"{hour}:{minute:02d}{suffix}"


def describe_status(status: OpeningStatus, zone: ZoneInfo | str) -> str:
    """ "Open now, closes Sat 8pm Central time" / "Closed, opens Mon 8am Central time"."""
    moment = status.next_change
    if moment is None:
        return "Open now" if status.is_open else "Closed"
    day = moment.weekday()
    if status.is_open:
        clock = format_clock(moment)
        if clock == "midnight":  # the end of the day before, not the start of this one
            day = (day - 1) % 7
    else:
        clock = format_clock(moment, midnight="12am")
    when = f"{DAY_NAMES[day]} {clock} {zone_label(zone, moment)}"
    return f"Open now, closes {when}" if status.is_open else f"Closed, opens {when}"


def _day_ranges(days: frozenset[int]) -> str:
    if len(days) == 7:
        return "Every day"
    ordered = sorted(days)
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_NAMES[run[0]]}–{DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[d] for d in run)
    return ", ".join(parts)


def describe_hours(windows, zone: ZoneInfo | str) -> str:
    """ "Mon–Sat 8am–8pm Central time" for a schedule, one clause per window."""
    clauses = [
        f"{_day_ranges(w.days)} {format_clock(w.opens)}–{format_clock(w.closes)}" for w in windows
    ]
    return f"{'; '.join(clauses)} {zone_label(zone)}" if clauses else ""
