"""Search across what every reader may see: published posts in published threads.

PostgreSQL ranks with full-text search and highlights with ts_headline; SQLite (the embedded
default) falls back to matching every word, case-insensitively. Results carry no author, so
search can never reveal who wrote an anonymous post.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from forum.models import Post, Visibility

MAX_QUERY = 200
MAX_RESULTS = 50
SNIPPET_CHARS = 220


@dataclass(frozen=True)
class SearchHit:
    thread_id: int
    thread_title: str
    board_name: str
    post_id: int
    snippet: str  # safe HTML: escaped text with <mark> around matches


def _words(query: str) -> list[str]:
    return [w for w in re.findall(r"\w+", query.lower()) if len(w) > 1][:10]


def _searchable():
    return Post.objects.filter(
        state=Visibility.PUBLISHED, thread__state=Visibility.PUBLISHED
    ).select_related("thread__board")


def _plain_snippet(text: str, words: list[str]) -> str:
    lowered = text.lower()
    first = min((lowered.find(w) for w in words if w in lowered), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    excerpt = text[start : start + SNIPPET_CHARS]
    html = escape(
        ("…" if start else "") + excerpt + ("…" if len(text) > start + SNIPPET_CHARS else "")
    )
    for word in words:
        html = re.sub(f"({re.escape(escape(word))})", r"<mark>\1</mark>", html, flags=re.I)
    return mark_safe(html)  # noqa: S308 - built from escaped text above


def _hits(posts, words) -> list[SearchHit]:
    return [
        SearchHit(
            thread_id=p.thread_id,
            thread_title=p.thread.title,
            board_name=p.thread.board.name,
            post_id=p.pk,
            snippet=_plain_snippet(p.body, words),
        )  # fmt: skip
        for p in posts
    ]


def search(query: str) -> list[SearchHit]:
    query = query.strip()[:MAX_QUERY]
    words = _words(query)
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _search_postgres(query, words)
    condition = Q()
    for word in words:
        condition &= Q(body__icontains=word) | Q(thread__title__icontains=word)
    posts = _searchable().filter(condition).order_by("-created")[:MAX_RESULTS]
    return _hits(posts, words)


def _search_postgres(query: str, words: list[str]) -> list[SearchHit]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector("thread__title", weight="A", config="english") + SearchVector(
        "body", weight="B", config="english"
    )
    ts_query = SearchQuery(query, search_type="websearch", config="english")
    posts = (
        _searchable()
        .annotate(rank=SearchRank(vector, ts_query))
        .filter(rank__gt=0)
        .order_by("-rank", "-created")[:MAX_RESULTS]
    )
    return _hits(posts, words)
