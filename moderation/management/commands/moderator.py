"""manage.py moderator grant|revoke <pseudonym>: the peer-moderator role (see CONTRACTS.md)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Member
from moderation import roles


class Command(BaseCommand):
    help = "Grant or revoke the peer-moderator role. Both are written to the audit log."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant", "revoke"])
        parser.add_argument("pseudonym")
        parser.add_argument("--reason", default="", help="Why, for the audit log.")

    def handle(self, *args, action, pseudonym, reason, **options):
        try:
            member = Member.objects.get_by_natural_key(pseudonym)
        except Member.DoesNotExist:
            raise CommandError(f"No member is called {pseudonym!r}.") from None
        change = roles.grant_moderator_role if action == "grant" else roles.revoke_moderator_role
        try:
            change(member=member, via="command line", reason=reason)
        except roles.RoleRefused as refusal:
            raise CommandError(str(refusal)) from None
        done = "is now a peer moderator" if action == "grant" else "is no longer a peer moderator"
        self.stdout.write(f"{member.pseudonym} {done}.")
