"""What one reader receives: the filters they chose (muted words and boards, warnings) and the
one function that decides what a thread event becomes for them, live and when catching up.

The thread consumer (forum.consumers) and the catch-up view (forum.views.thread_events) both
call `payload_for_reader`, so what a socket delivers and what catch-up replays cannot drift
apart. It does no database work and renders nothing: the sender renders every variant once
(forum.events.event_message), and this only picks one. A muted word is looked for in the same
words everywhere (`words_of`: the post's body and warning), on the page as on the socket.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from forum.models import Post, ReaderSettings


@dataclass(frozen=True)
class ReaderFilters:
    """What a member chose not to see, and how warned posts open for them."""

    muted_words: tuple[str, ...] = ()
    muted_board_ids: frozenset[int] = field(default_factory=frozenset)
    collapsed_categories: frozenset[str] = field(default_factory=frozenset)
    open_warnings: bool = False
    peer_supporter: bool = False

    @property
    def active(self) -> bool:
        return bool(self.muted_words or self.muted_board_ids)

    def mutes_text(self, *texts: str) -> bool:
        """Whether any muted word appears in the texts (case-insensitive, anywhere in a word,
        so "drink" also hides "drinking")."""
        if not self.muted_words:
            return False
        return mentions_any("\n".join(t for t in texts if t).casefold(), self.muted_words)

    def mutes_post(self, post) -> bool:
        """Whether the post's own words (not its author's name, not the page around it)
        contain a muted word: the thread page asks this, and payload_for_reader the same."""
        return bool(self.muted_words) and mentions_any(words_of(post), self.muted_words)

    def opens_warning(self, post) -> bool:
        """A warned post opens by itself only for a reader who asked for that, and never when
        its category is one they keep collapsed."""
        if not self.open_warnings:
            return False
        return post.warning_category not in self.collapsed_categories


NO_FILTERS = ReaderFilters()


def words_of(post) -> str:
    """The words a muted word is looked for in: the post's body and warning, casefolded. A
    removed post shows none of its words, so it has none to mute."""
    if post.is_deleted:
        return ""
    return "\n".join(t for t in (post.body, post.warning_text) if t).casefold()


def mentions_any(words: str, muted_words) -> bool:
    """Whether any (casefolded) muted word appears in `words`, anywhere in a word."""
    return any(word in words for word in muted_words)


def parse_muted_words(text: str) -> tuple[str, ...]:
    words = []
    for line in text.splitlines():
        word = re.sub(r"\s+", " ", line).strip().casefold()
        if word and word not in words:
            words.append(word)
    return tuple(words)


def reader_filters(member) -> ReaderFilters:
    """The member's filters, read once per request (two queries, none for visitors)."""
    if member is None or not member.is_authenticated:
        return NO_FILTERS
    cached = getattr(member, "_reader_filters", None)
    if cached is not None:
        return cached
    found = ReaderSettings.objects.filter(member=member).first()
    if found is None:
        filters = NO_FILTERS
    else:
        filters = ReaderFilters(
            muted_words=parse_muted_words(found.muted_words),
            muted_board_ids=frozenset(found.muted_boards.values_list("id", flat=True)),
            collapsed_categories=frozenset(found.collapsed_categories or ()),
            open_warnings=found.open_warnings,
            peer_supporter=found.peer_supporter,
        )
    member._reader_filters = filters
    return filters


def _muted_word_condition(words) -> Q:
    """Threads whose title or opening post contains any of the words."""
    condition = Q()
    for word in words:
        opening_mentions = Post.objects.filter(
            thread=OuterRef("pk"), is_opening=True, body__icontains=word
        )
        condition |= Q(title__icontains=word) | Exists(opening_mentions)
    return condition


def without_muted(threads, filters: ReaderFilters, *, keep_board=None):
    """Threads minus those in muted boards and those whose title or opening post has a muted
    word. `keep_board`: a board page the reader opened on purpose still lists its threads."""
    if filters.muted_board_ids:
        muted = set(filters.muted_board_ids) - ({keep_board.pk} if keep_board else set())
        threads = threads.exclude(board_id__in=muted)
    if filters.muted_words:
        threads = threads.exclude(_muted_word_condition(filters.muted_words))
    return threads


# --- One thread event, as one reader receives it -------------------------------------------------


def payload_for_reader(
    message: dict, *, blocked_ids: frozenset[int] = frozenset(), muted_words: tuple[str, ...] = ()
) -> dict:
    """The frame one reader receives for a thread event (`message` as forum.events.event_message
    builds it), decided here only, for the socket and for catch-up alike. Every variant keeps
    the event's type and sequence number, so a client never sees a gap it would catch up on.

    - Blocked: a post by a member the reader blocked arrives collapsed (`message["collapsed"]`,
      rendered once by the sender), never in full. Anonymous posts carry no author and are
      never collapsed: that would tell the reader who wrote them.
    - Muted: a post with a word the reader muted (in `message["words"]`, see words_of)
      arrives as `post.muted`, without its words.
    - Warnings arrive closed for everyone; the page opens them by the reader's settings.
    - Held and hidden posts never carry their text to anyone (forum.events.event_payload).
    """
    payload = message["payload"]
    html = payload.get("html")
    author = message.get("author")
    if html and author is not None and author in blocked_ids:
        return message["collapsed"]  # always there beside an author and HTML: fail closed
    if muted_words and html and mentions_any(message.get("words", ""), muted_words):
        return {"type": "post.muted", "post": payload.get("post"), "seq": payload["seq"]}
    return payload
