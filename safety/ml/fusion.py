"""One rating from the lexicon and the fine-tuned model, and the reason for it.

The rules, whose thresholds are chosen on the validation split only (finetune.py, recorded in
data/model_card.json):
- An explicit imminent phrase in the lexicon is never lowered.
- The model raises: a post it rates high or imminent is rated at least that.
- The model can lower one thing: a lexicon "high" that the model reads, with high confidence, as
  nobody at risk now (past, figurative, quoted, asking how to support someone who is safe)
  becomes "low": still published with the quiet support line, still counted on the dashboard,
  and the reason says so. "Confident" is `thresholds["clear"]`: a risk probability below which
  almost no validation post that really was risky falls.
- A lexicon "low" stays low unless the model raises it.
"""

from __future__ import annotations

from dataclasses import dataclass

from safety.ml.tuned import TunedRating
from safety.scanner import Match, ScanResult
from safety.severity import Severity, max_severity

MODEL_TERM = "model"
MODEL_CATEGORY = "model_risk"


@dataclass(frozen=True)
class Fused:
    result: ScanResult
    # "lexicon", "model" (the model raised the rating), "both" (both flagged), or "lowered"
    # (a lexicon high the model read, with confidence, as nobody at risk now)
    layer: str


def fuse(lexical: ScanResult, rating: TunedRating | None, thresholds: dict) -> Fused:
    """The combined rating. `rating` None means the model is off or failed on this post."""
    lex = lexical.severity
    if rating is None:
        return Fused(lexical, "lexicon")
    model = rating.severity(thresholds)
    if lex == Severity.HIGH and not model.at_risk and rating.at_least_high < thresholds["clear"]:
        lowered = ScanResult(
            severity=Severity.LOW, categories=lexical.categories, matches=lexical.matches
        )
        return Fused(lowered, "lowered")
    severity = max_severity(lex, model)
    return Fused(_with_model(lexical, rating, model, severity), _layer(lex, model))


def _layer(lex: str, model: Severity) -> str:
    lex_flags, model_flags = Severity(lex).at_risk, model.at_risk
    if model_flags and model.rank > Severity(lex).rank:
        return "model"
    if lex_flags and model_flags:
        return "both"
    return "lexicon"


def _with_model(
    lexical: ScanResult, rating: TunedRating, model: Severity, severity: str
) -> ScanResult:
    """The lexicon's result at `severity`, with the model's verdict recorded as a match when it
    rated the post high or imminent (so moderators see which layer saw what)."""
    if not model.at_risk:
        return ScanResult(severity=severity, categories=lexical.categories, matches=lexical.matches)
    top = rating.top_category()
    categories = list(lexical.categories)
    for extra in (MODEL_CATEGORY, top):
        if extra and extra not in categories:
            categories.append(extra)
    match = Match(MODEL_TERM, MODEL_CATEGORY, model, rating.start, rating.end)
    return ScanResult(
        severity=severity, categories=tuple(categories), matches=(*lexical.matches, match)
    )


def describe(rating: TunedRating, thresholds: dict) -> str:
    """The model's verdict in a few words for moderators: "high, risk 0.93, like self harm"."""
    words = f"{rating.severity(thresholds)}, risk {rating.at_least_high:.2f}"
    top = rating.top_category()
    if top and rating.categories.get(top, 0.0) >= 0.5:
        words += f", like {top.replace('_', ' ')}"
    return words
