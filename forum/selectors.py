"""Reads for forum pages. Each returns a queryset or list with a fixed number of queries,
whatever the number of rows."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q

from forum.models import Board, Post, Reaction, Thread, Visibility


def boards_with_counts():
    return Board.objects.annotate(
        thread_count=Count("threads", filter=Q(threads__state=Visibility.PUBLISHED))
    ).order_by("order", "name")


def _thread_list(queryset):
    return queryset.select_related("board", "author").only(
        "id", "title", "anonymous", "created", "last_activity", "reply_count", "pinned",
        "locked", "state", "board__slug", "board__name", "author__pseudonym",
    )  # fmt: skip


def latest_threads(limit: int = 10):
    return _thread_list(Thread.objects.visible().order_by("-last_activity", "-id"))[:limit]


def board_threads(board: Board):
    return _thread_list(
        Thread.objects.visible().filter(board=board).order_by("-pinned", "-last_activity", "-id")
    )


def waiting_threads(board: Board | None = None):
    """Threads nobody but their author has answered, longest-waiting first."""
    others_replied = Post.objects.filter(
        thread=OuterRef("pk"),
        state=Visibility.PUBLISHED,
        is_opening=False,
    ).exclude(author=OuterRef("author"))
    threads = Thread.objects.visible().exclude(Exists(others_replied))
    if board is not None:
        threads = threads.filter(board=board)
    return _thread_list(threads.order_by("created", "id"))


def thread_posts(thread: Thread, viewer):
    return (
        Post.objects.readable_by(viewer)
        .filter(thread=thread)
        .select_related("author")
        .order_by("created", "id")
    )


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
    from forum.models import ThreadEvent

    return list(
        ThreadEvent.objects.filter(thread=thread, seq__gt=seq)
        .select_related("post__thread", "post__author")
        .order_by("seq")[:limit]
    )
