"""Reads for notifications and for a reader's own view of the forum. Each runs a fixed number
of queries, whatever the number of rows."""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils.html import strip_tags

from forum import review
from forum.models import Post, Visibility
from notifications.models import Follow, Notification, ReaderSettings, ThreadVisit

NOTIFICATIONS_PER_PAGE = 30


# --- A reader's own filters ----------------------------------------------------------------------


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
        joined = "\n".join(t for t in texts if t).casefold()
        return any(word in joined for word in self.muted_words)

    def opens_warning(self, post) -> bool:
        """A warned post opens by itself only for a reader who asked for that, and never when
        its category is one they keep collapsed."""
        if not self.open_warnings:
            return False
        return post.warning_category not in self.collapsed_categories


NO_FILTERS = ReaderFilters()


def html_mentions_any(html: str, words) -> bool:
    """Whether a rendered post's visible text contains any of the (casefolded) words."""
    text = unescape(strip_tags(html)).casefold()
    return any(word in text for word in words)


def parse_muted_words(text: str) -> tuple[str, ...]:
    words = []
    for line in text.splitlines():
        word = re.sub(r"\s+", " ", line).strip().casefold()
        if word and word not in words:
            words.append(word)
    return tuple(words)


def reader_settings_for(member) -> ReaderSettings:
    """The member's settings, or unsaved defaults: reading never writes."""
    found = ReaderSettings.objects.filter(member=member).first()
    return found or ReaderSettings(member=member)


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


# --- Unread threads ------------------------------------------------------------------------------


def mark_unread(threads, member) -> list:
    """Give each thread `first_unread_post_id`: the first post by someone else since the member
    last read the thread, or None. Threads never opened are not marked. One query."""
    threads = list(threads)
    for thread in threads:
        thread.first_unread_post_id = None
    if not threads or member is None or not member.is_authenticated:
        return threads
    first_unread = (
        Post.objects.filter(
            thread=OuterRef("thread_id"),
            state=Visibility.PUBLISHED,
            created__gt=OuterRef("last_seen"),
        )
        .exclude(author=member)
        .order_by("created", "id")
        .values("id")[:1]
    )
    found = dict(
        ThreadVisit.objects.filter(member=member, thread__in=[t.pk for t in threads])
        .annotate(first_unread=Subquery(first_unread))
        .values_list("thread_id", "first_unread")
    )
    for thread in threads:
        thread.first_unread_post_id = found.get(thread.pk)
    return threads


# --- Notifications -------------------------------------------------------------------------------


def unread_count(member) -> int:
    if member is None or not member.is_authenticated:
        return 0
    return Notification.objects.shown().unread().filter(recipient=member).count()


def unread_counts(member_ids) -> dict[int, int]:
    """Unread counts for several members in one query (for live bell updates)."""
    rows = (
        Notification.objects.shown()
        .unread()
        .filter(recipient_id__in=list(member_ids))
        .values("recipient_id")
        .annotate(n=Count("id"))
    )
    counts = {member_id: 0 for member_id in member_ids}
    counts.update({row["recipient_id"]: row["n"] for row in rows})
    return counts


def notifications_for(member):
    return (
        Notification.objects.shown()
        .filter(recipient=member)
        .select_related("thread", "post__author")
        .only(
            "id", "kind", "reaction", "count", "text", "support_panel", "created", "updated",
            "read_at", "thread__id", "thread__title", "thread__anonymous", "thread__author_id",
            "post__id", "post__thread_id", "post__anonymous", "post__author_id", "post__state",
            "post__author__pseudonym",
        )
        .order_by("-updated", "-id")
    )  # fmt: skip


def paginate_notifications(member, page_number):
    return Paginator(notifications_for(member), NOTIFICATIONS_PER_PAGE).get_page(page_number)


def is_following(member, thread) -> bool:
    if member is None or not member.is_authenticated:
        return False
    return Follow.objects.filter(member=member, thread=thread).exists()


# --- Peer supporters -----------------------------------------------------------------------------


def is_peer_supporter(member) -> bool:
    if member is None or not member.is_authenticated:
        return False
    return ReaderSettings.objects.filter(member=member, peer_supporter=True).exists()


def flagged_thread_ids(threads) -> set[int]:
    """Threads whose opening post has an open moderation flag: answer those with care. The
    reviewing app answers (see forum.review)."""
    return review.flagged_thread_ids(threads)


def nudge_delay() -> timedelta:
    """How long a thread waits before peer supporters hear about it: the setting
    NUDGE_SUPPORTERS_AFTER_MINUTES, 30 by default."""
    return timedelta(minutes=getattr(settings, "NUDGE_SUPPORTERS_AFTER_MINUTES", 30))


def threads_to_nudge_about(now, limit: int = 100):
    """Waiting threads older than the nudge delay that supporters have not been told about."""
    from forum.selectors import waiting_threads
    from notifications.models import WaitingNudge

    already = WaitingNudge.objects.filter(thread=OuterRef("pk"))
    return list(
        waiting_threads()
        .filter(created__lte=now - nudge_delay())
        .exclude(Exists(already))
        .only("id", "title", "board_id", "author_id", "created", "anonymous")[:limit]
    )


def first_post_ids(thread_ids) -> dict[int, int]:
    return dict(
        Post.objects.filter(thread_id__in=thread_ids, is_opening=True).values_list(
            "thread_id", "id"
        )
    )
