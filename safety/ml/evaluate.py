"""Score the crisis scanner on a labelled set: lexicon alone, model alone, and both fused.

    .venv/bin/python -m safety.ml.evaluate safety/ml/data/blind/blind_v1.tsv
    .venv/bin/python -m safety.ml.evaluate --validation       # the corpus's validation split

Prints figures only, never a post: a blind set stays blind for whoever runs this. A file is
either `level  category  lang  text` (LABELLING.md) or the older `split  label  category  text`
with a header. Blind posts that near-copy a training post are left out and counted, so a test
post that leaked into training cannot flatter the figures.

Figures as `shared/eval/score_crisis.py` defines them: a post is flagged when rated high or
imminent; recall is over high and imminent posts, false flags over none and low posts; imminent
recall is imminent posts rated imminent; over-imminent is the other posts rated imminent.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from safety import scanner
from safety.ml import corpus, fusion, tuned
from safety.severity import Severity


def read_set(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        lines = [line.rstrip("\n").split("\t") for line in handle if line.strip()]
    if lines and lines[0][:2] == ["split", "label"]:
        return [
            {"level": corpus.LEGACY_LEVELS[p[1]], "category": p[2], "lang": "en", "text": p[3]}
            for p in lines[1:]
        ]
    for parts in lines:
        if len(parts) == 4 and parts[0] in tuned.LEVELS:
            rows.append(dict(zip(("level", "category", "lang", "text"), parts, strict=True)))
    return rows


def leaked(rows: list[dict]) -> list[bool]:
    """Which rows near-copy a post the model was trained on."""
    trained = {
        run
        for row in corpus.read_corpus()
        if row["split"] == "train"
        for run in corpus._runs(corpus._key(row["text"]))
    }
    return [not trained.isdisjoint(corpus._runs(corpus._key(r["text"]))) for r in rows]


def figures(levels: list[str], severities: list[str]) -> dict:
    risky = [Severity(lv).at_risk for lv in levels]
    flagged = [Severity(s).at_risk for s in severities]
    n_risky, n_safe = sum(risky), len(levels) - sum(risky)
    n_imm = sum(lv == Severity.IMMINENT for lv in levels)
    caught = sum(f for f, r in zip(flagged, risky, strict=True) if r)
    false = sum(f for f, r in zip(flagged, risky, strict=True) if not r)
    pairs = list(zip(severities, levels, strict=True))
    imm_hit = sum(s == Severity.IMMINENT for s, lv in pairs if lv == Severity.IMMINENT)
    over = sum(s == Severity.IMMINENT for s, lv in pairs if lv != Severity.IMMINENT)

    def share(a, b):
        return round(a / b, 3) if b else None

    return {
        "recall": share(caught, n_risky),
        "false_flags": share(false, n_safe),
        "imminent_recall": share(imm_hit, n_imm),
        "over_imminent": share(over, len(levels) - n_imm),
        "n": len(levels),
        "risky": n_risky,
        "imminent": n_imm,
        "caught": caught,
        "false_flagged": false,
    }


def score(rows: list[dict], model: tuned.TunedModel | None, lexicon=None) -> dict:
    lexicon = lexicon or scanner.load_default_lexicon()
    levels = [r["level"] for r in rows]
    lexical = [scanner.scan(r["text"], lexicon) for r in rows]
    out = {"lexicon alone": figures(levels, [r.severity for r in lexical])}
    if model is not None:
        ratings = [model.rate(r["text"]) for r in rows]
        out["model alone"] = figures(levels, [x.severity(model.thresholds) for x in ratings])
        fused = [
            fusion.fuse(lx, x, model.thresholds).result.severity
            for lx, x in zip(lexical, ratings, strict=True)
        ]
        out["fused"] = figures(levels, fused)
        lowered = sum(
            lx.severity == Severity.HIGH and f == Severity.LOW
            for lx, f in zip(lexical, fused, strict=True)
        )
        out["lexicon high lowered to low by the model"] = lowered
        for lang in sorted({r.get("lang", "en") for r in rows}):
            picked = [i for i, r in enumerate(rows) if r.get("lang", "en") == lang]
            out[f"fused, lang {lang}"] = figures(
                [levels[i] for i in picked], [fused[i] for i in picked]
            )
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path)
    parser.add_argument("--validation", action="store_true")
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--delta", type=Path)
    parser.add_argument("--card", type=Path)
    args = parser.parse_args(argv)
    if args.validation:
        rows = [r for r in corpus.read_corpus() if r["split"] == "val"]
        dropped = 0
    elif args.path:
        rows = read_set(args.path)
        flags = leaked(rows)
        dropped = sum(flags)
        rows = [r for r, bad in zip(rows, flags, strict=True) if not bad]
    else:
        parser.error("name a set or --validation")
    model = None if args.no_model else tuned.TunedModel.load(args.delta, args.card)
    report = {
        "set": "validation" if args.validation else str(args.path),
        "model": model.version if model else "none",
        "left out as near-copies of training posts": dropped,
        **score(rows, model),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
