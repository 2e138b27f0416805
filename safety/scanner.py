"""The crisis scanner: rate how much risk a post shows, from a lexicon moderators can extend.

`scan(text)` is pure (no Django) and fast enough for every keystroke of a preview: it normalises
the text once (safety.normalise), runs one combined pattern over it, then rates what it found.
Negation ("I'm not suicidal") lowers a rating but never clears it; intent next to a time, a means
or a goodbye raises it to imminent. The lexicon is data (lexicon/lexicon.json, later the
database), compiled once per version.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from re import _parser as sre_parse

from safety.framing import framing
from safety.normalise import fold, normalise
from safety.patterns import check_regex_is_safe, leading_splits, parse_phrase, render_sequence
from safety.severity import SEVERITIES, Severity, max_severity, severity_rank

RISK_CATEGORIES = ("suicide", "self_harm", "overdose", "harm_to_others", "abuse", "harassment")
# Cues are not risks on their own: they raise a risk to imminent (see `_rate`).
CUE_CATEGORIES = ("preparation", "timing")
CATEGORIES = (*RISK_CATEGORIES, *CUE_CATEGORIES, "safe")
KINDS = ("term", "phrase", "regex")
MAX_PATTERN_LENGTH = 300
DEFAULT_LEXICON_PATH = Path(__file__).resolve().parent / "lexicon" / "lexicon.json"

# A risk plus a cue this close (in normalised characters) reads as one plan.
_ESCALATION_WINDOW = 250
_ESCALATING = {"suicide", "overdose", "harm_to_others", "preparation"}
# Negation lowers a hit one step but never clears it (low and none stay as they are).
_NEGATED = {Severity.IMMINENT: Severity.HIGH, Severity.HIGH: Severity.LOW}


@dataclass(frozen=True)
class Match:
    """One lexicon hit; start and end index the original text, `term` names the entry."""

    term: str
    category: str
    severity: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class ScanResult:
    severity: str
    categories: tuple[str, ...] = ()
    matches: tuple[Match, ...] = ()

    def to_dict(self) -> dict:
        return {
            "severity": self.severity,
            "categories": list(self.categories),
            "matches": [m.to_dict() for m in self.matches],
        }


NO_RISK = ScanResult(severity=Severity.NONE)


@dataclass(frozen=True)
class LexiconEntry:
    """One line of the lexicon, editable on its own in an admin form.

    kind: "term" (one word; `word*` for any ending), "phrase" (words with `(a|b)`, `(...)?`,
    `...` for up to three words, `#` for a number, final `$` for end of clause) or "regex"
    (Python regex over the normalised text: lowercase, no apostrophes, single spaces; start it
    with a literal or a character class, which is faster).
    category: a risk category, "safe" (an exception that hides whatever else would match the
    same words, "suicide squad"), or a cue: "timing" ("tonight") or "preparation" (means,
    notes, goodbyes). Cues raise a nearby risk to imminent; a preparation rated low or above
    ("on the bridge") does so on its own, one rated none ("thank you for everything") only
    with stated intent or more cues. Severity is ignored for safe and timing entries.
    negatable: whether "not", "never", "used to", "without"... before it lower its rating.
    fuzzy: also match spellings one edit away (terms of six letters or more); leave it off for
    words with a real word that close ("overdose" and "overdone").
    """

    pattern: str
    kind: str
    category: str
    severity: str
    negatable: bool = True
    fuzzy: bool = False


@dataclass(frozen=True)
class _Compiled:
    entry: LexiconEntry
    splits: tuple[tuple[str | None, str], ...]
    min_width: int


def validate_entry(entry: LexiconEntry) -> None:
    """Raise ValueError, with a message fit for an admin form, if `entry` cannot be used."""
    _compile_entry(entry)


def _compile_entry(entry: LexiconEntry) -> _Compiled:
    pattern = entry.pattern
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError("the pattern is empty")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"the pattern is longer than {MAX_PATTERN_LENGTH} characters; split it")
    for field, allowed in (("kind", KINDS), ("category", CATEGORIES), ("severity", SEVERITIES)):
        if getattr(entry, field) not in allowed:
            raise ValueError(f"{field} must be one of {', '.join(allowed)}")
    if entry.category in RISK_CATEGORIES and entry.severity == Severity.NONE:
        raise ValueError("a risk entry needs severity low or above (exceptions go in 'safe')")
    if entry.kind == "regex":
        check_regex_is_safe(pattern)
        splits: tuple[tuple[str | None, str], ...] = ((None, pattern),)
        fragment = pattern
    else:
        if entry.kind == "term" and re.search(r"[()|#$]|\.\.\.", pattern.rstrip("*")):
            raise ValueError("a term is plain words; use kind 'phrase' for groups and gaps")
        try:
            alternatives = parse_phrase(pattern)
        except ValueError as exc:
            raise ValueError(f"cannot read the phrase: {exc}") from None
        fragment = "|".join(render_sequence(alt) for alt in alternatives)
        splits = tuple(split for alt in alternatives for split in leading_splits(alt))
    try:
        width = sre_parse.parse(f"(?:{fragment})").getwidth()[0]
        re.compile(f"(?:{fragment})(?![^\\W_])")
    except (re.error, OverflowError) as exc:
        raise ValueError(f"the pattern does not compile: {exc}") from None
    if width == 0:
        raise ValueError("the pattern can match empty text")
    if width < 2:
        raise ValueError("the pattern is too short to mean anything (two characters at least)")
    if entry.fuzzy:
        word = normalise(pattern.rstrip("*")).strip()
        if entry.kind != "term" or not word.isalpha() or len(word) < 6:
            raise ValueError("fuzzy matching needs a term of one word of six letters or more")
    return _Compiled(entry, splits, width)


def _within_one_edit(a: str, b: str) -> bool:
    """Damerau (optimal string alignment) distance of at most one."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = a[i + 1 : i + 2] + a[i : i + 1] == b[i : i + 2]
        return a[i + 1 :] == b[i + 1 :] or (swapped and a[i + 2 :] == b[i + 2 :])
    return a[i + 1 :] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1 :]


class Lexicon:
    """Entries compiled into one pattern, grouped by first letter so that each position costs
    one comparison per letter, not one per entry. Build once per version and reuse."""

    def __init__(
        self, entries: Iterable[LexiconEntry], version: str = "", *, skip_invalid: bool = False
    ):
        """Compile `entries`; a bad entry raises ValueError naming it, or with `skip_invalid`
        (for rows read from a database, where one stale row must not stop every scan) is left
        out and listed in `skipped` as (entry, reason)."""
        compiled, kept, self.skipped = [], [], []
        for index, entry in enumerate(entries):
            try:
                compiled.append(_compile_entry(entry))
                kept.append(entry)
            except ValueError as exc:
                if not skip_invalid:
                    raise ValueError(f"lexicon entry {index} ({entry.pattern!r}): {exc}") from None
                self.skipped.append((entry, str(exc)))
        self.entries = tuple(kept)
        self.version = version
        # At one position the first alternative wins: longer (more specific) entries first,
        # exceptions before risks of the same length, then the more severe.
        compiled.sort(
            key=lambda c: (
                -c.min_width,
                c.entry.category != "safe",
                -severity_rank(c.entry.severity),
                c.entry.pattern,
            )
        )
        # Two patterns of the same shape: `_pattern` finds hits fast; `_identify`, which names
        # every alternative (and so loses the fast skip), runs only where a hit starts.
        self._by_group: dict[str, LexiconEntry] = {}
        plain: tuple[list[str], dict[str, list[str]]] = ([], {})
        named: tuple[list[str], dict[str, list[str]]] = ([], {})
        for rank, item in enumerate(compiled):
            for number, (first, rest) in enumerate(item.splits):
                name = f"e{rank}_{number}"
                self._by_group[name] = item.entry
                for (others, buckets), alt in ((plain, rest), (named, f"(?P<{name}>{rest})")):
                    if first is None:
                        others.append(alt)
                    else:
                        buckets.setdefault(first, []).append(alt)
        self._pattern, self._identify = (_combine(*parts) for parts in (plain, named))
        self._fuzzy = [
            (c.entry, normalise(c.entry.pattern.rstrip("*")).strip(), c.entry.pattern.endswith("*"))
            for c in compiled
            if c.entry.fuzzy
        ]
        self._fuzzy_cache: dict[str, LexiconEntry | None] = {}
        # Misspellings keep their first letter, so only words starting like a fuzzy term are
        # candidates; a character class first lets the regex engine skip the rest quickly.
        firsts = "".join(sorted({word[0] for _, word, _ in self._fuzzy}))
        shortest = min((len(word) for _, word, _ in self._fuzzy), default=6)
        self._fuzzy_tokens = re.compile(f"[{re.escape(firsts)}][^\\W\\d_]{{{shortest - 2},}}")

    @classmethod
    def from_dict(cls, data: dict) -> Lexicon:
        """From {"version": ..., "entries": [{"pattern", "kind", ...}, ...]}."""
        known = {f.name for f in fields(LexiconEntry)}
        entries = []
        for index, row in enumerate(data.get("entries", [])):
            unknown = set(row) - known
            if unknown:
                raise ValueError(f"lexicon entry {index}: unknown fields {sorted(unknown)}")
            entries.append(LexiconEntry(**row))
        return cls(entries, version=str(data.get("version", "")))

    @classmethod
    def from_file(cls, path: str | Path) -> Lexicon:
        with open(path, encoding="utf-8") as handle:
            return cls.from_dict(json.load(handle))

    def find(self, norm: str) -> list[tuple[LexiconEntry, int, int]]:
        """Every entry found in normalised text, in order of start.

        Matches do not overlap, so an exception ("suicide squad") or a grief phrase ("lost my
        dad to suicide") hides the words it covers; a cue ("have the knife") is too weak to
        hide a stronger entry that starts inside it ("knife in my hand"), so those are kept.
        """
        found = []
        for match in self._pattern.finditer(norm):
            entry = self._entry_at(norm, match)
            found.append((entry, match.start(), match.end()))
            if entry.category in CUE_CATEGORIES:
                # Try only the word starts inside the cue, not the rest of the post.
                space = norm.find(" ", match.start(), match.end())
                while space != -1:
                    inner = self._pattern.match(norm, space + 1)
                    if inner:
                        found.append((self._entry_at(norm, inner), inner.start(), inner.end()))
                    space = norm.find(" ", space + 1, match.end())
        if self._fuzzy:
            found.extend(self._find_misspelt(norm, found))
        found.sort(key=lambda hit: hit[1])
        return found

    def _find_misspelt(self, norm: str, found: list) -> list[tuple[LexiconEntry, int, int]]:
        """Fuzzy hits on words that no exact hit covers (one pass over both, in order)."""
        covered_until, spans, hits = -1, iter(sorted((s, e) for _, s, e in found)), []
        span = next(spans, None)
        for token in self._fuzzy_tokens.finditer(norm):
            start, end = token.span()
            if start and norm[start - 1].isalnum():
                continue  # inside a word
            while span is not None and span[0] < end:
                covered_until = max(covered_until, span[1])
                span = next(spans, None)
            if covered_until > start:
                continue
            entry = self._fuzzy_match(token.group())
            if entry is not None:
                hits.append((entry, start, end))
        return hits

    def _entry_at(self, norm: str, match: re.Match) -> LexiconEntry:
        return self._by_group[self._identify.match(norm, match.start()).lastgroup]

    def _fuzzy_match(self, token: str) -> LexiconEntry | None:
        # Words repeat a lot across posts, so each distinct word is checked once.
        if token in self._fuzzy_cache:
            return self._fuzzy_cache[token]
        hit = None
        for entry, word, prefix in self._fuzzy:
            if token[0] != word[0]:
                continue
            lengths = (len(word) - 1, len(word), len(word) + 1) if prefix else (len(token),)
            if any(_within_one_edit(token[:n], word) for n in lengths if n <= len(token)):
                hit = entry
                break
        if len(self._fuzzy_cache) > 50_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[token] = hit
        return hit


def _combine(others: list[str], buckets: dict[str, list[str]]) -> re.Pattern:
    """One pattern: alternatives without a known first letter, then one branch per letter."""
    branches = others + [
        re.escape(first) + "(?:" + "|".join(alternatives) + ")"
        for first, alternatives in buckets.items()
    ]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(branches) + r")(?![^\W_])")


@functools.lru_cache(maxsize=1)
def load_default_lexicon() -> Lexicon:
    """The lexicon shipped in lexicon/lexicon.json, compiled once per process."""
    return Lexicon.from_file(DEFAULT_LEXICON_PATH)


# --- Rating -----------------------------------------------------------------------------------


@dataclass
class _Hit:
    entry: LexiconEntry
    start: int
    end: int
    severity: str
    flags: set[str]


def _rate(norm: str, found: list[tuple[LexiconEntry, int, int]]) -> tuple[Severity, list[_Hit]]:
    hits = []
    for entry, start, end in found:
        if entry.category == "safe":
            continue
        flags = framing(norm, start, end)
        severity = Severity.NONE if entry.category == "timing" else entry.severity
        if entry.negatable and "negated" in flags:
            # Lowered, never cleared: "I'm not suicidal" still earns a gentle line.
            severity = _NEGATED.get(severity, severity)
        else:
            flags.discard("negated")
        hits.append(_Hit(entry, start, end, severity, flags))
    severity = max_severity(Severity.NONE, *(hit.severity for hit in hits))
    cues = [h for h in hits if h.entry.category in CUE_CATEGORIES and "negated" not in h.flags]
    risks = [
        h
        for h in hits
        if h.entry.category in _ESCALATING
        and Severity(h.severity).at_risk
        and not h.flags & {"negated", "ideation"}
    ]
    starts = [c.start for c in cues]  # hits come sorted by start
    for risk in risks:
        low = bisect.bisect_left(starts, risk.start - _ESCALATION_WINDOW)
        high = bisect.bisect_right(starts, risk.start + _ESCALATION_WINDOW)
        if _makes_a_plan(risk, [c for c in cues[low:high] if c is not risk]):
            severity = Severity.IMMINENT
            break
    # Final arrangements without a stated risk: a will, deleted accounts and "tonight".
    preparations = {h.entry for h in cues if h.entry.category == "preparation"}
    if len(preparations) >= 2:
        timings = {h.entry for h in cues if h.entry.category == "timing"}
        severity = max_severity(severity, Severity.HIGH)
        if len(preparations) + len(timings) >= 3:
            severity = Severity.IMMINENT
    return severity, hits


def _makes_a_plan(risk: _Hit, cues: list[_Hit]) -> bool:
    """Whether a high risk and the cues near it read as a plan. A concrete preparation (rated
    low or above: "on the bridge", "bought a rope") is enough; a weak cue ("tonight", "thank you
    for everything") counts with stated intent, or with a preparation and one more cue.
    "Thinking about it tonight" or "death sounds peaceful right now" is not a plan."""
    if any(c.entry.category == "preparation" and c.severity != Severity.NONE for c in cues):
        return True
    if cues and ("intent" in risk.flags or risk.entry.category == "preparation"):
        return True
    kinds = {c.entry for c in cues}
    return len(kinds) >= 2 and any(c.entry.category == "preparation" for c in cues)


def scan(text: str, lexicon: Lexicon | None = None) -> ScanResult:
    """Rate `text`: severity none < low < high < imminent, the categories, and each hit."""
    if not text or not text.strip():
        return NO_RISK
    if lexicon is None:
        lexicon = load_default_lexicon()
    folded = fold(text)
    found = lexicon.find(folded.text)
    if not found:
        return NO_RISK
    severity, hits = _rate(folded.text, found)
    if severity == Severity.NONE:
        return NO_RISK
    shown = [h for h in hits if h.severity != Severity.NONE or severity.at_risk]
    categories: dict[str, int] = {}
    for hit in shown:
        category = "suicide" if hit.entry.category in CUE_CATEGORIES else hit.entry.category
        categories[category] = max(categories.get(category, 0), severity_rank(hit.severity))
    if severity == Severity.IMMINENT and not categories:
        categories["suicide"] = Severity.IMMINENT.rank
    matches = tuple(
        Match(h.entry.pattern, h.entry.category, h.severity, *folded.original_span(h.start, h.end))
        for h in shown
    )
    ordered = sorted(categories, key=lambda c: (-categories[c], c))
    return ScanResult(severity=severity, categories=tuple(ordered), matches=matches)
