"""Training the crisis model: the corpus it reads, reproducibility, and serving computing exactly
what training trained. The full run (`python -m safety.ml.finetune`, about 55 minutes on two cores)
is documented in the README; these tests train on a small slice in seconds."""

import hashlib
import os
import subprocess
import sys

import numpy as np
import pytest

from safety.ml import corpus, tuned
from tests.servers import ROOT

# Training needs PyTorch (the `train` extra, which `make test` installs). Locally a missing torch
# skips these; in CI it fails, as every missing tool does there.
torch = pytest.importorskip("torch") if os.environ.get("CI") != "true" else __import__("torch")
finetune = pytest.importorskip("safety.ml.finetune")

SLICE = 24


@pytest.fixture(scope="module")
def rows():
    return corpus.read_corpus()


def small_slice(rows, split):
    picked = [r for r in rows if r["split"] == split]
    # Every level in the slice, so every output of the head is trained a little.
    by_level = {level: [r for r in picked if r["level"] == level] for level in tuned.LEVELS}
    return [
        r for i in range(SLICE // 4) for level in tuned.LEVELS for r in by_level[level][i : i + 1]
    ]


def test_building_the_corpus_is_deterministic_whatever_the_string_hashing(tmp_path):
    builds = []
    for seed in ("1", "2"):
        out = tmp_path / f"corpus-{seed}.tsv"
        code = f"import pathlib, safety.ml.corpus as c; c.build(pathlib.Path({str(out)!r}))"
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            check=True,
            timeout=300,
        )
        builds.append(out.read_bytes())
    assert builds[0] == builds[1]

    # The same posts and labels as the corpus in the tree, which the shipped delta was trained on.
    def rows(data: bytes):
        return sorted(
            tuple(line.split("\t")[1:6]) + (line.split("\t")[-1],)
            for line in data.decode().splitlines()
        )

    assert rows(builds[0]) == rows(corpus.OUT.read_bytes())


def test_the_shipped_delta_says_it_was_trained_on_that_corpus():
    card = tuned.Card.read(tuned.DEFAULT_CARD)
    assert card.data_sha256 == hashlib.sha256(corpus.OUT.read_bytes()).hexdigest()
    assert set(card.thresholds) >= {"high", "imminent", "clear", "low"}
    assert card.thresholds["clear"] <= card.thresholds["high"]


def test_the_corpus_is_large_labelled_and_keeps_near_copies_on_one_side(rows):
    assert len(rows) >= 15_000
    assert {r["level"] for r in rows} == set(tuned.LEVELS)
    assert {r["lang"] for r in rows} == {"en", "es"}
    splits_of_group: dict[str, set] = {}
    for row in rows:
        splits_of_group.setdefault(row["group"], set()).add(row["split"])
    assert all(len(splits) == 1 for splits in splits_of_group.values())
    texts = {corpus._key(r["text"]) for r in rows}
    assert len(texts) == len(rows)


def test_near_copies_share_a_group():
    groups = corpus.near_copy_groups(
        [
            "I keep thinking everyone would be better off without me around here",
            "honestly I keep thinking everyone would be better off without me around",
            "We went to the beach and the dog chased every wave until sunset",
        ]
    )
    assert groups[0] == groups[1] != groups[2]


def test_training_is_reproducible_and_serving_computes_what_was_trained(rows, tmp_path):
    train, val = small_slice(rows, "train"), small_slice(rows, "val")
    config = finetune.Config(epochs=1, batch_posts=8)
    torch.set_num_threads(1)
    first, probs, _ = finetune.train(train, val, config, log=lambda *a: None)
    second, _, _ = finetune.train(train, val, config, log=lambda *a: None)
    delta_one, delta_two = first.delta(), second.delta()
    assert delta_one.keys() == delta_two.keys()
    assert all(np.array_equal(delta_one[k], delta_two[k]) for k in delta_one)

    card = {"version": "slice", "thresholds": {"high": 0.5, "imminent": 0.5, "clear": 0.1}}
    finetune.save(first, card, tmp_path / "delta.npz", tmp_path / "card.json")
    served = tuned.TunedModel.load(tmp_path / "delta.npz", tmp_path / "card.json")
    for row, expected in zip(val, probs, strict=True):
        rating = served.rate(row["text"])
        got = [rating.at_least_low, rating.at_least_high, rating.imminent]
        assert np.allclose(got, expected[:3], atol=2e-3), row["text"]


def test_a_long_post_is_read_in_overlapping_windows_that_reach_its_end():
    ids = np.arange(1000, 1000 + 500)
    windows = tuned.token_windows(ids, 101, 102)
    assert all(len(w) <= tuned.WINDOW_TOKENS for w in windows)
    assert windows[0][1] == 1000 and windows[-1][-2] == 1499
    covered = set()
    for w in windows:
        covered.update(w[1:-1].tolist())
    assert covered == set(ids.tolist())
