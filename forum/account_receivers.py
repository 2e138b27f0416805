"""Where accounts reaches the forum, which it sits below and cannot import: a deleted
account's posts and reactions, and the posts a profile page lists. Imported once from
ForumConfig.ready(), which connects the receiver and registers the profile section."""

from django.dispatch import receiver

from accounts.profiles import add_to_profiles
from accounts.signals import member_deleting
from forum.member_posts import remove_member_from_forum
from forum.profiles import profile_context


@receiver(member_deleting, dispatch_uid="forum.remove_member_from_forum")
def remove_deleted_member(sender, member, erase_posts, **kwargs):
    remove_member_from_forum(member=member, erase_posts=erase_posts)


add_to_profiles(profile_context)
