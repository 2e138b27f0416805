"""Where accounts reaches moderation, which it sits below and cannot import: the audit line for
a deleted account, and the moderators' records kept out of a member's data export. Imported
once from ModerationConfig.ready()."""

from django.dispatch import receiver

from accounts.personal_data import register_others_records
from accounts.signals import member_deleting
from moderation import audit


@receiver(member_deleting, dispatch_uid="moderation.record_account_deleted")
def record_account_deleted(sender, member, erase_posts, **kwargs):
    audit.record_account_deleted(member_id=member.pk, erase_posts=erase_posts)


# A moderator's work on other members' posts and sanctions is about those members.
register_others_records(
    "moderation.QueueItem.claimed_by",
    "moderation.Sanction.issued_by",
    "moderation.Sanction.lifted_by",
)
