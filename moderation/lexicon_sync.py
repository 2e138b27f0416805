"""Load the shipped lexicon file into the database (data migrations, `load_lexicon`)."""

import json

from moderation.scanner import DEFAULT_LEXICON_PATH


def sync_from_file(LexiconTerm, path=DEFAULT_LEXICON_PATH) -> int:
    """Add or update every entry of the file; entries administrators added stay. Returns the
    number of entries in the file."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    for row in data.get("entries", []):
        LexiconTerm.objects.update_or_create(
            pattern=row["pattern"], kind=row["kind"], category=row["category"],
            defaults={
                "severity": row["severity"],
                "negatable": row.get("negatable", True),
                "fuzzy": row.get("fuzzy", False),
            },
        )  # fmt: skip
    return len(data.get("entries", []))
