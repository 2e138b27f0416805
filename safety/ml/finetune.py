"""Fine-tune all-MiniLM-L6-v2 into the crisis model, on the CPU, with PyTorch.

    .venv/bin/pip install -e ".[train]"          # PyTorch CPU, training only
    .venv/bin/python -m safety.ml.finetune          # the full run (about 55 minutes on 2 cores)

Reads the labelled corpus (`data/corpus.tsv`, built by `corpus.py` from the writers' batches,
the moderators' exported labels and the older hand-written posts), trains low-rank adapters on
every dense layer plus the biases, layer norms and a head of len(OUTPUTS) logits, keeps the epoch
that scores best on the validation split, chooses thresholds on validation only, and writes
`data/model_delta.npz` (float16) and `data/model_card.json`. The test split is never read here.

The BERT forward pass below mirrors `encoder.py` (mean pooling over each window; a post's logit is
its highest window's), so the numpy serving model computes what was trained.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from safety.ml import tuned
from safety.ml.encoder import default_model_dir, read_safetensors
from safety.ml.thresholds import choose_fusion_thresholds, choose_thresholds, validation_figures
from safety.severity import Severity, severity_rank

# The label levels as the numbers the losses and thresholds compare.
LOW, HIGH, IMMINENT = Severity.LOW.rank, Severity.HIGH.rank, Severity.IMMINENT.rank

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Config:
    rank: int = 16
    alpha: float = 32.0
    dropout: float = 0.1
    lr: float = 4e-4
    weight_decay: float = 0.01
    epochs: int = 2
    batch_posts: int = 16
    warmup: float = 0.06
    imminent_pos_weight: float = 2.0
    category_weight: float = 0.5
    seed: int = 18


class LoraLinear(nn.Module):
    """A frozen dense layer plus a trainable low-rank update and a trainable bias."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray, rank: int, alpha: float, dropout):
        super().__init__()
        self.register_buffer("weight", torch.from_numpy(np.array(weight, dtype=np.float32)))
        self.bias = nn.Parameter(torch.from_numpy(np.array(bias, dtype=np.float32)))
        out_features, in_features = self.weight.shape
        self.lora_a = nn.Parameter(torch.empty(rank, in_features))
        self.lora_b = nn.Parameter(torch.zeros(out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.scale = alpha / rank
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        out = F.linear(x, self.weight, self.bias)
        return out + (self.dropout(x) @ self.lora_a.T @ self.lora_b.T) * self.scale


def _norm(w, prefix):
    norm = nn.LayerNorm(w[f"{prefix}.weight"].shape[0], eps=1e-12)
    with torch.no_grad():
        norm.weight.copy_(torch.from_numpy(np.array(w[f"{prefix}.weight"])))
        norm.bias.copy_(torch.from_numpy(np.array(w[f"{prefix}.bias"])))
    return norm


class CrisisModel(nn.Module):
    """MiniLM-L6 (BERT, 6 layers, 12 heads, 384 wide) with adapters and the crisis head."""

    heads = 12

    def __init__(self, w: dict[str, np.ndarray], config: Config):
        super().__init__()
        self.register_buffer(
            "word", torch.from_numpy(np.array(w["embeddings.word_embeddings.weight"]))
        )
        position = (
            w["embeddings.position_embeddings.weight"]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        self.register_buffer("position", torch.from_numpy(np.array(position, dtype=np.float32)))
        self.emb_norm = _norm(w, "embeddings.LayerNorm")
        self.layers = nn.ModuleList()
        for i in range(6):
            p = f"encoder.layer.{i}."
            layer = nn.ModuleDict(
                {
                    name.replace(".", "_"): LoraLinear(
                        w[p + name + ".weight"],
                        w[p + name + ".bias"],
                        config.rank,
                        config.alpha,
                        config.dropout,
                    )
                    for name in tuned.ADAPTED
                }
            )
            layer["norm1"] = _norm(w, p + "attention.output.LayerNorm")
            layer["norm2"] = _norm(w, p + "output.LayerNorm")
            self.layers.append(layer)
        self.dropout = nn.Dropout(config.dropout)
        self.head = nn.Linear(384, len(tuned.OUTPUTS))
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Logits per window: ids and mask are (windows, tokens)."""
        n, t = ids.shape
        x = self.word[ids] + self.position[:t][None]
        x = self.emb_norm(x)
        attn_mask = torch.zeros(n, 1, 1, t).masked_fill(~mask[:, None, None, :], float("-inf"))
        hd = 384 // self.heads
        for layer in self.layers:
            q = layer["attention_self_query"](x).view(n, t, self.heads, hd).transpose(1, 2)
            k = layer["attention_self_key"](x).view(n, t, self.heads, hd).transpose(1, 2)
            v = layer["attention_self_value"](x).view(n, t, self.heads, hd).transpose(1, 2)
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)
            ctx = ctx.transpose(1, 2).reshape(n, t, 384)
            x = layer["norm1"](x + layer["attention_output_dense"](ctx))
            hidden = F.gelu(layer["intermediate_dense"](x))
            x = layer["norm2"](x + layer["output_dense"](hidden))
        m = mask.unsqueeze(-1).float()
        pooled = (x * m).sum(1) / m.sum(1)
        return self.head(self.dropout(pooled))

    def delta(self) -> dict[str, np.ndarray]:
        """Everything training changed, named as in the base weights, float16."""
        out: dict[str, np.ndarray] = {}

        def put(name, tensor):
            out[name] = tensor.detach().cpu().numpy().astype(np.float16)

        put("replace.embeddings.LayerNorm.weight", self.emb_norm.weight)
        put("replace.embeddings.LayerNorm.bias", self.emb_norm.bias)
        for i, layer in enumerate(self.layers):
            p = f"encoder.layer.{i}."
            for name in tuned.ADAPTED:
                module = layer[name.replace(".", "_")]
                put(f"{p}{name}.lora_a", module.lora_a)
                put(f"{p}{name}.lora_b", module.lora_b)
                put(f"replace.{p}{name}.bias", module.bias)
            for key, stem in (
                ("norm1", "attention.output.LayerNorm"),
                ("norm2", "output.LayerNorm"),
            ):
                put(f"replace.{p}{stem}.weight", layer[key].weight)
                put(f"replace.{p}{stem}.bias", layer[key].bias)
        out["lora_scale"] = np.array(self.layers[0]["output_dense"].scale, dtype=np.float32)
        put("head.weight", self.head.weight)
        put("head.bias", self.head.bias)
        return out


@dataclass
class Example:
    windows: list[np.ndarray]
    level: int  # the label's severity_rank
    category: int  # index in tuned.MODEL_CATEGORIES, or -1 when unknown or not risky
    low_known: bool  # False where older data did not tell "low" from "none"


def tokenizer():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(default_model_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


def to_examples(rows: list[dict], tok) -> list[Example]:
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    encoded = tok.encode_batch([r["text"] for r in rows], add_special_tokens=False)
    out = []
    for row, enc in zip(rows, encoded, strict=True):
        category = row["category"]
        out.append(
            Example(
                windows=tuned.token_windows(np.asarray(enc.ids, dtype=np.int64), cls_id, sep_id),
                level=severity_rank(row["level"]),
                category=tuned.MODEL_CATEGORIES.index(category)
                if category in tuned.MODEL_CATEGORIES and Severity(row["level"]).at_risk
                else -1,
                low_known=row.get("low_known", True),
            )
        )
    return out


def _collate(batch: list[Example]):
    windows = [w for ex in batch for w in ex.windows]
    owner = torch.tensor([i for i, ex in enumerate(batch) for _ in ex.windows])
    longest = max(len(w) for w in windows)
    ids = torch.zeros(len(windows), longest, dtype=torch.long)
    mask = torch.zeros(len(windows), longest, dtype=torch.bool)
    for i, w in enumerate(windows):
        ids[i, : len(w)] = torch.from_numpy(w)
        mask[i, : len(w)] = True
    return ids, mask, owner


def post_logits(model, batch: list[Example]) -> torch.Tensor:
    """Each post's logits: the highest of its windows', output by output."""
    ids, mask, owner = _collate(batch)
    logits = model(ids, mask)
    out = torch.full((len(batch), logits.shape[1]), -1e4)
    return out.scatter_reduce(0, owner[:, None].expand_as(logits), logits, "amax")


def loss_of(logits: torch.Tensor, batch: list[Example], config: Config) -> torch.Tensor:
    level = torch.tensor([ex.level for ex in batch])
    low_known = torch.tensor([ex.low_known for ex in batch], dtype=torch.float32)
    at_least_low = (level >= LOW).float()
    # Older data called "low" posts safe: its safe rows say nothing about the low output.
    low_weight = torch.where(level >= HIGH, torch.ones_like(low_known), low_known)
    loss = F.binary_cross_entropy_with_logits(logits[:, 0], at_least_low, weight=low_weight)
    loss = loss + F.binary_cross_entropy_with_logits(logits[:, 1], (level >= HIGH).float())
    loss = loss + F.binary_cross_entropy_with_logits(
        logits[:, 2],
        (level == IMMINENT).float(),
        pos_weight=torch.tensor(config.imminent_pos_weight),
    )
    category = torch.tensor([ex.category for ex in batch])
    known = category >= 0
    if known.any():
        target = F.one_hot(category[known], len(tuned.MODEL_CATEGORIES)).float()
        loss = loss + config.category_weight * F.binary_cross_entropy_with_logits(
            logits[known, 3:], target
        )
    return loss


def batches(examples: list[Example], size: int, rng: random.Random | None) -> list[list[Example]]:
    """Batches of posts of similar length (less padding), in random order when training."""
    order = list(range(len(examples)))
    if rng is not None:
        rng.shuffle(order)
    chunk = size * 50
    out = []
    for start in range(0, len(order), chunk):
        group = sorted(
            order[start : start + chunk], key=lambda i: sum(map(len, examples[i].windows))
        )
        out.extend(group[i : i + size] for i in range(0, len(group), size))
    if rng is not None:
        rng.shuffle(out)
    return [[examples[i] for i in b] for b in out]


@torch.no_grad()
def predict(model, examples: list[Example]) -> np.ndarray:
    """Probabilities (posts x outputs), in the examples' order."""
    model.eval()
    index = {id(ex): i for i, ex in enumerate(examples)}
    out = np.zeros((len(examples), len(tuned.OUTPUTS)), dtype=np.float32)
    for batch in batches(examples, 64, None):
        probs = torch.sigmoid(post_logits(model, batch)).numpy()
        for ex, p in zip(batch, probs, strict=True):
            out[index[id(ex)]] = p
    return out


def train(
    rows: list[dict],
    validation: list[dict],
    config: Config = Config(),
    *,
    log=print,
) -> tuple[CrisisModel, np.ndarray, dict]:
    """Fine-tune on `rows`; returns the best epoch's model, its validation probabilities and the
    per-epoch validation figures. Deterministic for the same rows, config and thread count."""
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    tok = tokenizer()
    train_examples, val_examples = to_examples(rows, tok), to_examples(validation, tok)
    model = CrisisModel(read_safetensors(default_model_dir() / "model.safetensors"), config)
    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=config.lr, weight_decay=config.weight_decay)
    steps = config.epochs * math.ceil(len(train_examples) / config.batch_posts)
    warm = max(1, int(steps * config.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    history, best = [], None
    for epoch in range(config.epochs):
        model.train()
        started, total = time.monotonic(), 0.0
        for step, batch in enumerate(batches(train_examples, config.batch_posts, rng)):
            loss = loss_of(post_logits(model, batch), batch, config)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimiser.step()
            schedule.step()
            total += float(loss.detach())
            if step % 50 == 0:
                spent = time.monotonic() - started
                log(f"epoch {epoch + 1} step {step} loss {total / (step + 1):.4f} {spent:.0f} s")
        probs = predict(model, val_examples) if val_examples else np.zeros((0, len(tuned.OUTPUTS)))
        figures = validation_figures(probs, validation) if validation else {}
        figures.update(epoch=epoch + 1, seconds=round(time.monotonic() - started))
        history.append(figures)
        log(json.dumps(figures))
        score = figures.get("recall_at_3pct", 0.0) + 0.25 * figures.get(
            "imminent_recall_at_3pct", 0.0
        )
        if best is None or score > best[0]:
            best = (score, {k: v.clone() for k, v in model.state_dict().items()}, probs)
    model.load_state_dict(best[1])
    return model, best[2], {"epochs": history}


def data_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def save(model: CrisisModel, card: dict, delta_path: Path, card_path: Path) -> None:
    delta = model.delta()
    delta["format"] = np.array(tuned.DELTA_FORMAT)
    np.savez_compressed(delta_path, **delta)
    Path(card_path).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    from safety.ml import corpus

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=Config.epochs)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--limit", type=int, default=0, help="train on the first N posts only")
    parser.add_argument("--version", default=time.strftime("tuned-%Y%m%d"))
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    rows = corpus.read_corpus()
    train_rows = [r for r in rows if r["split"] == "train"]
    val_rows = [r for r in rows if r["split"] == "val"]
    if args.limit:
        train_rows = train_rows[: args.limit]
    config = Config(epochs=args.epochs)
    started = time.monotonic()
    model, probs, history = train(train_rows, val_rows, config)
    thresholds = choose_fusion_thresholds(probs, val_rows, choose_thresholds(probs, val_rows))
    card = {
        "version": args.version,
        "thresholds": {k: v for k, v in thresholds.items() if not k.startswith("_")},
        "data_sha256": data_sha256(corpus.OUT),
        "config": asdict(config),
        "metrics": {
            **history,
            "validation": validation_figures(probs, val_rows),
            "fusion_on_validation": thresholds["_validation"],
            "train_posts": len(train_rows),
            "validation_posts": len(val_rows),
            "minutes": round((time.monotonic() - started) / 60, 1),
            "threads": args.threads,
        },
    }
    save(model, card, args.out / "model_delta.npz", args.out / "model_card.json")
    print(json.dumps(card["metrics"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
