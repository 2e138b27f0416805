"""What a member's profile page shows of their posts (registered with accounts.profiles by
forum.account_receivers, so accounts never reads forum's models)."""

from forum.models import Post, Thread, Visibility

PROFILE_LIST_LENGTH = 20


def profile_context(member) -> dict:
    """The profile template's `post_count`, `threads` and `replies`: three queries, however
    many posts (the lists are evaluated by the template)."""
    return {
        "post_count": profile_post_count(member),
        "threads": profile_threads(member),
        "replies": profile_replies(member),
    }


def _named_published_posts(member):
    """Posts that readers see under the member's name. Anonymous posts are excluded at the root so
    nothing built on this can show or count them."""
    return Post.objects.filter(
        author=member,
        anonymous=False,
        state=Visibility.PUBLISHED,
        thread__state=Visibility.PUBLISHED,
    )


def profile_post_count(member) -> int:
    return _named_published_posts(member).count()


def profile_threads(member, limit: int = PROFILE_LIST_LENGTH):
    return (
        Thread.objects.visible()
        .filter(author=member, anonymous=False)
        .select_related("board")
        .only("id", "title", "created", "reply_count", "board__name", "board__slug")
        .order_by("-created", "-id")[:limit]
    )


def profile_replies(member, limit: int = PROFILE_LIST_LENGTH):
    return (
        _named_published_posts(member)
        .filter(is_opening=False)
        .select_related("thread")
        .only(
            "id", "html", "created", "warning_category", "warning_text", "thread_id",
            "thread__id", "thread__title",
        )
        .order_by("-created", "-id")[:limit]
    )  # fmt: skip
