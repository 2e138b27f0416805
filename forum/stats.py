"""Small statistics shared by the pages that report how quickly people are heard (forum's
time to first reply, the moderators' dashboard), so both count the same way."""

import math


def nearest_rank(sorted_values: list, fraction: float):
    """Nearest-rank percentile: the smallest value with `fraction` of the values at or below.
    It is always one of the observed values, never an interpolation between two people's
    waits, so "90% waited at most this long" is literally true. None for no values."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]
