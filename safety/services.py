"""What the rest of the forum asks of crisis detection: rate a piece of text.

`assess_text` is the one entry point for member text: it uses this process's lexicon
(safety.lexicon_source) and the model layer when it is on (safety.layers), reads the text as
readers will see it (safety.displayed), and never raises.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings

from safety.severity import SEVERITIES, Severity, max_severity

logger = logging.getLogger(__name__)

# The layer safety.ml.fusion names for a lexicon "high" the crisis model read, with confidence,
# as nobody at risk now (past, figurative, quoted, or asking for someone safe): rated "low".
LOWERED_LAYER = "lowered"


@dataclass(frozen=True)
class Assessment:
    """The scanner's verdict on a piece of text, or the fact that it could not give one."""

    severity: str
    categories: tuple[str, ...] = ()
    matches: tuple[dict, ...] = field(default_factory=tuple)
    lexicon_version: str = ""
    failed: bool = False
    # Which layer decided ("lexicon", "model", "both") and the model's risk score, if it ran.
    layer: str = "lexicon"
    model_score: float | None = None
    # The model layer that rated the text ("" when none did), and why the text was rated as it
    # was, in a line for moderators ("lexicon: 'kill myself' (suicide, high); model: ...").
    model_version: str = ""
    reason: str = ""


def is_crisis(assessment: Assessment) -> bool:
    """A crisis rating (settings.CRISIS_FLAG_SEVERITIES) or a scan that failed (fail closed)."""
    return assessment.failed or assessment.severity in settings.CRISIS_FLAG_SEVERITIES


def asks_for_review(assessment: Assessment) -> bool:
    """Whether a moderator should look at the text: a crisis (is_crisis), or a lexicon "high"
    the model lowered to "low" (shown, not held, and no support panel; a moderator checks the
    model, not the keyword, was right). Every place members write applies this one rule."""
    return is_crisis(assessment) or assessment.layer == LOWERED_LAYER


def current_lexicon():
    """The lexicon in force for this process (see safety.lexicon_source)."""
    from safety.lexicon_source import current_lexicon as source

    return source()


def assess_text(text: str, *, displayed: str | None = None) -> Assessment:
    """Rate member text for risk: `text` as written and, when it is rendered before readers see
    it, `displayed`, the text of the rendered page (tags removed, entities decoded). The lexicon
    reads both, so words that come together only on the page are caught and words hidden from
    the page still count; the model reads what is displayed (see safety.layers).

    Never raises: a scanner error comes back as `failed`, which the posting services treat as
    "hold for review" (fail closed)."""
    from safety.layers import rate_with_layers

    try:
        lexicon = current_lexicon()
        layered = rate_with_layers(text, lexicon, displayed=displayed)
        result = layered.result
    except Exception as error:
        logger.exception("Crisis scan failed; the post will be held for review")
        reason = f"the scanner failed ({type(error).__name__}), so the text is held for review"
        return Assessment(severity=Severity.HIGH, failed=True, reason=reason)
    return Assessment(
        severity=result.severity,
        categories=tuple(result.categories),
        matches=tuple(
            m.__dict__ if not hasattr(m, "to_dict") else m.to_dict() for m in result.matches
        ),
        lexicon_version=getattr(lexicon, "version", ""),
        layer=layered.layer,
        model_score=layered.model_score,
        model_version=layered.model_version,
        reason=layered.reason,
    )


def higher_severity(first: str, second: str) -> Severity:
    """The more severe of two stored values; an unknown value counts as "none"."""
    return max_severity(*(s if s in SEVERITIES else Severity.NONE for s in (first, second)))
