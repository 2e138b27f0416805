"""Fusion of the lexicon and the fine-tuned model: what each may raise, and the one thing the
model may lower."""

from hypothesis import given
from hypothesis import strategies as st

from safety.ml.fusion import fuse
from safety.ml.tuned import MODEL_CATEGORIES, TunedRating
from safety.scanner import Match, ScanResult

THRESHOLDS = {"high": 0.8, "imminent": 0.5, "clear": 0.05, "low": 0.5}


def lexicon_says(severity: str, category: str = "suicide") -> ScanResult:
    if severity == "none":
        return ScanResult(severity="none")
    return ScanResult(
        severity=severity,
        categories=(category,),
        matches=(Match("kill myself", category, severity, 0, 11),),
    )


def model_says(high: float, imminent: float = 0.0, low: float | None = None) -> TunedRating:
    categories = dict.fromkeys(MODEL_CATEGORIES, 0.01)
    categories["suicide"] = high
    return TunedRating(
        at_least_low=max(high, low if low is not None else high),
        at_least_high=high,
        imminent=imminent,
        categories=categories,
    )


probabilities = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@given(high=probabilities, imminent=probabilities, low=probabilities)
def test_an_imminent_lexicon_rating_is_never_lowered(high, imminent, low):
    fused = fuse(lexicon_says("imminent"), model_says(high, imminent, low), THRESHOLDS)
    assert fused.result.severity == "imminent"


@given(lexicon=st.sampled_from(["none", "low", "high", "imminent"]), high=probabilities)
def test_a_model_rating_of_high_is_never_lowered_by_the_lexicon(lexicon, high):
    rating = model_says(high)
    fused = fuse(lexicon_says(lexicon), rating, THRESHOLDS)
    if high >= THRESHOLDS["high"]:
        assert fused.result.severity in ("high", "imminent")


def test_a_lexicon_high_the_model_confidently_reads_as_safe_is_rated_low():
    fused = fuse(lexicon_says("high"), model_says(0.01), THRESHOLDS)
    assert fused.result.severity == "low"
    assert fused.layer == "lowered"
    assert fused.result.matches  # the lexicon's words stay on record for moderators


def test_the_reason_for_a_lowered_rating_says_what_the_lexicon_saw_and_why_the_model_lowered():
    from safety.displayed import scan_as_read
    from safety.layers import rate_with_layers
    from safety.scanner import load_default_lexicon

    class ConfidentlySafe:
        version = "test-model"
        thresholds = THRESHOLDS

        def rate(self, text):
            return model_says(0.001)

    text = "Ten years ago I tried to kill myself; today I ran my first marathon."
    assert scan_as_read(text, load_default_lexicon()).result.severity == "high"
    rated = rate_with_layers(text, load_default_lexicon(), ConfidentlySafe())
    assert rated.result.severity == "low"
    assert rated.layer == "lowered" and rated.model_version == "test-model"
    assert "nobody at risk now" in rated.reason and "kill myself" in rated.reason


def test_a_lexicon_high_stays_high_when_the_model_is_unsure():
    fused = fuse(lexicon_says("high"), model_says(0.3), THRESHOLDS)
    assert fused.result.severity == "high"
    assert fused.layer == "lexicon"


def test_the_model_raises_a_post_the_lexicon_missed_and_records_its_window():
    rating = TunedRating(0.99, 0.97, 0.9, dict.fromkeys(MODEL_CATEGORIES, 0.0), start=5, end=40)
    fused = fuse(lexicon_says("none"), rating, THRESHOLDS)
    assert fused.result.severity == "imminent"
    assert fused.layer == "model"
    model_match = [m for m in fused.result.matches if m.term == "model"]
    assert model_match and (model_match[0].start, model_match[0].end) == (5, 40)


def test_without_the_model_the_lexicon_rating_stands():
    fused = fuse(lexicon_says("high"), None, THRESHOLDS)
    assert fused.result.severity == "high"
    assert fused.layer == "lexicon"
