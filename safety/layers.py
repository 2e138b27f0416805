"""The two layers of crisis scanning: the lexicon (always) and the fine-tuned model (when on).

safety.ml.fusion combines them: an imminent lexicon phrase is never lowered, the model raises,
and a lexicon "high" the model confidently reads as nobody at risk now becomes "low". If the
model cannot load, the error is logged once, `model_status()` says so (on /healthz and the
moderators' pages), and the lexicon keeps working alone.
"""

import functools
import logging
from dataclasses import dataclass

from django.conf import settings

from safety import scanner
from safety.displayed import ReadResult, place, scan_as_read
from safety.severity import Severity

logger = logging.getLogger(__name__)


@functools.cache
def crisis_model_layer():
    """The loaded model layer for this process, or None (turned off, or unable to load)."""
    if not settings.CRISIS_MODEL_ENABLED:
        return None
    try:
        from safety.ml.tuned import ModelLoadError, TunedModel
    except ImportError:
        logger.exception("Crisis model layer unavailable: its runtime packages are missing")
        return None
    try:
        return TunedModel.load(model_dir=settings.CRISIS_MODEL_DIR or None)
    except ModelLoadError as error:
        logger.error("Crisis model layer unavailable, the lexicon works alone: %s", error)
        return None


def model_status() -> str:
    """ "ok", "off" (turned off in settings) or "unavailable" (configured but not loaded)."""
    if not settings.CRISIS_MODEL_ENABLED:
        return "off"
    return "ok" if crisis_model_layer() is not None else "unavailable"


def model_version() -> str:
    """The loaded model layer's version, or "" when the model is off or unavailable."""
    if not settings.CRISIS_MODEL_ENABLED:
        return ""
    return str(getattr(crisis_model_layer(), "version", "") or "")


@dataclass(frozen=True)
class LayeredResult:
    """The combined verdict, and which layer it came from, for moderators."""

    result: scanner.ScanResult
    layer: str  # "lexicon", "model" (raised), "both" (both flagged), "lowered" (see fusion)
    model_score: float | None
    model_version: str = ""  # the model layer that rated the text, "" when none did
    reason: str = ""  # why, in a line for moderators (see explain)


def rate_with_layers(
    text: str, lexicon: scanner.Lexicon, layer=None, *, displayed: str | None = None
) -> LayeredResult:
    """The lexicon's verdict, raised by the model's when the model is on. `displayed` is what
    readers will see of `text` (rendered), when the caller has it: the lexicon reads both
    (safety.displayed), the model, which costs a hundred times more, only what is displayed.
    A model failure on one post leaves the lexicon's rating standing (logged); a lexicon
    failure propagates, so the caller fails closed."""
    read_result = scan_as_read(text, lexicon, displayed=displayed)
    lexical = read_result.result
    layer = layer if layer is not None else crisis_model_layer()
    if layer is None:
        return LayeredResult(lexical, "lexicon", None, reason=explain(read_result, "lexicon"))
    try:
        from safety.ml.fusion import describe, fuse

        read = text if displayed is None else displayed
        rating = layer.rate(read)
        fused = fuse(lexical, rating, layer.thresholds)
        combined = _placed(fused.result, len(lexical.matches), read, text)
    except Exception:
        logger.exception("Crisis model failed on a post; the lexicon's rating stands")
        reason = explain(read_result, "lexicon", model="failed on this text")
        return LayeredResult(lexical, "lexicon", None, reason=reason)
    return LayeredResult(
        combined,
        fused.layer,
        rating.at_least_high,
        model_version=str(getattr(layer, "version", "") or ""),
        reason=explain(read_result, fused.layer, model=describe(rating, layer.thresholds)),
    )


_DECIDED = {
    "lexicon": "the lexicon",
    "model": "the model",
    "both": "both layers",
    "lowered": "the model, which reads nobody at risk now (past, figurative, or asking for "
    "someone who is safe): rated low",
}
_WORDS_SHOWN = 4


def explain(read: ReadResult, decided: str, *, model: str = "off") -> str:
    """Why a text was rated as it was, in one line for moderators: "lexicon: 'kill myself'
    (suicide, high), 'tonight' (timing); model: high, risk 0.93; decided by both layers".
    Words found only on the rendered page say so ("as displayed")."""
    words = []
    for match, seen in zip(read.result.matches, read.seen, strict=False):
        where = ", as displayed" if match.start < 0 else ""
        rating = "" if match.severity == Severity.NONE else f", {match.severity}"
        words.append(f"'{seen}' ({match.category}{rating}{where})")
    if len(words) > _WORDS_SHOWN:
        words[_WORDS_SHOWN:] = [f"{len(words) - _WORDS_SHOWN} more"]
    lexicon = ", ".join(words) or "no match"
    return f"lexicon: {lexicon}; model: {model}; decided by {_DECIDED.get(decided, decided)}"


def scan_with_layers(text: str, lexicon: scanner.Lexicon, layer=None) -> scanner.ScanResult:
    return rate_with_layers(text, lexicon, layer).result


def _placed(result: scanner.ScanResult, lexical: int, read: str, text: str) -> scanner.ScanResult:
    """The model's match (after the lexicon's `lexical` ones) moved from the text it read to
    the written text (see safety.displayed.place)."""
    if read is text or len(result.matches) == lexical:
        return result
    matches = (*result.matches[:lexical], *(place(m, read, text) for m in result.matches[lexical:]))
    return scanner.ScanResult(result.severity, result.categories, matches)


def health_report() -> dict:
    """The crisis model's part of /healthz."""
    return {
        # "ok", "off" or "unavailable": the lexicon keeps working alone when it is not ok.
        "crisis_model": model_status(),
        # Which model rates posts: "" when it is off or unavailable.
        "crisis_model_version": model_version(),
    }
