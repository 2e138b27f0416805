"""Moderators' judgement of how urgent a scanned post really was: the crisis model's training
labels (exported by `manage.py export_moderation_labels`).

What moderators did with a post (kept, hidden) says what readers may see, not how much danger
the writer was in, so it cannot teach the model. A judgement is that second answer, and only
that: it never changes the post, the item's version (no colleague's open form goes stale), its
claim, or its response clock (recording a label is not looking after the person).
"""

from django.db import transaction
from django.utils import timezone

from forum.models import Post
from moderation import audit
from moderation.actions import ModerationRefused
from moderation.models import (
    AuditAction,
    Flag,
    FlagReason,
    JudgedCategory,
    JudgedLevel,
    QueueItem,
)
from moderation.selectors import may_moderate_board


def is_judgeable(post: Post) -> bool:
    """Only what the crisis scanner rated has a rating to judge."""
    return Flag.objects.filter(post=post, reason=FlagReason.SCAN).exists()


@transaction.atomic
def judge_scan(*, moderator, post: Post, level: str, category: str = "") -> QueueItem:
    """Record how urgent a scan-flagged post really was (one of JudgedLevel) and, optionally,
    its main risk (one of JudgedCategory). A later judgement replaces an earlier one; every one
    is in the audit log. "Not a risk" has no category."""
    if level not in JudgedLevel.values:
        raise ModerationRefused("Choose how urgent it was.")
    if category and category not in JudgedCategory.values:
        raise ModerationRefused("Choose one of the categories, or none.")
    post = Post.objects.select_related("thread", "author").get(pk=post.pk)
    if post.author_id == moderator.pk:
        raise ModerationRefused("This is your own post: another moderator will look at it.")
    if not may_moderate_board(moderator, post.thread.board_id):
        raise ModerationRefused("This board is looked after by other moderators.")
    item = QueueItem.objects.select_for_update().filter(post=post).first()
    if item is None or not is_judgeable(post):
        raise ModerationRefused("Only a post the crisis scanner rated can be judged.")
    previous = (item.judged_level, item.judged_category)
    item.judged_level = level
    item.judged_category = "" if level == JudgedLevel.NONE else category
    item.judged_at = timezone.now()
    item.save(update_fields=["judged_level", "judged_category", "judged_at"])
    audit.record(
        actor=moderator,
        action=AuditAction.ITEM_JUDGED,
        member=post.author,
        post=post,
        detail={
            "item": item.pk,
            "level": item.judged_level,
            "category": item.judged_category,
            "scanned": item.severity,
            "previous": list(previous) if previous[0] else None,
        },
    )
    item.post = post
    _show_in_queues(item.pk)
    return item


def _show_in_queues(item_id: int) -> None:
    # The queue rows show the judgement. The version stays, so review pages open on this item
    # raise no "it changed" warning for a label.
    from moderation import live

    transaction.on_commit(lambda: live.broadcast_item(item_id))
