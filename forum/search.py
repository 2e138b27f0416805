"""Search across what every reader may see: published posts in published threads.

On PostgreSQL it is full-text search over stored, GIN-indexed vectors (migration
forum.0003_search_vectors): a post matches on its own words, an opening post also on its
thread's title; results are ranked, and snippets come from ts_headline with private markers
that become <mark> only after the text is escaped. On SQLite (the embedded default) every word
must appear in the post, or in the title for an opening post, case-insensitively.

Results carry no author, so search can never reveal who wrote an anonymous post. A reader's
muted boards and words (forum.reading.ReaderFilters) leave the results too.
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
# Private-use characters: ts_headline marks matches with them, and they turn into <mark> only
# after the snippet is escaped, so nothing in a post can open or close a tag.
START, STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


@dataclass(frozen=True)
class SearchHit:
    thread_id: int
    thread_title: str
    board_name: str
    post_id: int
    snippet: str  # safe HTML: escaped text with <mark> around matches


def _words(query: str) -> list[str]:
    return [w for w in re.findall(r"\w+", query.lower()) if len(w) > 1][:10]


def search(query: str, *, filters=None) -> list[SearchHit]:
    """The best matches for `query` a reader may see, without their muted boards and words."""
    query = query.strip()[:MAX_QUERY]
    words = _words(query)
    if not words:
        return []
    muted_words = tuple(filters.muted_words) if filters is not None else ()
    muted_boards = sorted(filters.muted_board_ids) if filters is not None else []
    if connection.vendor == "postgresql":
        return _search_postgres(query, muted_words, muted_boards)
    return _search_plain(words, muted_words, muted_boards)


# --- SQLite and any other database ----------------------------------------------------------------


def _highlight(text: str, words) -> str:
    """Escaped text with <mark> around each word. Words are found in the text before it is
    escaped, so a query for "lt" or "mark" never lands inside an entity or our own tag."""
    if not words:
        return escape(text)
    pattern = re.compile(
        "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE
    )
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def _plain_snippet(text: str, words: list[str]) -> str:
    lowered = text.lower()
    first = min((lowered.find(w) for w in words if w in lowered), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    excerpt = text[start : start + SNIPPET_CHARS]
    excerpt = ("…" if start else "") + excerpt + ("…" if len(text) > start + SNIPPET_CHARS else "")
    return mark_safe(_highlight(excerpt, words))  # noqa: S308 - escaped piece by piece


def _search_plain(words, muted_words, muted_boards) -> list[SearchHit]:
    posts = Post.objects.filter(state=Visibility.PUBLISHED, thread__state=Visibility.PUBLISHED)
    for word in words:
        # A title makes its thread's opening post match, not every reply in it.
        posts = posts.filter(
            Q(body__icontains=word) | Q(is_opening=True, thread__title__icontains=word)
        )
    if muted_boards:
        posts = posts.exclude(thread__board_id__in=muted_boards)
    for word in muted_words:
        posts = posts.exclude(Q(body__icontains=word) | Q(thread__title__icontains=word))
    posts = posts.select_related("thread__board").order_by("-created", "-id")[:MAX_RESULTS]
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


# --- PostgreSQL -----------------------------------------------------------------------------------

# Candidates come from the GIN indexes: the newest CANDIDATES matching posts, and the opening
# posts of the newest CANDIDATES threads whose title matches. Only they are ranked, so a word in
# half of all posts costs a bounded amount of ranking (reading each vector is the dear part),
# and recent posts win among equals. The tsquery is written out (not a CTE) so the planner sees
# it: for a rare word it reads the GIN index, for a common one it walks the newest posts.
CANDIDATES = 1000
_POSTGRES_SEARCH = """
WITH candidates AS (
    (SELECT p.id FROM forum_post p
     WHERE p.search_vector @@ websearch_to_tsquery('english', %(query)s)
       AND p.state = %(published)s
     ORDER BY p.id DESC LIMIT %(candidates)s)
    UNION
    (SELECT opening.id
     FROM (SELECT t.id FROM forum_thread t
           WHERE t.search_vector @@ websearch_to_tsquery('english', %(query)s)
             AND t.state = %(published)s
           ORDER BY t.id DESC LIMIT %(candidates)s) titled
     CROSS JOIN LATERAL (SELECT p.id FROM forum_post p
                         WHERE p.thread_id = titled.id AND p.is_opening LIMIT 1) opening)
),
ranked AS (
    SELECT p.id, p.thread_id, p.body, p.created, t.title, t.board_id,
           ts_rank(setweight(t.search_vector, 'A') || setweight(p.search_vector, 'B'),
                   websearch_to_tsquery('english', %(query)s)) AS rank
    FROM candidates c
    JOIN forum_post p ON p.id = c.id
    JOIN forum_thread t ON t.id = p.thread_id
    WHERE p.state = %(published)s AND t.state = %(published)s {muted}
    ORDER BY rank DESC, p.created DESC, p.id DESC
    LIMIT %(limit)s
)
SELECT r.id, r.thread_id, r.title, b.name,
       ts_headline('english', r.body, websearch_to_tsquery('english', %(query)s), %(options)s)
FROM ranked r JOIN forum_board b ON b.id = r.board_id
ORDER BY r.rank DESC, r.created DESC, r.id DESC
"""


def _like_pattern(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _muted_sql(muted_words, muted_boards, params: dict) -> str:
    clauses = []
    if muted_boards:
        params["muted_boards"] = list(muted_boards)
        clauses.append("NOT (t.board_id = ANY(%(muted_boards)s))")
    for n, word in enumerate(muted_words):
        params[f"muted_{n}"] = _like_pattern(word)
        clauses.append(f"p.body NOT ILIKE %(muted_{n})s AND t.title NOT ILIKE %(muted_{n})s")
    return "".join(f" AND {clause}" for clause in clauses)


def _safe_headline(headline: str) -> str:
    html = escape(headline)
    html = re.sub(f"{START}(.*?){STOP}", r"<mark>\1</mark>", html, flags=re.S)
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # noqa: S308 - escaped above


def _search_postgres(query: str, muted_words, muted_boards) -> list[SearchHit]:
    params = {
        "query": query,
        "published": Visibility.PUBLISHED,
        "limit": MAX_RESULTS,
        "candidates": CANDIDATES,
        "options": HEADLINE_OPTIONS,
    }
    sql = _POSTGRES_SEARCH.format(muted=_muted_sql(muted_words, muted_boards, params))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        SearchHit(
            post_id=post_id,
            thread_id=thread_id,
            thread_title=title,
            board_name=board_name,
            snippet=_safe_headline(headline),
        )
        for post_id, thread_id, title, board_name, headline in rows
    ]
