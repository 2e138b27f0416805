"""Reads for forum pages. Each returns a queryset or list with a fixed number of queries,
whatever the number of rows."""

from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from forum.models import Board, Post, Reaction, Thread, ThreadEvent, Visibility
from forum.reading import without_muted
from forum.stats import WaitTimes, times_per_window


def boards_with_counts():
    return Board.objects.annotate(
        thread_count=Count("threads", filter=Q(threads__state=Visibility.PUBLISHED))
    ).order_by("order", "name")


def _thread_list(queryset):
    return queryset.select_related("board", "author").only(
        "id", "title", "anonymous", "created", "last_activity", "reply_count", "pinned",
        "locked", "state", "board__slug", "board__name", "author__pseudonym",
        "author__is_peer_supporter",
    )  # fmt: skip


def _for_reader(threads, filters, *, keep_board=None):
    """Without the threads a reader muted (forum.reading.ReaderFilters)."""
    if filters is None or not filters.active:
        return threads
    return without_muted(threads, filters, keep_board=keep_board)


def latest_threads(limit: int = 10, *, filters=None):
    threads = _for_reader(Thread.objects.visible(), filters)
    return _thread_list(threads.order_by("-last_activity", "-id"))[:limit]


def board_threads(board: Board, *, filters=None):
    threads = _for_reader(Thread.objects.visible().filter(board=board), filters, keep_board=board)
    return _thread_list(threads.order_by("-pinned", "-last_activity", "-id"))


def _first_reply_by_someone_else():
    """Published replies by anyone but the thread's starter. A reply from a deleted account
    counts as someone else's, and so does every reply once the starter's account is gone
    (NULL never equals, so comparing authors alone would miss that one)."""
    return Post.objects.filter(
        thread=OuterRef("pk"), state=Visibility.PUBLISHED, is_opening=False
    ).filter(~Q(author=OuterRef("author")) | Q(thread__author__isnull=True))


def waiting_threads(board: Board | None = None, *, filters=None):
    """Threads nobody but their author has answered, longest-waiting first. A locked thread
    cannot take a reply, so it is not waiting for one."""
    threads = (
        Thread.objects.visible()
        .filter(locked=False)
        .exclude(Exists(_first_reply_by_someone_else()))
    )
    if board is not None:
        threads = threads.filter(board=board)
    threads = _for_reader(threads, filters, keep_board=board)
    return _thread_list(threads.order_by("created", "id"))


def reply_times(windows=(7, 30), now=None) -> list[WaitTimes]:
    """Median and 90th percentile time to first reply, per window, in one query."""
    now = now or timezone.now()
    first_reply = _first_reply_by_someone_else().order_by("created", "id").values("created")[:1]
    rows = list(
        Thread.objects.visible()
        .filter(created__gte=now - timedelta(days=max(windows)))
        .annotate(first_reply=Subquery(first_reply))
        .values_list("created", "first_reply")
    )
    return times_per_window(rows, now=now, windows=windows)


# A post's own columns and its author's pseudonym: pages show nothing else of the member, so
# the rest of the row (password hash, about line, settings) is not read 200 times a page.
_POST_COLUMNS = tuple(field.name for field in Post._meta.concrete_fields)


def thread_posts(thread: Thread, viewer):
    return (
        Post.objects.readable_by(viewer)
        .filter(thread=thread)
        .select_related("author")
        .only(*_POST_COLUMNS, "author__pseudonym", "author__is_peer_supporter")
        .order_by("created", "id")
    )


def threads_showing_member(member) -> set[int]:
    """Threads whose pages show something of the member: a post they wrote (their name, or
    "original poster" on an anonymous one) or a reaction they gave (in the counts)."""
    written = Post.objects.filter(author=member).values_list("thread_id", flat=True)
    reacted = Reaction.objects.filter(member=member).values_list("post__thread_id", flat=True)
    return set(written.order_by().distinct()) | set(reacted.order_by().distinct())


def threads_naming_member(member) -> set[int]:
    """Threads where a post shows the member's pseudonym (so not their anonymous posts)."""
    named = Post.objects.filter(author=member, anonymous=False).values_list("thread_id", flat=True)
    return set(named.order_by().distinct())


def paginate_posts(thread: Thread, viewer, page_number):
    paginator = Paginator(thread_posts(thread, viewer), settings.FORUM_POSTS_PER_PAGE)
    return paginator.get_page(page_number)


def page_of_post(post: Post, viewer) -> int:
    """Which page of its thread a post is on, for the redirect after posting."""
    before = (
        thread_posts(post.thread, viewer)
        .filter(Q(created__lt=post.created) | Q(created=post.created, id__lt=post.id))
        .count()
    )
    return before // settings.FORUM_POSTS_PER_PAGE + 1


def my_reactions(viewer, posts) -> set[tuple[int, str]]:
    """The (post id, kind) pairs the viewer has given, for pressed buttons."""
    if not viewer.is_authenticated:
        return set()
    return set(
        Reaction.objects.filter(member=viewer, post__in=[p.pk for p in posts]).values_list(
            "post_id", "kind"
        )
    )


def paginate_threads(threads, page_number):
    return Paginator(threads, settings.FORUM_THREADS_PER_PAGE).get_page(page_number)


def events_since(thread: Thread, seq: int, limit: int):
    return list(
        ThreadEvent.objects.filter(thread=thread, seq__gt=seq)
        .select_related("post__thread", "post__author")
        .order_by("seq")[:limit]
    )
