"""Cut a post into the pieces the model rates: its sentences, short ones joined to a neighbour.

One risky sentence among twenty ordinary ones must not be averaged away, so the layer rates each
window and takes the highest score. A window is one sentence, or two when one of them is too short
to mean much alone ("Tonight." "I'm sorry."); a sentence too long for the model is cut at word
boundaries. Each window keeps its character span in the original text, for the match the layer
records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Short enough to lean on a neighbour: "It's done." "Bye." "I'm ready now."
SHORT_WORDS = 4
# Far below the model's 256 tokens, so a window's meaning is not diluted by its length.
LONG_WORDS = 60
CHUNK_WORDS = 40

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|\s*\n\s*")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Window:
    text: str
    start: int
    end: int


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split after . ! ? … and at line breaks."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    result = []
    for begin, end in spans:
        words = list(_WORD.finditer(text, begin, end))
        if len(words) <= LONG_WORDS:
            result.append((words[0].start(), words[-1].end()))
            continue
        for i in range(0, len(words), CHUNK_WORDS):
            piece = words[i : i + CHUNK_WORDS]
            result.append((piece[0].start(), piece[-1].end()))
    return result


def _word_count(text: str, span: tuple[int, int]) -> int:
    return len(text[span[0] : span[1]].split())


def windows(text: str) -> list[Window]:
    """The windows of `text`, in order; none for blank text."""
    spans = sentence_spans(text)
    merged: list[list[int]] = []
    for span in spans:
        short = _word_count(text, span) < SHORT_WORDS
        if merged and (short or merged[-1][2]) and merged[-1][3] < 2:
            merged[-1][1] = span[1]
            merged[-1][2] = False
            merged[-1][3] += 1
        else:
            merged.append([span[0], span[1], short, 1])
    return [Window(" ".join(text[s:e].split()), s, e) for s, e, _, _ in merged]
