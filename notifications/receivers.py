"""Where the forum's signals reach notifications (connected in NotificationsConfig.ready)."""

from django.dispatch import receiver

from forum.signals import post_published, post_quoted, reaction_changed, waiting_threads_viewed
from notifications import services


@receiver(post_published, dispatch_uid="notifications.tell_about_post")
def tell_about_post(sender, post, **kwargs):
    services.notify_about_post(post=post)


@receiver(reaction_changed, dispatch_uid="notifications.tell_about_reaction")
def tell_about_reaction(sender, post, member, kind, added, **kwargs):
    services.notify_about_reaction(post=post, member=member, kind=kind, added=added)


@receiver(post_quoted, dispatch_uid="notifications.remember_quote")
def remember_quote(sender, post, quoted, **kwargs):
    services.remember_quote(post=post, quoted=quoted)


@receiver(waiting_threads_viewed, dispatch_uid="notifications.nudge_if_due")
def nudge_if_due(sender, member, **kwargs):
    services.nudge_if_due(member=member)
