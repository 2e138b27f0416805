"""The phrase syntax administrators write in the lexicon, compiled to regex over normalised
text (safety.normalise): words that may be stretched ("diiie"), gaps of a few words, optional
groups, alternatives, numbers, and a check that no hand-written regex can backtrack
catastrophically. Pure Python, no Django.

A pattern word goes through the same folding as the text it will be matched against, so the
two always agree.
"""

from __future__ import annotations

import re
import time
from re import _constants as sre_constants
from re import _parser as sre_parse

from safety.normalise import normalise

GAP_WORDS = 3
_WORD = r"[^\W_]+"
_GAP = rf"(?: {_WORD}){{0,{GAP_WORDS}}}"
_END = r"(?= ?[.!?,;:]| ?$)"
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty "
    "fifty sixty hundred dozen"
).split()
_NUMBER = rf"(?:\d+(?:[.,]\d+)?|{'|'.join(_NUMBER_WORDS)})"
_PHRASE_TOKEN = re.compile(r"\)\?|[()|]|\.\.\.|[^\s()|]+")


def word_regex(word: str) -> str:
    """Regex for one normalised word in which each letter after the first may be stretched
    ("diiiie", "killlll"). The first letter stays a plain literal: the combined pattern then
    skips, with one comparison each, the entries that cannot start at a position."""
    out = [re.escape(word[0])]
    for run in re.finditer(r"(.)\1*", word[1:]):
        char, length = run.group(1), len(run.group())
        if char.isalpha() and not (len(out) == 1 and char == word[0]):
            out.append(re.escape(char) * length + re.escape(char) + "*+")
        else:
            out.append(re.escape(run.group()))
    return "".join(out)


def parse_phrase(pattern: str) -> list[list[tuple]]:
    """Parse phrase syntax into alternatives, each a list of nodes.

    Words are separated by spaces; `(a|b c)` groups alternatives, `(...)?` makes a group
    optional; `...` stands for up to three words; `#` for a number; `word*` for any word that
    starts with `word`; a final `$` requires the end of a clause. Nodes: ("word", text, prefix),
    ("gap",), ("num",), ("end",), ("group", alternatives, optional).
    """
    alternatives, index = _parse_alternatives(_PHRASE_TOKEN.findall(pattern), 0, depth=0)
    if index != -1:
        raise ValueError("unbalanced ')'")
    return alternatives


def _parse_alternatives(tokens: list[str], index: int, depth: int) -> tuple[list[list[tuple]], int]:
    alternatives: list[list[tuple]] = [[]]
    while index < len(tokens):
        token = tokens[index]
        if token == "(":
            inner, index = _parse_alternatives(tokens, index + 1, depth + 1)
            if index >= len(tokens):
                raise ValueError("unclosed '('")
            alternatives[-1].append(("group", inner, tokens[index] == ")?"))
        elif token in (")", ")?"):
            if depth == 0:
                raise ValueError("unbalanced ')'")
            _check_sequences(alternatives, depth)
            return alternatives, index
        elif token == "|":
            alternatives.append([])
        elif token in ("...", "#", "$"):
            alternatives[-1].append({"...": ("gap",), "#": ("num",), "$": ("end",)}[token])
        else:
            prefix = token.endswith("*") and len(token) > 1
            words = normalise(token[:-1] if prefix else token).split()
            if not words or any(not re.fullmatch(_WORD, w) for w in words):
                raise ValueError(f"{token!r} is not a word")
            alternatives[-1].extend(("word", w, False) for w in words[:-1])
            alternatives[-1].append(("word", words[-1], prefix))
        index += 1
    _check_sequences(alternatives, depth)
    return alternatives, -1 if depth == 0 else index


def _check_sequences(alternatives: list[list[tuple]], depth: int) -> None:
    for sequence in alternatives:
        if not sequence:
            raise ValueError("empty alternative (use '(...)?' for an optional group)")
        if sequence[0][0] in ("gap", "end") or sequence[-1][0] == "gap":
            raise ValueError("'...' must sit between words, '$' at the end")
        ends = [i for i, node in enumerate(sequence) if node[0] == "end"]
        if ends and (depth > 0 or ends != [len(sequence) - 1]):
            raise ValueError("'$' may only end the whole phrase")


def render_sequence(sequence: list[tuple], started: bool = False) -> str:
    """Regex for a node sequence; `started` means a word came before, so a space is due."""
    out = []
    for node in sequence:
        kind = node[0]
        if kind == "gap":
            out.append(_GAP)
            continue
        if kind == "end":
            out.append(_END)
            continue
        body = render_node(node)
        optional = kind == "group" and node[2]
        if optional:
            out.append(f"(?: {body})?" if started else f"(?:{body} )?")
        else:
            out.append(f" {body}" if started else body)
            started = True
    return "".join(out)


def render_node(node: tuple) -> str:
    if node[0] == "word":
        return word_regex(node[1]) + (r"[^\W_]*+" if node[2] else "")
    if node[0] == "num":
        return _NUMBER
    return "(?:" + "|".join(render_sequence(seq) for seq in node[1]) + ")"


def leading_splits(sequence: list[tuple], limit: int = 64) -> list[tuple[str | None, str]]:
    """Split a sequence into (first character, regex for the rest) alternatives.

    Grouping alternatives by their first character lets the combined pattern skip, with one
    comparison, every entry that cannot start at a position. (None, full regex) means the first
    character is not known.
    """
    if not sequence:
        return [(None, "")]
    head, tail = sequence[0], sequence[1:]
    if head[0] == "word":
        first = head[1][0]
        return [(first, render_node(head)[len(re.escape(first)) :] + render_sequence(tail, True))]
    if head[0] == "num":
        after = render_sequence(tail, started=True)
        words = ("group", [[("word", word, False)] for word in _NUMBER_WORDS], False)
        return [(d, rf"\d*+(?:[.,]\d+)?{after}") for d in "0123456789"] + leading_splits(
            [words, *tail], limit
        )
    if head[0] == "group":
        by_first: dict[str | None, list[str]] = {}
        for alt in head[1]:
            for first, rest in leading_splits(alt, limit):
                by_first.setdefault(first, []).append(rest)
        required = all(any(_is_required(node) for node in alt) for alt in head[1])
        if required and None not in by_first:
            # Render the tail once per first letter, not once per alternative.
            after = render_sequence(tail, started=True)
            splits = [(first, f"(?:{'|'.join(rests)}){after}") for first, rests in by_first.items()]
            if head[2]:
                splits += leading_splits(tail, limit)
            if len(splits) <= limit and all(first is not None for first, _ in splits):
                return splits
    return [(None, render_sequence(sequence))]


def _is_required(node: tuple) -> bool:
    return node[0] in ("word", "num") or (node[0] == "group" and not node[2])


_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT}
_BACKREFS = {sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS}
_ONE_CHARACTER = {
    sre_constants.LITERAL,
    sre_constants.NOT_LITERAL,
    sre_constants.IN,
    sre_constants.ANY,
}


def check_regex_is_safe(pattern: str) -> None:
    """Refuse patterns that could backtrack for seconds on a long post (nested repetition,
    alternation under an unbounded repeat, backreferences), then time a few hostile inputs."""
    if "(?P" in pattern:
        raise ValueError("named groups and backreferences are not allowed")
    try:
        tree = sre_parse.parse(pattern)
    except re.error as exc:
        raise ValueError(f"the pattern does not compile: {exc}") from None
    _check_tree(tree, inside_unbounded=False)
    compiled = re.compile(f"(?:{pattern})")
    letters = {c for c in pattern if c.isalnum()} or {"a"}
    for char in sorted(letters)[:4] + ["a"]:
        for hostile in (char * 400, f"{char} " * 200, f"{char}{char}1" * 130 + "!"):
            started = time.perf_counter()
            compiled.search(hostile)
            if time.perf_counter() - started > 0.02:
                raise ValueError("the pattern is too slow on long text (catastrophic backtracking)")


def _check_tree(items, inside_unbounded: bool) -> None:
    for op, av in items:
        if op in _BACKREFS:
            raise ValueError("backreferences are not allowed")
        if op in _REPEATS:
            low, high, body = av
            unbounded = high == sre_constants.MAXREPEAT or high > 10
            if inside_unbounded and high > 1:
                raise ValueError("nested repetition (like '(a+)+') risks catastrophic backtracking")
            single = len(body) == 1 and body[0][0] in _ONE_CHARACTER
            _check_tree(body, inside_unbounded or (unbounded and not single))
        elif op is sre_constants.BRANCH:
            if inside_unbounded:
                raise ValueError("alternation under '*' or '+' risks catastrophic backtracking")
            for branch in av[1]:
                _check_tree(branch, inside_unbounded)
        elif op is sre_constants.SUBPATTERN:
            _check_tree(av[3], inside_unbounded)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            _check_tree(av[1], inside_unbounded)
        elif op is sre_constants.ATOMIC_GROUP:
            _check_tree(av, inside_unbounded)
