"""Delete group sessions' room messages once their retention time has passed.

python manage.py purge_group_messages              # once
python manage.py purge_group_messages --every 3600 # every hour until stopped
"""

import time

from django.core.management.base import BaseCommand

from groups.retention import purge_expired_messages


class Command(BaseCommand):
    help = "Delete room messages of sessions that ended more than the retention time ago."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds")

    def handle(self, *args, every=0, **options):
        while True:
            deleted = purge_expired_messages()
            self.stdout.write(f"Deleted {deleted} group session message(s).")
            if not every:
                return
            time.sleep(every)
