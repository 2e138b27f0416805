"""The shape of an operator's `grant|revoke <pseudonym>` command for a role, shared by
`manage.py moderator` and `manage.py supporter` (and any role above them): one way to name the
member, one way to refuse, one line when done. The change itself is the role's own service,
which writes the audit log."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Member


class RoleCommand(BaseCommand):
    role = ""  # "peer moderator"
    refused: type[Exception] = Exception

    def grant(self, **change):
        raise NotImplementedError

    def revoke(self, **change):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant", "revoke"])
        parser.add_argument("pseudonym")
        parser.add_argument("--reason", default="", help="Why, for the audit log.")

    def handle(self, *args, action, pseudonym, reason, **options):
        try:
            member = Member.objects.get_by_natural_key(pseudonym)
        except Member.DoesNotExist:
            raise CommandError(f"No member is called {pseudonym!r}.") from None
        change = self.grant if action == "grant" else self.revoke
        try:
            change(member=member, via="command line", reason=reason)
        except self.refused as refusal:
            raise CommandError(str(refusal)) from None
        done = "is now a" if action == "grant" else "is no longer a"
        self.stdout.write(f"{member.pseudonym} {done} {self.role}.")
