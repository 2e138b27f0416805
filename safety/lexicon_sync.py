"""Load the shipped lexicon file into the database (data migrations, `load_lexicon`)."""

import json

from safety.scanner import DEFAULT_LEXICON_PATH


def sync_from_file(LexiconTerm, path=DEFAULT_LEXICON_PATH) -> int:
    """Add or update every entry of the file, and retire shipped entries the file no longer
    has; entries administrators added stay. Returns the number of entries in the file."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    # Early migrations run this against a model that has no `shipped` yet.
    tracks_shipped = any(f.name == "shipped" for f in LexiconTerm._meta.get_fields())
    kept = []
    for row in data.get("entries", []):
        defaults = {
            "severity": row["severity"],
            "negatable": row.get("negatable", True),
            "fuzzy": row.get("fuzzy", False),
        }
        if tracks_shipped:
            defaults["shipped"] = True
        term, _ = LexiconTerm.objects.update_or_create(
            pattern=row["pattern"],
            kind=row["kind"],
            category=row["category"],
            defaults=defaults,
        )
        kept.append(term.pk)
    if tracks_shipped:
        LexiconTerm.objects.filter(shipped=True).exclude(pk__in=kept).delete()
    return len(data.get("entries", []))
