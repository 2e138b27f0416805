"""What a change to a post owes the rest of the forum: the earlier text kept for moderators,
and the thread's counters and state kept true as the post leaves or re-enters readers' view.
Shared by members' own changes (forum.services) and moderators' (forum.moderating)."""

from django.db.models import F
from django.utils import timezone

from forum.models import Post, PostRevision, Thread, Visibility


def keep_revision(post: Post) -> None:
    """Save the post's current text as a revision, before it changes."""
    PostRevision.objects.create(
        post=post,
        body=post.body,
        html=post.html,
        warning_category=post.warning_category,
        warning_text=post.warning_text,
    )


def unpublish(post: Post) -> None:
    """Keep counters honest when a published post leaves the readers' view."""
    if post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(state=post.state)
    else:
        Thread.objects.filter(pk=post.thread_id, reply_count__gt=0).update(
            reply_count=F("reply_count") - 1
        )


def republish(post: Post, *, bump: bool) -> None:
    """Counters and thread state for a post readers see again (the reverse of unpublish)."""
    changes = {"last_activity": timezone.now()} if bump else {}
    if post.is_opening:
        changes["state"] = Visibility.PUBLISHED
    else:
        changes["reply_count"] = F("reply_count") + 1
    Thread.objects.filter(pk=post.thread_id).update(**changes)
