"""manage.py supporter grant|revoke <pseudonym>: the peer supporter role (see CONTRACTS.md).
An operator's grant skips the training: the operator vouches for the member."""

from moderation.role_command import RoleCommand
from supporters import services


class Command(RoleCommand):
    help = "Grant or revoke the peer supporter role. Both are written to the audit log."
    role = "peer supporter"
    refused = services.SupporterRefused

    def grant(self, **change):
        services.grant_supporter_role(**change)

    def revoke(self, **change):
        services.revoke_supporter_role(**change)
