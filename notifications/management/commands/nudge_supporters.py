"""Tell peer supporters about threads that have waited too long for a first reply.

Run it every few minutes (cron, a systemd timer or the container scheduler):

    python manage.py nudge_supporters

Supporters' own page loads run the same sweep lazily (at most once a minute), so a busy site
nudges even without the scheduler. How long counts as too long: the setting
NUDGE_SUPPORTERS_AFTER_MINUTES (30 by default).
"""

from django.core.management.base import BaseCommand

from notifications.services import nudge_supporters


class Command(BaseCommand):
    help = "Nudge peer supporters about threads waiting longer than the nudge delay."

    def handle(self, *args, **options):
        count = nudge_supporters()
        self.stdout.write(f"Nudged supporters about {count} waiting thread(s).")
