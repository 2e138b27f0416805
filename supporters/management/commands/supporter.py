"""manage.py supporter grant|revoke <pseudonym>: the peer supporter role (see CONTRACTS.md).
An operator's grant skips the training: the operator vouches for the member."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Member
from supporters import services


class Command(BaseCommand):
    help = "Grant or revoke the peer supporter role. Both are written to the audit log."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant", "revoke"])
        parser.add_argument("pseudonym")
        parser.add_argument("--reason", default="", help="Why, for the audit log.")

    def handle(self, *args, action, pseudonym, reason, **options):
        try:
            member = Member.objects.get_by_natural_key(pseudonym)
        except Member.DoesNotExist:
            raise CommandError(f"No member is called {pseudonym!r}.") from None
        change = (
            services.grant_supporter_role if action == "grant" else services.revoke_supporter_role
        )
        try:
            change(member=member, via="command line", reason=reason)
        except services.SupporterRefused as refusal:
            raise CommandError(str(refusal)) from None
        done = "is now a peer supporter" if action == "grant" else "is no longer a peer supporter"
        self.stdout.write(f"{member.pseudonym} {done}.")
