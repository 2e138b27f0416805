"""How much risk a text shows: one enum and its order, for the scanner, the model and every app
that stores or shows a rating.

The values are the plain strings stored in the database and sent in JSON ("none", "low",
"high", "imminent"); a `Severity` is a `str`, so it compares equal to a stored value and renders
as one in templates. Pure Python: the scanner imports it without Django.
"""

from __future__ import annotations

import enum


class Severity(enum.StrEnum):
    """Lowest first: the order of the members is the order of the risk."""

    NONE = "none"
    LOW = "low"
    HIGH = "high"
    IMMINENT = "imminent"

    @property
    def rank(self) -> int:
        """0 for none up to 3 for imminent."""
        return _RANKS[self]

    def at_least(self, threshold: str) -> bool:
        return self.rank >= severity_rank(threshold)

    @property
    def touches_on_crisis(self) -> bool:
        """Low or above: the text touches on crisis (the quiet support line at least)."""
        return self is not Severity.NONE

    @property
    def at_risk(self) -> bool:
        """High or imminent: someone may be at risk now (the support panel, a flag)."""
        return self.at_least(Severity.HIGH)


SEVERITIES = tuple(s.value for s in Severity)
# Keyed by the members, which hash and compare as their strings, so a stored "high" finds its
# rank without being converted first (the scanner asks this for every hit).
_RANKS = {severity: rank for rank, severity in enumerate(Severity)}


def severity_rank(severity: str) -> int:
    """The rank of a severity or of its stored string; ValueError naming an unknown one."""
    try:
        return _RANKS[severity]
    except KeyError:
        raise ValueError(f"unknown severity {severity!r}; use one of {SEVERITIES}") from None


def max_severity(*severities: str) -> Severity:
    """The most severe of the given severities or stored strings."""
    return Severity(max(severities, key=severity_rank))
