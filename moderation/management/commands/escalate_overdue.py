"""Escalate crisis items nobody claimed within their response target.

    python manage.py escalate_overdue              # one sweep
    python manage.py escalate_overdue --every 30   # sweep every 30 seconds until stopped

`make run` starts the looping form beside daphne, and docker-compose runs it as the
`scheduler` service. Several sweepers at once are safe: each item is escalated once.
"""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from moderation.escalation import escalate_overdue


class Command(BaseCommand):
    help = "Escalate imminent and high queue items that nobody claimed in time."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=float, default=0, metavar="SECONDS",
            help="Keep sweeping, this many seconds apart (0: sweep once and stop).",
        )  # fmt: skip

    def handle(self, *args, every: float = 0, **options):
        while True:
            try:
                escalated = escalate_overdue()
            except Exception as error:  # the database is away: try again next round
                if not every:
                    raise
                self.stderr.write(f"Sweep failed ({error.__class__.__name__}); retrying.")
            else:
                if escalated or not every:
                    self.stdout.write(f"Escalated {len(escalated)} overdue item(s).")
            if not every:
                return
            time.sleep(every)
            close_old_connections()  # a long-lived loop must not keep a broken connection
