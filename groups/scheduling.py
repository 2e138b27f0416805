"""Time zones and repeats for group sessions: pure functions, no database.

A facilitator thinks in local time ("Tuesdays at 7pm in Chicago"); the database stores UTC.
Repeats are computed on the local calendar and only then converted, so a weekly group stays at
7pm local time when the clocks change, and its UTC hour moves instead.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# A year of weekly meetings: enough for any real group, small enough to create up front (so
# nothing needs a sweeper to make the next meeting, and each is its own row at once).
MAX_MEETINGS = 52


class SchedulingError(ValueError):
    """The time cannot be used; the message is safe to show the facilitator."""


REPEAT_NONE, REPEAT_WEEKLY, REPEAT_FORTNIGHTLY = "none", "weekly", "fortnightly"
REPEAT_CHOICES = [
    (REPEAT_NONE, "Just once"),
    (REPEAT_WEEKLY, "Every week"),
    (REPEAT_FORTNIGHTLY, "Every two weeks"),
]
WEEKS_BETWEEN = {REPEAT_NONE: 0, REPEAT_WEEKLY: 1, REPEAT_FORTNIGHTLY: 2}


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone called `name`; SchedulingError for anything else (no file paths, no
    POSIX strings: only names the tz database lists)."""
    name = (name or "").strip()
    if name not in known_zone_names():
        raise SchedulingError(
            f"“{name}” is not a time zone we know. Try a name like Europe/London."
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise SchedulingError(f"“{name}” is not a time zone we know.") from error


_KNOWN: frozenset[str] | None = None


def known_zone_names() -> frozenset[str]:
    global _KNOWN
    if _KNOWN is None:
        _KNOWN = frozenset(available_timezones() | {"UTC"})
    return _KNOWN


def zone_or_utc(name: str | None) -> ZoneInfo:
    """The reader's zone for display: their choice when it is a real zone, else UTC."""
    try:
        return zone_named(name or "UTC")
    except SchedulingError:
        return ZoneInfo("UTC")


@dataclass(frozen=True)
class LocalTime:
    """A wall-clock time resolved to one instant. `ambiguous` says the clocks went back at that
    hour, so it happened twice; we take the first (daylight) one and the form says so."""

    at: datetime  # aware, UTC
    ambiguous: bool = False


def _exists(local: datetime) -> bool:
    """Whether a wall-clock time exists in its zone (it does not inside a spring-forward gap)."""
    round_trip = local.astimezone(UTC).astimezone(local.tzinfo)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)


def resolve_local(naive: datetime, zone: ZoneInfo) -> LocalTime:
    """The instant a wall-clock time in `zone` names. SchedulingError inside a DST gap (that
    time never happens there); the earlier instant in a DST fold, marked ambiguous."""
    first = naive.replace(tzinfo=zone, fold=0)
    if not _exists(first):
        raise SchedulingError(
            f"{naive:%H:%M} does not happen on {naive:%d %B %Y} in {zone.key}: the clocks "
            "go forward that night. Please pick another time."
        )
    second = naive.replace(tzinfo=zone, fold=1)
    ambiguous = first.utcoffset() != second.utcoffset()
    return LocalTime(at=first.astimezone(UTC), ambiguous=ambiguous)


def _shift_past_gap(naive: datetime, zone: ZoneInfo) -> datetime:
    """A repeat that lands in a DST gap moves to the first time that exists after it (2:30
    becomes 3:30), rather than vanishing from the series."""
    local = naive.replace(tzinfo=zone)
    if _exists(local):
        return local.astimezone(UTC)
    # fold=0 before a gap uses the offset from before the change, which lands after the gap.
    return local.astimezone(UTC).astimezone(zone).astimezone(UTC)


def meeting_starts(
    *,
    first: datetime,
    zone: ZoneInfo,
    repeat: str,
    until: date | None = None,
    count: int | None = None,
) -> list[datetime]:
    """The UTC start of every meeting: `first` (naive, local to `zone`), then every one or two
    weeks at the same local time, up to and including `until` or `count` meetings (at most
    MAX_MEETINGS). The first meeting must be a real local time (see resolve_local)."""
    starts = [resolve_local(first, zone).at]
    weeks = WEEKS_BETWEEN[repeat]
    if not weeks:
        return starts
    if until is None and count is None:
        raise SchedulingError("Say when the repeats end: a last date or a number of meetings.")
    limit = min(count or MAX_MEETINGS, MAX_MEETINGS)
    n = 1
    while len(starts) < limit:
        local = first + timedelta(weeks=weeks * n)
        if until is not None and local.date() > until:
            break
        starts.append(_shift_past_gap(local, zone))
        n += 1
    return starts
