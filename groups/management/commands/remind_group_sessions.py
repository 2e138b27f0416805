"""Tell participants of group sessions that their room is open (ROOM_OPENS_EARLY before the
start), once each per session.

python manage.py remind_group_sessions            # once
python manage.py remind_group_sessions --every 60 # every minute until stopped

Safe to run as often as you like, and from more than one process: each reminder is sent once.
"""

import time

from django.core.management.base import BaseCommand

from groups.notices import remind_opening_rooms


class Command(BaseCommand):
    help = "Tell participants of group sessions whose room has opened, once each."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds")

    def handle(self, *args, every=0, **options):
        while True:
            sent = remind_opening_rooms()
            self.stdout.write(f"Sent {sent} group session reminder(s).")
            if not every:
                return
            time.sleep(every)
