"""manage.py moderator grant|revoke <pseudonym>: the peer-moderator role (see CONTRACTS.md)."""

from moderation import roles
from moderation.role_command import RoleCommand


class Command(RoleCommand):
    help = "Grant or revoke the peer-moderator role. Both are written to the audit log."
    role = "peer moderator"
    refused = roles.RoleRefused

    def grant(self, **change):
        roles.grant_moderator_role(**change)

    def revoke(self, **change):
        roles.revoke_moderator_role(**change)
