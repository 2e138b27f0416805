"""System checks for what Django's own checks cannot see in our setup."""

from django.core.checks import Error, register

from forum.models import Post
from forum.signals import post_needs_review


@register()
def posts_that_need_review_have_a_reviewer(app_configs, **kwargs):
    """forum asks for review with a signal (forum.signals.post_needs_review) and never imports
    the app that answers it; without that app, crisis posts would be held with nobody told."""
    if post_needs_review.has_listeners(Post):
        return []
    return [
        Error(
            "No app receives forum.signals.post_needs_review, so no post would reach a moderator",
            hint="Install the moderation app (INSTALLED_APPS), which opens the queue items.",
            id="peerhaven.E002",
        )
    ]
