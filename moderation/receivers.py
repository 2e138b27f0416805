"""Where the forum's posts that need review reach moderation (connected in
ModerationConfig.ready): each opens or updates the post's queue item."""

from django.dispatch import receiver

from forum.signals import post_needs_review
from moderation.models import FlagReason
from moderation.services import flag_post


@receiver(post_needs_review, dispatch_uid="moderation.open_queue_item")
def open_queue_item(sender, post, assessment=None, held_for_links=False, **kwargs):
    """Runs inside the posting transaction: if it raises, the post is not saved at all."""
    if assessment is not None:
        flag_post(post=post, assessment=assessment)
    if held_for_links:
        flag_post(post=post, reason=FlagReason.LINKS)
