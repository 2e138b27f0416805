"""Build the crisis model's labelled corpus: one file, near-copies kept on one side of the split.

    .venv/bin/python -m safety.ml.corpus                      # rebuild data/corpus.tsv
    .venv/bin/python -m safety.ml.corpus --add-moderation-labels labels.tsv

Sources, all in data/:
- corpus/*.tsv: batches written by independent writers to LABELLING.md
  (`level  category  lang  text`), and moderators' judgements added with --add-moderation-labels;
- posts.tsv: the older hand-written set (labels safe / risk / imminent; its "safe" posts were not
  told apart from "low", so the model does not learn "low" from them).

Near-copies (the same text once normalised, or sharing a run of eight words) form one group;
a group goes wholly to training or wholly to validation (a fifth, by a hash of the group's first
text), so the validation figures are not flattered by sentences seen in training. Posts that
near-copy a post of the older held-out test file (data/test_posts.tsv) are left out of training
altogether; only their number is reported, no text is read out.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
import unicodedata
from pathlib import Path

from safety.severity import SEVERITIES, Severity

DATA = Path(__file__).resolve().parent / "data"
BATCHES = DATA / "corpus"
LEGACY = DATA / "posts.tsv"
OUT = DATA / "corpus.tsv"
# Held out from training: the older test file. The blind sets (data/blind/) are written after
# the corpus is fixed, so their scorer (blind.py) leaves out any blind post that near-copies a
# training post instead, and says how many.
HELD_OUT = (DATA / "test_posts.tsv",)
LEVELS = SEVERITIES
RUN_WORDS = 8
VALIDATION_SHARE = 5  # one group in five

LEGACY_LEVELS = {"safe": Severity.NONE, "risk": Severity.HIGH, "imminent": Severity.IMMINENT}
LEGACY_CATEGORIES = (
    ("eating", "eating_disorder"),
    ("self_harm", "self_harm"),
    ("third_party", "other_at_risk"),
    ("harm_to_others", "violence"),
    ("abuse", "abuse"),
    ("harassment", "abuse"),
    ("suicide", "suicide"),
    ("overdose", "suicide"),
    ("imminent", "suicide"),
    ("plan", "suicide"),
    ("risk_indirect", "suicide"),
)


def _legacy_category(name: str) -> str:
    for key, category in LEGACY_CATEGORIES:
        if key in name:
            return category
    return ""


def read_batch(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 4 or parts[0] not in LEVELS or not parts[3].strip():
                raise ValueError(f"{path.name}:{number}: not `level category lang text`")
            level, category, lang, text = parts
            rows.append(
                {
                    "level": level,
                    "category": category if level != Severity.NONE else "none",
                    "lang": lang,
                    "text": " ".join(text.split()),
                    "source": path.stem.rsplit("_", 1)[0],
                    "low_known": "1",
                }
            )
    return rows


def read_legacy(path: Path = LEGACY) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [
            {
                "level": LEGACY_LEVELS[r["label"]],
                "category": _legacy_category(r["category"]) if r["label"] != "safe" else "none",
                "lang": "en",
                "text": " ".join(r["text"].split()),
                "source": "legacy",
                "low_known": "0",
                "split": r["split"],
            }
            for r in csv.DictReader(handle, delimiter="\t")
        ]


def read_held_out_texts() -> list[str]:
    texts = []
    for path in HELD_OUT:
        if path.is_file():
            with open(path, encoding="utf-8") as handle:
                texts.extend(line.rstrip("\n").split("\t")[-1] for line in handle if line.strip())
    return texts


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(re.findall(r"\w+", text))


def _runs(key: str) -> list[str]:
    """The text's 8-word runs, in order (a list, not a set: the build must not depend on the
    process's string hashing, or the split would change from one run to the next)."""
    words = key.split()
    if len(words) < RUN_WORDS:
        return [key]
    return [" ".join(words[i : i + RUN_WORDS]) for i in range(len(words) - RUN_WORDS + 1)]


def near_copy_groups(texts: list[str]) -> list[int]:
    """A group number for each text; texts sharing a normalised form or an 8-word run share one."""
    parent = list(range(len(texts)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for index, text in enumerate(texts):
        for run in _runs(_key(text)):
            if run in owner:
                a, b = find(index), find(owner[run])
                parent[max(a, b)] = min(a, b)  # the group is named by its first text
            else:
                owner[run] = index
    return [find(i) for i in range(len(texts))]


def build(out: Path = OUT) -> dict:
    legacy = read_legacy() if LEGACY.is_file() else []
    batches = [row for path in sorted(BATCHES.glob("*.tsv")) for row in read_batch(path)]
    held_out = {run for text in read_held_out_texts() for run in _runs(_key(text))}
    overlapping = 0

    def clean(rows):
        nonlocal overlapping
        kept = [r for r in rows if held_out.isdisjoint(_runs(_key(r["text"])))]
        overlapping += len(rows) - len(kept)
        return kept

    legacy, batches = clean(legacy), clean(batches)
    # The older set was split by its own builder, which joined sentences only within a split:
    # keep its split, and send any new post that near-copies one of its posts the same way.
    legacy_split = {}
    for row in legacy:
        for run in _runs(_key(row["text"])):
            legacy_split.setdefault(run, row["split"])
    groups = near_copy_groups([r["text"] for r in batches])
    group_split: dict[int, str] = {}
    for row, group in zip(batches, groups, strict=True):
        for run in _runs(_key(row["text"])):
            if run in legacy_split:
                group_split.setdefault(group, legacy_split[run])
    first_text: dict[int, str] = {}
    for row, group in zip(batches, groups, strict=True):
        first_text.setdefault(group, row["text"])
        if group not in group_split:
            digest = hashlib.sha256(first_text[group].encode("utf-8")).digest()
            group_split[group] = "val" if digest[0] % VALIDATION_SHARE == 0 else "train"
        row["split"] = group_split[group]
        row["group"] = f"b{group}"
    for index, row in enumerate(legacy):
        row["group"] = f"l{index}"
    seen, written, dropped = set(), [], 0
    for row in legacy + batches:
        exact = _key(row["text"])
        if exact in seen:
            dropped += 1
            continue
        seen.add(exact)
        written.append(row)
    columns = ("split", "level", "category", "lang", "source", "low_known", "group", "text")
    with open(out, "w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(columns) + "\n")
        for row in written:
            handle.write("\t".join(row[c] for c in columns) + "\n")
    return {
        "posts": len(written),
        "exact_copies_dropped": dropped,
        "near_copies_of_held_out_posts_dropped": overlapping,
        "groups_in_new_batches": len(set(groups)),
    }


def read_corpus(path: Path = OUT) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        row["low_known"] = row["low_known"] == "1"
    return rows


def moderation_rows(path: Path) -> list[str]:
    """Corpus lines from `export_moderation_labels` output: the posts a moderator judged ("How
    urgent was this, really?"), labelled with that judgement; unjudged rows are skipped."""
    lines = []
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            text = " ".join((row.get("text") or "").split())
            if not text:
                continue
            label = row.get("label") or ""
            if label not in LEVELS:
                continue
            category = row.get("category") or ("none" if label == Severity.NONE else "")
            lines.append(f"{label}\t{category}\t{row.get('lang') or 'en'}\t{text}")
    return lines


def add_moderation_labels(path: Path) -> Path:
    """The export is always the full current set, so it replaces the previous one: a changed
    judgement replaces the old label instead of sitting beside it."""
    target = BATCHES / "moderation.tsv"
    lines = moderation_rows(path)
    with open(target, "w", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in lines)
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--add-moderation-labels", type=Path, metavar="TSV")
    args = parser.parse_args(argv)
    if args.add_moderation_labels:
        target = add_moderation_labels(args.add_moderation_labels)
        print(f"added to {target.relative_to(DATA.parent.parent.parent)}")
    print(build())
    return 0


if __name__ == "__main__":
    sys.exit(main())
