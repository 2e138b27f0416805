"""Where accounts reaches safety, which it sits below and cannot import: the crisis rating of a
profile's "about" line. Imported once from SafetyConfig.ready()."""

from accounts.profiles import register_about_rater
from safety.services import assess_text

register_about_rater(assess_text)
