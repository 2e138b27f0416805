"""What the apps above accounts add to a member's profile, without accounts importing them
(tests/core/test_layering.py): the sections of the profile page (forum: the member's named
posts) and the crisis rating of the profile's "about" line (safety). They register here from
their AppConfig.ready().
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)

_PROFILE_SECTIONS: list[Callable] = []
_about_rater: Callable | None = None


@dataclass(frozen=True)
class TextRating:
    """What accounts needs of a crisis rating: keep the line from everyone but its author (a
    high or imminent rating, or none at all), and whether the rating failed. The rater, in
    safety, decides; accounts never spells a severity."""

    withhold: bool
    failed: bool = False


UNRATED_EMPTY_TEXT = TextRating(withhold=False)
# A text nobody could rate counts as worrying: the scanner's own failures do too (fail closed).
RATING_FAILED = TextRating(withhold=True, failed=True)


def add_to_profiles(section: Callable) -> None:
    """Add `section(member)`'s dict to the profile page's template context. Idempotent."""
    if section not in _PROFILE_SECTIONS:
        _PROFILE_SECTIONS.append(section)


def profile_sections(member) -> dict:
    """The template context every registered section adds for `member`'s profile."""
    context = {}
    for section in _PROFILE_SECTIONS:
        context.update(section(member))
    return context


def register_about_rater(rater: Callable) -> None:
    """Rate profile lines with `rater(text)`, which returns a TextRating
    (safety.account_receivers.rate_profile_line)."""
    global _about_rater
    _about_rater = rater


def rate_about_line(text: str) -> TextRating:
    """The crisis rating of a profile line. Never raises: no rater, or a rater that raises,
    gives RATING_FAILED, which keeps the line from everyone but its author."""
    if _about_rater is None:
        logger.error("No crisis rater is registered; the profile line is withheld")
        return RATING_FAILED
    try:
        return _about_rater(text)
    except Exception:
        logger.exception("Rating a profile line failed; the line is withheld")
        return RATING_FAILED
