"""The two layers of crisis scanning: the lexicon (always) and the language model (when on).

The model can only raise the lexicon's rating, never lower it. If it cannot load, the error
is logged once, `model_status()` says so (on /healthz and the moderators' pages), and the
lexicon keeps working alone.
"""

import functools
import logging

from django.conf import settings

from moderation import scanner

logger = logging.getLogger(__name__)


@functools.cache
def crisis_model_layer():
    """The loaded model layer for this process, or None (turned off, or unable to load)."""
    if not settings.CRISIS_MODEL_ENABLED:
        return None
    try:
        from moderation.ml import load_layer_or_none
    except ImportError:
        logger.exception("Crisis model layer unavailable: its runtime packages are missing")
        return None
    return load_layer_or_none(strict=False, model_dir=settings.CRISIS_MODEL_DIR or None)


def model_status() -> str:
    """ "ok", "off" (turned off in settings) or "unavailable" (configured but not loaded)."""
    if not settings.CRISIS_MODEL_ENABLED:
        return "off"
    return "ok" if crisis_model_layer() is not None else "unavailable"


def scan_with_layers(text: str, lexicon: scanner.Lexicon, layer=None) -> scanner.ScanResult:
    """The lexicon's verdict, raised by the model's when the model is on. A model failure on
    one post leaves the lexicon's rating standing (logged); a lexicon failure propagates, so
    the caller fails closed."""
    result = scanner.scan(text, lexicon)
    layer = layer if layer is not None else crisis_model_layer()
    if layer is None:
        return result
    try:
        from moderation.ml import combine

        return combine(result, layer.rate(text))
    except Exception:
        logger.exception("Crisis model failed on a post; the lexicon's rating stands")
        return result
