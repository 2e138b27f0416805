"""Where accounts reaches safety, which it sits below and cannot import: the crisis rating of a
profile's "about" line. Imported once from SafetyConfig.ready()."""

from accounts.profiles import TextRating, register_about_rater
from safety.services import assess_text
from safety.severity import Severity


def rate_profile_line(text: str) -> TextRating:
    """A profile line rated high or imminent, or one the scanner failed on, is kept from
    everyone but its author (who is shown the support panel)."""
    assessment = assess_text(text)
    return TextRating(
        withhold=assessment.failed or Severity(assessment.severity).at_risk,
        failed=assessment.failed,
    )


register_about_rater(rate_profile_line)
