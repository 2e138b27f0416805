"""The fine-tuned crisis model as the forum serves it: numpy MiniLM with the shipped delta,
windows over long posts, fusion with the lexicon, and failing visibly when it cannot load."""

import logging
import os

import numpy as np
import pytest

from safety.ml.encoder import Encoder, ModelFilesError
from safety.ml.fusion import fuse
from safety.ml.tuned import DEFAULT_CARD, ModelLoadError, TunedModel
from safety.scanner import load_default_lexicon, scan

ORDINARY = [
    "Work was long again and my manager keeps moving the deadlines.",
    "I made pasta for dinner and actually ate it at the table.",
    "My sister rang and we talked for an hour about nothing much.",
    "We took the dog along the canal and she chased every duck.",
    "The bus was packed and someone's music was blaring the whole way.",
    "I finally replied to the emails I'd been dreading and it was fine.",
]
SMALL_WIN = "Managed a walk round the park today and cooked a proper dinner. Small wins!"
PLAN = (
    "Wrote the letters, the dog goes to my sister. Saturday morning before anyone is up. "
    "Thank you all."
)


def _model_missing(reason: str):
    """Skip where the model package is not installed, except under CI, where that is a failure."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the crisis model must load under CI=true: {reason}")
    pytest.skip(f"crisis model unavailable: {reason}")


@pytest.fixture(scope="module")
def model() -> TunedModel:
    try:
        return TunedModel.load()
    except ModelLoadError as exc:
        _model_missing(str(exc))


def rated(model, text: str) -> str:
    return fuse(
        scan(text, load_default_lexicon()), model.rate(text), model.thresholds
    ).result.severity


def test_a_plan_told_as_arrangements_and_a_goodbye_is_imminent(model):
    assert rated(model, PLAN) == "imminent"


def test_ordinary_posts_and_a_small_win_are_not_flagged(model):
    for post in [*ORDINARY, SMALL_WIN, "My phone died halfway through the call."]:
        assert rated(model, post) in ("none", "low"), post


def test_spanish_risk_is_caught(model):
    for post in (
        "Ya no quiero seguir viviendo, todos estarían mejor sin mí.",
        "Anoche volví a cortarme los brazos, no sé cómo parar.",
    ):
        assert rated(model, post) in ("high", "imminent"), post
    assert rated(model, "Me muero de risa con este perro, es un payaso.") in ("none", "low")


def test_one_risky_sentence_among_many_ordinary_ones_is_not_averaged_away(model):
    risky = "I've been giving my things away and writing goodbye letters, I won't need any of it."
    post = " ".join(ORDINARY * 4 + [risky] + ORDINARY * 2)
    rating = model.rate(post)
    assert rating.severity(model.thresholds) in ("high", "imminent")
    assert risky in post[rating.start : rating.end]


def test_fusion_keeps_the_lexicons_imminent_rating_on_real_posts(model):
    lexicon = load_default_lexicon()
    for post in (
        "I have the pills counted out and I'm taking them all tonight.",
        "This is goodbye. I've left a note for my parents.",
    ):
        alone = scan(post, lexicon)
        assert alone.severity == "imminent", post
        assert fuse(alone, model.rate(post), model.thresholds).result.severity == "imminent"


def test_blank_text_rates_none(model):
    assert model.rate("   \n ").severity(model.thresholds) == "none"


def test_the_shipped_card_names_a_version_and_thresholds_chosen_on_validation(model):
    assert model.version and model.version == model.card.version
    assert 0.0 < model.thresholds["high"] < 1.0
    assert model.card.metrics["validation"]["false_flags"] <= 0.035


def test_a_model_that_cannot_find_its_base_weights_is_a_clear_load_error(tmp_path):
    with pytest.raises(ModelLoadError, match="model.safetensors"):
        TunedModel.load(model_dir=tmp_path)


def test_a_missing_or_broken_delta_is_a_load_error(tmp_path):
    with pytest.raises(ModelLoadError, match="absent.npz"):
        TunedModel.load(delta_path=tmp_path / "absent.npz")
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(ModelLoadError):
        TunedModel.load(delta_path=broken, card_path=DEFAULT_CARD)


def test_the_forum_logs_and_degrades_to_the_lexicon_when_the_model_cannot_load(
    settings, tmp_path, caplog
):
    from safety import layers

    settings.CRISIS_MODEL_ENABLED = True
    settings.CRISIS_MODEL_DIR = str(tmp_path)
    layers.crisis_model_layer.cache_clear()
    try:
        with caplog.at_level(logging.ERROR, logger="safety.layers"):
            assert layers.crisis_model_layer() is None
        assert "lexicon works alone" in caplog.text
        assert layers.model_status() == "unavailable"
    finally:
        layers.crisis_model_layer.cache_clear()


def test_corrupt_weights_are_refused(tmp_path, model):
    for name in ("tokenizer.json", "config.json"):
        (tmp_path / name).write_bytes((model.encoder.model_dir / name).read_bytes())
    (tmp_path / "model.safetensors").write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json}")
    with pytest.raises(ModelFilesError):
        Encoder(tmp_path)


def test_numpy_base_embeddings_match_sentence_transformers_to_cosine_above_0_9999():
    from safety.ml.corpus import DATA

    try:
        encoder = Encoder()
    except ModelFilesError as exc:
        _model_missing(str(exc))
    reference = np.load(DATA / "reference.npz")
    sentences = [str(s) for s in reference["sentences"]]
    ours = encoder.embed(sentences)
    theirs = reference["embeddings"]
    cosine = (
        (ours * theirs).sum(axis=1) / np.linalg.norm(ours, axis=1) / np.linalg.norm(theirs, axis=1)
    )
    assert cosine.min() > 0.9999, dict(zip(sentences, cosine.round(6), strict=True))
    alone = np.stack([encoder.embed([s])[0] for s in sentences[:4]])
    assert np.allclose(alone, ours[:4], atol=1e-5)
