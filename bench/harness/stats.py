"""Percentiles, medians and A/B ratios, in plain Python."""

import math
import statistics


def percentile(values, q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty sequence."""
    data = sorted(values)
    if not data:
        return math.nan
    if len(data) == 1:
        return data[0]
    rank = (len(data) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (rank - low)


def median(values) -> float:
    values = list(values)
    return statistics.median(values) if values else math.nan


def spread(values) -> str:
    """min-max of a small sample, as text."""
    values = [v for v in values if not math.isnan(v)]
    if not values:
        return "-"
    return f"{fmt(min(values))}-{fmt(max(values))}"


def ratios(numerators, denominators) -> list[float]:
    """Round-by-round ratios of paired (interleaved) samples; empty when either side is
    (a target not measured in this profile). Rounds stop only at round boundaries, so the
    lists of two measured targets have the same length."""
    return [n / d for n, d in zip(numerators, denominators, strict=False) if d]


def fmt(value: float, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.{digits}g}"


def table(headers: list[str], rows: list[list], title: str = "") -> str:
    """A Markdown table (readable in a terminal and pasteable into bench/README.md)."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    lines = []
    if title:
        lines += [title, ""]
    lines.append("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    return "\n".join(lines)


class RoundBudget:
    """Rounds within a time budget: the first always runs; another starts only if one more
    round of the longest length seen so far still fits."""

    def __init__(self, rounds: int, seconds: float):
        import time

        self._now = time.monotonic
        self.rounds, self.seconds = rounds, seconds
        self.started = self._now()
        self.longest = 0.0
        self.done = 0

    def __iter__(self):
        for number in range(self.rounds):
            elapsed = self._now() - self.started
            if number and elapsed + self.longest > self.seconds:
                print(
                    f"   stopping after {number} of {self.rounds} rounds: the next would pass "
                    f"the {self.seconds:.0f} s budget (--budget to change)",
                    flush=True,
                )
                return
            began = self._now()
            yield number
            self.longest = max(self.longest, self._now() - began)
            self.done = number + 1
