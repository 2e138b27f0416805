"""Hostile input: huge posts, deep nesting, Unicode tricks, and anything at all, never break
the renderer or the scanner, and never produce unsafe HTML."""

import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.text import clean_text
from forum import services
from forum.rendering import render_markdown
from forum.templatetags.forum_tags import author_label
from safety.scanner import scan
from tests.html_safety import unsafe_parts

MARKDOWN_ALPHABET = st.sampled_from(
    list("abc <>&\"'`*_[]()!#>-+=|~\\:/.\n\t ")
    + ["javascript:", "data:", "<script>", "](", "![", "http://", "&#x", "\u202e", "\u200b",
       "\u0301", "\ufeff", "\x00", "\x1b", "é", "ñ", "😀"]
)  # fmt: skip
MARKDOWNISH = st.lists(MARKDOWN_ALPHABET, max_size=300).map("".join)


@contextmanager
def hang_guard(seconds: int):
    """Fail, rather than hang CI, if something goes catastrophically slow. Not a timing test:
    the limit is far above the real cost (see bench/scan.py for measured figures)."""

    def too_slow(signum, frame):
        raise AssertionError(f"took more than {seconds}s: catastrophic backtracking?")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), MARKDOWNISH))
def test_the_renderer_never_raises_and_always_returns_safe_html(text):
    html = render_markdown(text)
    assert unsafe_parts(html) == []
    assert "<script" not in html.lower()


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=400), MARKDOWNISH))
def test_the_scanner_never_raises_and_always_returns_a_known_severity(text):
    result = scan(text)
    assert result.severity in ("none", "low", "high", "imminent")
    for match in result.matches:
        assert 0 <= match.start <= match.end <= len(text) + 1


ORDINARY = "Some days are heavy and I find it hard to get up, but tea and a walk help. "
RISKY = "I don't want to wake up tomorrow. "


@pytest.mark.parametrize(
    "text",
    [
        ORDINARY * 1400,  # about 100 KB of ordinary prose
        (ORDINARY * 700) + RISKY + (ORDINARY * 700),
        "a" * 100_000,
        "s u i c i d e " * 7000,
        "k.i.l.l " * 12_000,
        "*_" * 50_000,
        "[" * 50_000 + "]" * 50_000,
        "> " * 50_000 + "deep",
        "- " * 50_000,
        "<" * 100_000,
        "a" * 50_000 + "!" * 50_000,
    ],
    ids=["prose", "needle", "one-letter", "spaced", "dotted", "emphasis", "brackets", "quotes",
         "lists", "angles", "run"],
)  # fmt: skip
def test_a_hundred_kilobyte_post_renders_and_scans_without_blowing_up(text):
    with hang_guard(60):  # the slowest input takes about 4 s quiet
        html = render_markdown(text)
        result = scan(text)
    assert unsafe_parts(html) == []
    assert result.severity in ("none", "low", "high", "imminent")


def test_one_risky_sentence_in_a_hundred_kilobytes_is_still_found():
    result = scan((ORDINARY * 700) + RISKY + (ORDINARY * 700))
    assert result.severity in ("high", "imminent")


@pytest.mark.parametrize(
    "tricky",
    [
        "Hello\u202eevil",  # right-to-left override
        "zero\u200bwidth\u200djoiner\u2060",
        "combining e\u0301\u0301\u0301\u0301\u0301",
        "\ufeffbyte order mark",
        "line\u2028separator",
        "tab\tand\x00null\x1bescape",
    ],
)
def test_direction_overrides_and_control_characters_are_cleaned_from_titles_and_warnings(
    tricky, member, board
):
    outcome = services.create_thread(
        board=board, author=member, title=tricky, body=tricky, warning_text=tricky
    )
    thread, post = outcome.post.thread, outcome.post
    for text in (thread.title, post.warning_text):
        assert "\u202e" not in text and "\x00" not in text and "\x1b" not in text
    assert clean_text(tricky) == clean_text(clean_text(tricky))
    assert author_label(post, thread) == member.pseudonym


pytestmark = pytest.mark.django_db
