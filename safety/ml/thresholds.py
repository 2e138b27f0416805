"""Thresholds for the crisis model, chosen on the validation split only, and the figures they
give there. numpy, no torch: training (finetune.py) calls them on its validation scores, and
so can anyone re-checking a model card.
"""

from __future__ import annotations

import math

import numpy as np

from safety.ml import tuned
from safety.ml.evaluate import figures
from safety.scanner import load_default_lexicon, scan
from safety.severity import Severity, severity_rank

# The label levels as the numbers the thresholds compare.
HIGH, IMMINENT = Severity.HIGH.rank, Severity.IMMINENT.rank


def _threshold_for(scores: np.ndarray, negatives: np.ndarray, rate: float) -> float:
    """The lowest threshold at which at most `rate` of the negatives score at or above it."""
    neg = np.sort(scores[negatives])[::-1]
    allowed = int(math.floor(rate * len(neg)))
    if len(neg) == 0:
        return 0.5
    if allowed >= len(neg):
        return float(neg[-1])
    return float(np.nextafter(neg[allowed], np.float32(1.0)))


def choose_thresholds(probs: np.ndarray, rows: list[dict], false_flags=0.03, over_imminent=0.03):
    """Thresholds chosen on validation: `high` so that at most 3% of none/low posts are flagged;
    `imminent` so that at most 3% of the other posts are rated imminent."""
    levels = np.array([severity_rank(r["level"]) for r in rows])
    high = _threshold_for(probs[:, 1], levels < HIGH, false_flags)
    flagged = probs[:, 1] >= high
    imminent_scores = np.where(flagged, probs[:, 2], 0.0)
    imminent = _threshold_for(imminent_scores, levels < IMMINENT, over_imminent)
    return {Severity.HIGH: _round_up(high), Severity.IMMINENT: _round_up(max(imminent, 1e-6))}


def _round_up(threshold: float) -> float:
    """Six decimals for the card, rounded up: rounding to nearest could land a threshold on the
    score of the negative it was chosen to stay above."""
    return math.ceil(threshold * 1e6) / 1e6


def validation_figures(probs: np.ndarray, rows: list[dict]) -> dict:
    """The model's figures at the thresholds chosen on these rows, rated as the forum rates
    (TunedRating.severity) and counted as evaluate.py counts."""
    t = choose_thresholds(probs, rows)
    severities = [tuned.TunedRating(*map(float, p[:3]), {}).severity(t) for p in probs]
    counted = figures([r["level"] for r in rows], severities)
    return {
        "recall_at_3pct": counted["recall"] or 0.0,
        "false_flags": counted["false_flags"] or 0.0,
        "imminent_recall_at_3pct": counted["imminent_recall"] or 0.0,
        "thresholds": t,
        "n": counted["n"],
    }


def choose_fusion_thresholds(probs: np.ndarray, rows: list[dict], thresholds: dict) -> dict:
    """`clear`: below this risk probability, a lexicon "high" is lowered to "low". Chosen on
    validation so that at most 2% of the truly risky posts the lexicon rates high would be
    lowered; never above the model's own `high` threshold. `low`: the model's "touches on
    crisis" probability above which a post gets the quiet support line, at 5% of "none" posts."""
    lexicon = load_default_lexicon()
    lexicon_high = np.array([scan(r["text"], lexicon).severity == Severity.HIGH for r in rows])
    levels = np.array([severity_rank(r["level"]) for r in rows])
    risky_high = probs[lexicon_high & (levels >= HIGH), 1]
    clear = float(np.quantile(risky_high, 0.02)) if len(risky_high) else 0.0
    clear = min(clear, thresholds[Severity.HIGH])
    low = _threshold_for(probs[:, 0], levels == Severity.NONE.rank, 0.05)
    safe_high = lexicon_high & (levels < HIGH)
    return {
        **thresholds,
        "clear": round(clear, 6),
        Severity.LOW: round(low, 6),
        "_validation": {
            "lexicon_high_safe_posts": int(safe_high.sum()),
            "lexicon_high_safe_posts_lowered": int((probs[safe_high, 1] < clear).sum()),
            "lexicon_high_risky_posts": int(len(risky_high)),
            "lexicon_high_risky_posts_lowered": int((risky_high < clear).sum()),
        },
    }
