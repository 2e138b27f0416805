"""Rate text as readers will read it, not only as it was typed.

Words can come together only once displayed: Markdown emphasis inside a word (k**i**ll), a
link's text, character references (k&#105;ll), tags a reader's eye skips (k<b>i</b>ll). And
what is typed but never shown, such as an HTML comment, still says something about its author.
So the lexicon reads every view of a text: what was written, what readers are shown, and each
with any markup read past; the highest rating stands. Pure, like the scanner: the caller
renders the text (forum does, for posts) and passes what readers see as `displayed`.

Matches point into the written text. A match found only in another view is placed where the
written text holds the same characters; when it holds them nowhere (the words only exist once
displayed), the match keeps its term but has start and end -1, so moderators see what matched
without a highlight that would point at the wrong words.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from safety import scanner
from safety.scanner import NO_RISK, Lexicon, Match, ScanResult
from safety.severity import Severity, severity_rank

# A tag (with or without attributes) or a whole comment, as text: bleach and the Markdown
# renderer leave such text in place, escaped, but a reader reads past it.
_MARKUP = re.compile(r"<!--.*?(?:-->|\Z)|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
SNIPPET_LENGTH = 40


def read_past_markup(text: str) -> str:
    """`text` with character references decoded and tags and comments taken out: joined up
    inside a word ("k<b>i</b>ll" reads "kill"), a space between words."""
    if "&" in text:
        text = html.unescape(text)
    if "<" not in text:
        return text

    def replace(match: re.Match) -> str:
        start, end = match.start(), match.end()
        inside_word = 0 < start and end < len(text) and text[start - 1].isalnum()
        return "" if inside_word and text[end].isalnum() else " "

    return _MARKUP.sub(replace, text)


def views_of(text: str, displayed: str | None = None) -> list[str]:
    """Every distinct view the lexicon reads, the written text first."""
    views = [text]
    for view in (displayed, read_past_markup(text)):
        if view is not None and view not in views:
            views.append(view)
    if displayed is not None:
        past = read_past_markup(displayed)
        if past not in views:
            views.append(past)
    return views


@dataclass(frozen=True)
class ReadResult:
    """The lexicon's rating over every view. `seen[i]` is how the words of `result.matches[i]`
    looked where they were found (one line, cut short), for a person to read."""

    result: ScanResult
    seen: tuple[str, ...] = ()


def snippet(text: str, start: int, end: int) -> str:
    words = " ".join(text[start:end].split())
    return words if len(words) <= SNIPPET_LENGTH else words[: SNIPPET_LENGTH - 1] + "…"


def place(match: Match, view: str, text: str) -> Match:
    """`match`, found in `view`, moved to where `text` holds the same characters, or to -1."""
    if view is text:
        return match
    found = view[match.start : match.end]
    start = text.find(found) if found else -1
    end = start + len(found) if start >= 0 else -1
    return Match(match.term, match.category, match.severity, start, end)


def scan_as_read(text: str, lexicon: Lexicon | None = None, *, displayed=None) -> ReadResult:
    """The lexicon's rating of `text` and of what readers see of it (see the module's doc)."""
    results = [(view, scanner.scan(view, lexicon)) for view in views_of(text, displayed)]
    worst = max(results, key=lambda pair: severity_rank(pair[1].severity))[1]
    if worst.severity == Severity.NONE:
        return ReadResult(NO_RISK)
    categories = list(worst.categories)
    matches, seen, known = [], [], set()
    for view, result in results:
        for category in result.categories:
            if category not in categories:
                categories.append(category)
        for match in result.matches:
            if (match.term, match.category) in known:
                continue
            known.add((match.term, match.category))
            matches.append(place(match, view, text))
            seen.append(snippet(view, match.start, match.end))
    return ReadResult(ScanResult(worst.severity, tuple(categories), tuple(matches)), tuple(seen))
