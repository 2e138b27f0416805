"""What becomes of a member's posts, reactions and threads when their account is deleted.

Called from accounts' `member_deleting` signal (forum.account_receivers), inside the account's
deletion transaction, so the posts change exactly when the account goes. Like every post write,
the events readers see are numbered here and broadcast after commit (forum.events).
"""

from django.db.models import Count

from forum import events
from forum.models import Post, PostRevision, Reaction, Thread, Visibility
from forum.selectors import threads_showing_member

REMOVED_THREAD_TITLE = "Removed thread"


def remove_member_from_forum(*, member, erase_posts: bool) -> None:
    """Withdraw the member's reactions, erase their posts if they asked, and cut every post and
    thread loose from the account. Call inside the deletion transaction, with the member's row
    locked."""
    # Read before the links are cut: every page that shows the member's name or reactions
    # gets an event below, so no cached page (forum.page_cache) shows them a moment longer.
    shown_in = threads_showing_member(member)
    withdraw_member_reactions(member=member)
    if erase_posts:
        erase_member_posts(member=member)
    release_member_posts(member=member)
    events.threads_changed(shown_in, events.AUTHORS_CHANGED)


def withdraw_member_reactions(*, member) -> None:
    """Take the member's reactions off other people's posts, keeping the cached counts true."""
    given = (
        Reaction.objects.filter(member=member)
        .values("post_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_post: dict[int, dict[str, int]] = {}
    for row in given:
        by_post.setdefault(row["post_id"], {})[row["kind"]] = row["n"]
    for post in Post.objects.select_for_update().filter(pk__in=by_post):
        counts = dict(post.reaction_counts)
        for kind, n in by_post[post.pk].items():
            counts[kind] = max(0, counts.get(kind, 0) - n)
        post.reaction_counts = {k: v for k, v in counts.items() if v}
        post.save(update_fields=["reaction_counts"])
    Reaction.objects.filter(member=member).delete()


def erase_member_posts(*, member) -> None:
    """Remove the text of every post the member wrote, anonymous ones included. Replies keep a
    placeholder; threads they started stay (others' replies live there) under a neutral title."""
    posts = Post.objects.select_for_update().filter(author=member)
    published = list(posts.filter(state=Visibility.PUBLISHED).select_related("thread"))
    replies_per_thread: dict[int, int] = {}
    for post in published:
        if not post.is_opening:
            replies_per_thread[post.thread_id] = replies_per_thread.get(post.thread_id, 0) + 1
    post_ids = list(posts.values_list("pk", flat=True))
    PostRevision.objects.filter(post_id__in=post_ids).delete()
    Reaction.objects.filter(post_id__in=post_ids).delete()
    Post.objects.filter(pk__in=post_ids).update(
        state=Visibility.DELETED,
        body="",
        html="",
        warning_category="",
        warning_text="",
        hold_reason="",
        reaction_counts={},
    )
    for thread_id, n in replies_per_thread.items():
        thread = Thread.objects.select_for_update().get(pk=thread_id)
        thread.reply_count = max(0, thread.reply_count - n)
        thread.save(update_fields=["reply_count"])
    Thread.objects.filter(author=member).update(title=REMOVED_THREAD_TITLE)
    # Readers with the thread open lose the text now, not on their next reload.
    for post in published:
        post.state = Visibility.DELETED
        post.body = post.html = post.warning_category = post.warning_text = ""
        events.post_changed(post, "post.deleted")


def release_member_posts(*, member) -> None:
    """Leave the member's posts and threads under "Deleted member". The link is cut explicitly
    rather than trusting on_delete: the choice must hold if on_delete changes."""
    Post.objects.filter(author=member).update(author=None)
    Thread.objects.filter(author=member).update(author=None)
