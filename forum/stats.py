"""Small statistics shared by the pages that report how quickly people are heard (forum's
time to first reply, the moderators' dashboard), so both count the same way."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


def nearest_rank(sorted_values: list, fraction: float):
    """Nearest-rank percentile: the smallest value with `fraction` of the values at or below.
    It is always one of the observed values, never an interpolation between two people's
    waits, so "90% waited at most this long" is literally true. None for no values."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class WaitTimes:
    """Waits that began in the last `days`: `measured` ended (a reply, an action), `pending`
    have not, and are counted rather than dropped, since they are the ones that matter."""

    days: int
    measured: int
    pending: int
    median: timedelta | None
    p90: timedelta | None

    @property
    def median_text(self) -> str:
        return describe_wait(self.median)

    @property
    def p90_text(self) -> str:
        return describe_wait(self.p90)


def times_per_window(rows, *, now: datetime, windows) -> list[WaitTimes]:
    """(start, end or None) pairs, fetched once for the longest window, cut per window."""
    results = []
    for days in windows:
        since = now - timedelta(days=days)
        in_window = [(start, end) for start, end in rows if start >= since]
        waits = sorted(end - start for start, end in in_window if end is not None)
        results.append(
            WaitTimes(
                days=days,
                measured=len(waits),
                pending=len(in_window) - len(waits),
                median=nearest_rank(waits, 0.5),
                p90=nearest_rank(waits, 0.9),
            )
        )
    return results


def describe_wait(duration: timedelta | None) -> str:
    """A wait for people: "under a minute", "12 min", "3 h 5 min", "2 days 4 h"; "–" for none."""
    if duration is None:
        return "–"
    minutes = int(duration.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    days_text = f"{days} day{'s' if days != 1 else ''}"
    return f"{days_text} {hours} h" if hours else days_text
