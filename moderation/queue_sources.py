"""Items for the moderation queue that live in apps above moderation (a group session's held or
reported message), registered from those apps' AppConfig.ready(), so moderation never imports
them. The queue page lists their open items, the dashboard counts them, and the crisis lane's
sweep (moderation.escalation.escalate_overdue) escalates the overdue ones like its own.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from moderation.escalation import ResponseClock

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExternalItem:
    """One open item from a registered source, as the queue shows it."""

    kind: str  # "Group session message"
    title: str  # where it comes from ("Tuesday evening group")
    reason: str  # "Held by the crisis scanner", "Reported by a participant"
    severity: str
    opened_at: datetime
    review_url: str
    response_clock: ResponseClock | None = None


@dataclass(frozen=True)
class OverdueItem:
    """An item a source just marked overdue: moderation records it and alerts people."""

    text: str
    detail: dict


@dataclass(frozen=True)
class CrisisCounts:
    """A source's crisis items (held for risk, or a failed scan) for the dashboard."""

    open: int = 0  # still waiting for a moderator
    handled: int = 0  # decided by this moderator in the period asked about

    def __add__(self, other: "CrisisCounts") -> "CrisisCounts":
        return CrisisCounts(open=self.open + other.open, handled=self.handled + other.handled)


@dataclass(frozen=True)
class QueueSource:
    name: str
    # Open items, most urgent first (the source's own order); open_items(boards): `boards` None
    # for every board, else a scoped moderator's board ids.
    open_items: Callable[[list[int] | None], list[ExternalItem]]
    # Mark every item past its target overdue (once each) and describe them.
    escalate_overdue: Callable[[datetime], list[OverdueItem]]
    # crisis_counts(moderator=, boards=, since=, now=): `boards` None for every board, else a
    # scoped moderator's board ids, whose numbers cover only those boards.
    crisis_counts: Callable[..., CrisisCounts] | None = None


_SOURCES: dict[str, QueueSource] = {}


def register_queue_source(source: QueueSource) -> None:
    """Add (or replace, by name) a source. Idempotent."""
    _SOURCES[source.name] = source


def queue_sources() -> list[QueueSource]:
    return list(_SOURCES.values())


def external_items(*, boards: list[int] | None) -> list[ExternalItem]:
    """Every source's open items a moderator scoped to `boards` (None: every board) may see."""
    items = []
    for source in queue_sources():
        items.extend(source.open_items(boards))
    return items


def external_crisis_counts(
    *, moderator, boards: list[int] | None, since: datetime, now: datetime
) -> CrisisCounts:
    """Every source's crisis items: open now, and decided by `moderator` since `since`."""
    total = CrisisCounts()
    for source in queue_sources():
        if source.crisis_counts is not None:
            total += source.crisis_counts(moderator=moderator, boards=boards, since=since, now=now)
    return total


def escalate_external(now: datetime) -> list[OverdueItem]:
    """Every source's overdue items; a failing source does not stop the others."""
    overdue = []
    for source in queue_sources():
        try:
            overdue.extend(source.escalate_overdue(now))
        except Exception:
            logger.exception("Could not escalate overdue items of %s", source.name)
    return overdue
