"""Moderation's side of a post: assessing text for risk and recording flags."""

import logging
from dataclasses import dataclass, field

from moderation.models import Flag, FlagReason

logger = logging.getLogger(__name__)

SEVERITY_ORDER = ("none", "low", "high", "imminent")


@dataclass(frozen=True)
class Assessment:
    """The scanner's verdict on a piece of text, or the fact that it could not give one."""

    severity: str
    categories: tuple[str, ...] = ()
    matches: tuple[dict, ...] = field(default_factory=tuple)
    lexicon_version: str = ""
    failed: bool = False


def current_lexicon():
    """The lexicon in force for this process (see moderation.lexicon_source)."""
    from moderation.lexicon_source import current_lexicon as source

    return source()


def assess_text(text: str) -> Assessment:
    """Scan text for risk. Never raises: a scanner error comes back as `failed`, which the
    posting services treat as "hold for review" (fail closed)."""
    from moderation import scanner

    try:
        lexicon = current_lexicon()
        result = scanner.scan(text, lexicon)
    except Exception:
        logger.exception("Crisis scan failed; the post will be held for review")
        return Assessment(severity="high", failed=True)
    return Assessment(
        severity=result.severity,
        categories=tuple(result.categories),
        matches=tuple(
            m.__dict__ if not hasattr(m, "to_dict") else m.to_dict() for m in result.matches
        ),
        lexicon_version=getattr(lexicon, "version", ""),
    )


def flag_post(*, post, assessment: Assessment | None = None, reason: str = FlagReason.SCAN) -> Flag:
    """Put a post in the moderation queue. Call inside the posting transaction."""
    if assessment is not None and assessment.failed:
        reason = FlagReason.SCAN_FAILED
    return Flag.objects.create(
        post=post,
        reason=reason,
        severity=assessment.severity if assessment else "none",
        categories=list(assessment.categories) if assessment else [],
        matches=list(assessment.matches) if assessment else [],
        lexicon_version=assessment.lexicon_version if assessment else "",
    )


def severity_at_least(severity: str, threshold: str) -> bool:
    return SEVERITY_ORDER.index(severity) >= SEVERITY_ORDER.index(threshold)
