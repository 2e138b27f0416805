"""Fold text and lexicon patterns into one plain form for the crisis scanner.

People in pain disguise and stretch words ("su!cidal", Cyrillic "ѕuicide", "s-u-i-c-i-d-e",
"kiiiill myself", "end it<zero-width joiner> all", "k&#105;ll"). Folding them all to plain
lowercase Latin once lets a single compiled pattern find every variant. Pure Python, no Django.

Lexicon patterns fold the same way: safety.patterns passes each pattern word through
`normalise`, then compiles it so that each letter after the first may repeat ("diiie",
"killlll"), while a double letter stays double ("off myself" never matches "of myself").

Text is normalised once (`fold`): each step is one regex or translation and records the few
places where it changed the length of the text, so the scanner can map what it reports back to
the original positions without a second pass.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Callable

# Look-alike letters that NFKD leaves alone: Cyrillic and Greek, and a few Latin ones.
_CONFUSABLE_PAIRS = (
    "аa вb гr еe ѐe ёe іi їi јj кk мm нh оo пn рp сc тt уy ўy хx ьb ѕs ԁd һh ԛq ԝw ѵv ӏl "
    "αa βb γy εe ηn ιi κk μu νv οo ρp σo ςs τt υu χx ωw ıi łl øo đd ħh ŧt ſs"
)
_CONFUSABLES = {pair[0]: pair[1] for pair in _CONFUSABLE_PAIRS.split()}
_SPECIAL = {
    **dict.fromkeys("\u2018\u2019\u201b\u02bc\u00b4\u2032\uff07", "'"),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\u2028\u2029\u0085", "\n"),
}
# Combining marks (accents, variation selectors) and format characters (zero-width space,
# joiners, soft hyphen, bidi controls) carry no letters: drop them.
_DROPPED_CATEGORIES = {"Mn", "Me", "Cf"}


def _fold_char(char: str) -> str:
    if char.isascii():
        return char.lower()
    if char in _SPECIAL:
        return _SPECIAL[char]
    if unicodedata.category(char).startswith("Z"):
        return " "
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.category(part) in _DROPPED_CATEGORIES:
            continue
        out.extend(_CONFUSABLES.get(folded, folded) for folded in part.casefold())
    return "".join(out)


class _FoldTable(dict):
    """A `str.translate` table that learns each character the first time it is seen."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


_FOLD = _FoldTable()

_LETTERLIKE = r"(?:[^\W_]|[@$])"
_LEET = str.maketrans("013457@$!", "oieastasi")
_UNITS = re.compile(
    r"(?:st|nd|rd|th|am|pm|mg|mcg|ml|kg|km|kms|hr|hrs|min|mins|yo|yr|yrs|ft|lb"
    r"|lbs|cm|mm|k|x)\b"
)
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


class _Edits:
    """The places where one step changed the length of the text, to map positions back.

    Each record is (start in the output, length in the output, start and end in the input,
    and for each output character the input index it came from). Steps change little text,
    so recording costs next to nothing and the scanner maps back only the spans it reports.
    """

    def __init__(self) -> None:
        self.out_starts: list[int] = []
        self.records: list[tuple[int, int, int, int, list[int]]] = []
        self.shift = 0

    def add(self, in_start: int, in_end: int, sources: list[int]) -> None:
        out_start = in_start + self.shift
        self.out_starts.append(out_start)
        self.records.append((out_start, len(sources), in_start, in_end, sources))
        self.shift += len(sources) - (in_end - in_start)

    def back(self, position: int, *, last: bool = False) -> int:
        """The input index that output `position` came from. For the `last` character of a
        span, the last output character of a replacement maps to the end of what it replaced,
        so a span ending in "&#108;" covers the whole reference."""
        k = bisect.bisect_right(self.out_starts, position) - 1
        if k < 0:
            return position
        out_start, out_length, in_start, in_end, sources = self.records[k]
        if position < out_start + out_length:
            if last and position == out_start + out_length - 1:
                return max(sources[position - out_start], in_end - 1)
            return sources[position - out_start]
        return in_end + position - out_start - out_length


class _Step:
    """One regex replacement. `replace(match)` returns the new text and, for each of its
    characters, the index in the input it came from."""

    def __init__(self, pattern: str, replace: Callable[[re.Match], tuple[str, list[int]]]):
        self.regex = re.compile(pattern)
        self.replace = replace

    def run(self, text: str, edits: _Edits) -> str:
        def substitute(match: re.Match) -> str:
            new, sources = self.replace(match)
            if len(new) != match.end() - match.start():
                edits.add(match.start(), match.end(), sources)
            return new

        return self.regex.sub(substitute, text)


class _TranslateStep(_Step):
    """A one-for-one character mapping (`str.translate`): positions do not move."""

    def __init__(self, table: dict):
        self.table = table

    def run(self, text: str, edits: _Edits) -> str:
        return text.translate(self.table)


def _drop_apostrophe(match: re.Match) -> tuple[str, list[int]]:
    # "don't" -> "dont"; a quote mark next to a space or a digit stays (cleanup makes it a space).
    text, start, end = match.string, match.start(), match.end()
    if 0 < start and end < len(text) and text[start - 1].isalpha() and text[end].isalpha():
        return "", []
    return match.group(), list(range(start, end))


def _keep_letters(match: re.Match) -> tuple[str, list[int]]:
    start = match.start()
    kept = [(ch, start + i) for i, ch in enumerate(match.group()) if ch.isalnum() or ch in "@$"]
    return "".join(ch for ch, _ in kept), [i for _, i in kept]


def _deleet(match: re.Match) -> tuple[str, list[int]]:
    """Read "k1ll", "su!cide", "$uicide" and "d13" as letters, only where the run of symbols
    touches letters, so "30 pills", "5 kms", "3am" and "wow!" keep their meaning."""
    text, start, end = match.string, match.start(), match.end()
    run = match.group()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    after2 = text[end + 1] if end + 1 < len(text) else " "
    if before in _ASCII_LETTERS:
        # Inside a word ("k1ll"), or one or two digits ending one ("d13").
        leet = after in _ASCII_LETTERS or (
            len(run) <= 2 and run.isdigit() and not (after.isalnum() or after in "@$!")
        )
    else:
        # Starting a word ("$uicide"): one symbol, then a letter, and not a unit ("5kms").
        leet = (
            len(run) == 1
            and run != "!"
            and not (before.isalnum() or before in "@$!")
            and after in _ASCII_LETTERS
            and (after2.isalnum() or after2 in "@$!")
            and not _UNITS.match(text, end)
        )
    return (run.translate(_LEET) if leet else run), list(range(start, end))


class _CleanupTable(dict):
    """Maps every character that is not a letter, digit or clause mark to a space, and line
    breaks to a full stop (a phrase never runs across lines)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char == "\n":
            value = "."
        elif char in ".!?,;:" or (char.isalnum() and char != "_") or re.match(r"[^\W_]", char):
            value = char
        else:
            value = " "
        self[code] = value
        return value


_STEPS = (
    # "don't" -> "dont": patterns and text both lose in-word apostrophes.
    _Step(r"['`]+", _drop_apostrophe),
    # "s u i c i d e", "k.i.l.l", "s-u-i-c-i-d-e": three or more single letters in a row.
    _Step(
        rf"(?<![^\W_])(?<![@$]){_LETTERLIKE}"
        rf"(?:[ .\-_*·•~+/|\\]{{1,3}}{_LETTERLIKE}(?![^\W_]|[@$])){{2,}}",
        _keep_letters,
    ),
    # Leetspeak, only where it touches letters.
    _Step(r"[013457@$!]+", _deleet),
    # Anything that is not a letter, digit or clause mark separates words: one space.
    _TranslateStep(_CleanupTable()),
    _Step(r"  +", lambda match: (" ", [match.start()])),
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")

# HTML character references ("k&#105;ll", "mys&#x65;lf", "ki&zwj;ll"): readers of rendered text
# see the character, so the scanner reads it too, whoever the caller. A reference that decodes
# to a line break or tab reads as a space, as it does on a page.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?")


def _decode_reference(match: re.Match) -> tuple[str, list[int]]:
    decoded = html.unescape(match.group())
    if decoded.isspace():
        decoded = " " * len(decoded)
    return decoded, [match.start()] * len(decoded)


_DECODE_REFERENCES = _Step(_REFERENCE.pattern, _decode_reference)


class Folded:
    """Normalised text plus what is needed to map its positions back to the original."""

    def __init__(self, text: str, edits: list[_Edits]):
        self.text = text
        self._edits = edits

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that normalised characters [start, end) came from."""
        first, last = start, end - 1
        for edits in reversed(self._edits):
            first, last = edits.back(first), edits.back(last, last=True)
        return first, last + 1


def fold(text: str) -> Folded:
    """Normalise `text` once, keeping the map back to its original positions."""
    reference_edits = _Edits()
    if "&" in text:
        text = _DECODE_REFERENCES.run(text, reference_edits)
    fold_edits = _Edits()
    if text.isascii():
        folded = text.lower()
    else:
        folded = text.translate(_FOLD)
        # Only characters that fold to more or fewer than one ("ß", zero-width joiners) move
        # positions; they are rare, so look only at runs of non-ASCII characters, and record
        # one edit per run (a wall of 100,000 joiners is one record, not 100,000).
        for match in _NON_ASCII.finditer(text):
            start = match.start()
            lengths = [len(_FOLD[ord(char)]) for char in match.group()]
            if any(length != 1 for length in lengths):
                sources = [start + i for i, length in enumerate(lengths) for _ in range(length)]
                fold_edits.add(start, match.end(), sources)
    all_edits = [reference_edits, fold_edits]
    for step in _STEPS:
        all_edits.append(_Edits())
        folded = step.run(folded, all_edits[-1])
    return Folded(folded, all_edits)


def normalise(text: str) -> str:
    """The folded form of `text` that lexicon patterns are matched against."""
    return fold(text).text
