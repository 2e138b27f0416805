"""The crisis model layer (safety.ml): numpy MiniLM, windows, rating, combining, training."""

import itertools
import logging
import os

import numpy as np
import pytest

from safety.ml import (
    ModelLayer,
    ModelLoadError,
    ModelRating,
    combine,
    load_layer_or_none,
)
from safety.ml.encoder import Encoder, ModelFilesError
from safety.ml.layer import DEFAULT_WEIGHTS, MODEL_CATEGORY
from safety.ml.train import DATA, compare, read_posts, read_test_posts, train
from safety.ml.windows import windows
from safety.scanner import (
    SEVERITIES,
    Match,
    ScanResult,
    load_default_lexicon,
    scan,
    severity_rank,
)

ORDINARY = [
    "Work was long again and my manager keeps moving the deadlines.",
    "I made pasta for dinner and actually ate it at the table.",
    "My sister rang and we talked for an hour about nothing much.",
    "We took the dog along the canal and she chased every duck.",
    "The bus was packed and someone's music was blaring the whole way.",
    "I finally replied to the emails I'd been dreading and it was fine.",
]


def _model_missing(reason: str):
    """Skip where the model package is not installed, except under CI, where that is a failure."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the crisis model must load under CI=true: {reason}")
    pytest.skip(f"crisis model unavailable: {reason}")


@pytest.fixture(scope="module")
def layer() -> ModelLayer:
    try:
        return ModelLayer.load()
    except ModelLoadError as exc:
        _model_missing(str(exc))


@pytest.fixture(scope="module")
def encoder(layer) -> Encoder:
    return layer.encoder


# --- combining: the model only ever raises ---------------------------------------------------


def _lexicon_result(severity: str) -> ScanResult:
    if severity == "none":
        return ScanResult(severity="none")
    match = Match(term="hopeless", category="suicide", severity=severity, start=0, end=8)
    return ScanResult(severity=severity, categories=("suicide",), matches=(match,))


@pytest.mark.parametrize(
    ("lexicon", "model"), list(itertools.product(SEVERITIES, ("none", "high", "imminent")))
)
def test_combined_severity_is_the_higher_of_the_two_and_never_lower(lexicon, model):
    result = combine(_lexicon_result(lexicon), ModelRating(model, 0.9, 0.9, start=0, end=5))
    assert severity_rank(result.severity) == max(severity_rank(lexicon), severity_rank(model))
    assert (
        result.matches[: len(_lexicon_result(lexicon).matches)] == _lexicon_result(lexicon).matches
    )


def test_a_model_rating_of_none_or_no_model_leaves_the_lexicon_result_untouched():
    for severity in SEVERITIES:
        lexicon = _lexicon_result(severity)
        assert combine(lexicon, ModelRating("none", 0.1, 0.0)) is lexicon
        assert combine(lexicon, None) is lexicon


def test_a_raise_by_the_model_is_recorded_as_a_model_match_over_its_window():
    result = combine(_lexicon_result("none"), ModelRating("imminent", 0.97, 0.8, start=12, end=40))
    assert result.severity == "imminent"
    assert result.categories == (MODEL_CATEGORY,)
    [match] = result.matches
    assert (match.term, match.category, match.severity, match.start, match.end) == (
        "model",
        "model_risk",
        "imminent",
        12,
        40,
    )
    assert result.to_dict()["matches"][0]["term"] == "model"


def test_the_layer_never_lowers_what_the_lexicon_found_on_real_posts(layer):
    lexicon = load_default_lexicon()
    posts = [
        "I want to kill myself tonight, I have the pills.",
        "I'm not suicidal, just tired.",
        "This traffic is killing me.",
        "i wanna kms",
        *ORDINARY,
    ]
    for post in posts:
        alone = scan(post, lexicon)
        both = combine(alone, layer.rate(post))
        assert severity_rank(both.severity) >= severity_rank(alone.severity), post
        assert set(alone.categories) <= set(both.categories)


# --- rating ------------------------------------------------------------------------------------


def test_ordinary_posts_and_harmless_uses_of_risky_words_are_not_flagged(layer):
    for post in [*ORDINARY, "My phone died halfway through the call.", "I cut my fringe today."]:
        assert layer.rate(post).severity == "none", post


def test_one_risky_sentence_among_many_ordinary_ones_is_not_averaged_away(layer):
    risky = (
        "I've been giving my things away and writing goodbye letters, I won't need any of it soon."
    )
    assert layer.rate(risky).severity in ("high", "imminent")
    post = " ".join(ORDINARY * 3 + [risky] + ORDINARY)
    rating = layer.rate(post)
    assert rating.severity in ("high", "imminent")
    assert post[rating.start : rating.end] == risky


def test_blank_text_rates_none(layer):
    assert layer.rate("   \n ").severity == "none"


def test_windows_are_sentences_with_short_ones_joined_and_spans_into_the_original():
    text = "First  sentence is here.\nTonight.  Another ordinary sentence follows!  Bye."
    found = windows(text)
    # A short sentence leans on the one before it ("I have the pills. Tonight."); a window never
    # holds more than two sentences.
    assert [w.text for w in found] == [
        "First sentence is here. Tonight.",
        "Another ordinary sentence follows! Bye.",
    ]
    for window in found:
        assert " ".join(text[window.start : window.end].split()) == window.text


def test_a_long_run_on_sentence_is_cut_into_pieces_the_model_can_read():
    text = " ".join(["word"] * 150)
    assert [len(w.text.split()) for w in windows(text)] == [40, 40, 40, 30]


# --- loading ---------------------------------------------------------------------------------


def test_a_model_that_cannot_load_degrades_to_none_and_logs_an_error(tmp_path, caplog):
    with caplog.at_level(logging.ERROR, logger="safety.ml.layer"):
        assert load_layer_or_none(strict=False, model_dir=tmp_path) is None
    assert "Crisis model layer unavailable" in caplog.text
    assert "model.safetensors" in caplog.text


def test_strict_loading_raises_a_clear_error(tmp_path):
    with pytest.raises(ModelLoadError, match="model.safetensors"):
        load_layer_or_none(strict=True, model_dir=tmp_path)


def test_a_missing_or_broken_classifier_file_is_a_load_error(layer, tmp_path):
    with pytest.raises(ModelLoadError, match="classifier"):
        ModelLayer.load(path=tmp_path / "absent.npz")
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(ModelLoadError, match="classifier"):
        ModelLayer.load(path=broken)


def test_corrupt_weights_are_refused(tmp_path, layer):
    for name in ("tokenizer.json", "config.json"):
        (tmp_path / name).write_bytes((layer.encoder.model_dir / name).read_bytes())
    (tmp_path / "model.safetensors").write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json}")
    with pytest.raises(ModelFilesError):
        Encoder(tmp_path)


# --- the numpy model against sentence-transformers, and training ---------------------------------


def test_numpy_embeddings_match_sentence_transformers_to_cosine_above_0_9999(encoder):
    reference = np.load(DATA / "reference.npz")
    sentences = [str(s) for s in reference["sentences"]]
    ours = encoder.embed(sentences)
    theirs = reference["embeddings"]
    cosine = (
        (ours * theirs).sum(axis=1) / np.linalg.norm(ours, axis=1) / np.linalg.norm(theirs, axis=1)
    )
    assert cosine.min() > 0.9999, dict(zip(sentences, cosine.round(6), strict=True))
    # Batching and padding must not change a text's embedding.
    alone = np.stack([encoder.embed([s])[0] for s in sentences[:4]])
    assert np.allclose(alone, ours[:4], atol=1e-5)


def test_training_data_is_large_enough_and_split_a_fifth_for_validation():
    rows = read_posts()
    risky = [r for r in rows if r[1] != "safe"]
    safe = [r for r in rows if r[1] == "safe"]
    assert len(risky) >= 1000 and len(safe) >= 1000
    share = sum(r[0] == "val" for r in rows) / len(rows)
    assert 0.15 < share < 0.25
    texts = [r[3].lower() for r in rows]
    assert len(texts) == len(set(texts))


def test_the_held_out_test_posts_are_never_in_the_training_data_and_cover_both_sides():
    rows = read_test_posts()  # raises if any text is also in posts.tsv
    assert sum(r[1] == "safe" for r in rows) >= 150
    assert sum(r[1] != "safe" for r in rows) >= 150
    assert {r[0] for r in rows} == {"test"}


def test_training_reproduces_the_shipped_classifier_from_the_data_file(layer):
    result = train(log=lambda *_: None)
    assert compare(result["arrays"], DEFAULT_WEIGHTS) == []
    val = result["report"]["with_lexicon"]["both_layers"]["val"]
    assert val["false_flag"] <= 0.03
