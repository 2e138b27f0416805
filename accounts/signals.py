"""What accounts announces about members to the apps above it, which must never be imported
here (tests/core/test_layering.py). Receivers are connected in their app's AppConfig.ready()."""

from django.dispatch import Signal

# Sent by accounts.services.delete_account inside its transaction, with the member's row
# locked, before the row goes. Receivers take away or cut loose what they hold about the member
# (forum: posts and reactions; moderation: the audit line). A receiver that raises rolls the
# whole deletion back. Arguments: sender=Member, member=<the Member>, erase_posts=<bool>.
member_deleting = Signal()
