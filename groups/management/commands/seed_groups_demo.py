"""Demo group sessions for `make run`: a demo peer supporter and a weekly evening group, plus
one meeting whose room is open now, so a fresh install shows what a group is like.

    python manage.py seed_groups_demo [--if-empty]

Needs `seed_demo`'s members (run it first). The demo supporter is granted through the role's
service, so the audit log records it like any other grant.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import Member
from forum.demo_content import MEMBERS
from forum.models import Board
from groups.forms import DEFAULT_GROUND_RULES
from groups.models import GroupSession
from groups.scheduling import REPEAT_WEEKLY
from groups.services import Schedule, join_session, schedule_sessions
from supporters.services import grant_supporter_role

DEMO_ZONE = "America/Chicago"
EVENING_GROUP = (
    "depression",
    "Tuesday evening check-in",
    "A gentle hour to say how the week has been, listen to others and leave a little lighter. "
    "You can just read; nobody has to share.",
)
OPEN_NOW = (
    "loneliness-and-isolation",
    "Drop-in: a quiet hour together",
    "Come as you are. We go round once for a how-are-you, then talk about whatever helps.",
)


class Command(BaseCommand):
    help = "Demo group sessions: a weekly group and one meeting open now."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when sessions already exist"
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and GroupSession.objects.exists():
            self.stdout.write("Group sessions already exist; nothing seeded.")
            return
        members = list(Member.objects.filter(pseudonym__in=MEMBERS).order_by("pk"))
        if len(members) < 4:
            raise CommandError("Run `manage.py seed_demo` first: the demo needs its members.")
        facilitator, *others = members
        if not facilitator.is_peer_supporter:
            grant_supporter_role(member=facilitator, via="demo content", reason="demo facilitator")
        boards = {board.slug: board for board in Board.objects.all()}
        now_local = timezone.localtime(timezone.now(), ZoneInfo(DEMO_ZONE)).replace(tzinfo=None)
        days_to_tuesday = (1 - now_local.weekday()) % 7 or 7
        tuesday = (now_local + timedelta(days=days_to_tuesday)).replace(
            hour=19, minute=0, second=0, microsecond=0
        )
        weekly = self._schedule(
            facilitator, boards, EVENING_GROUP, Schedule(
                first_local=tuesday, timezone=DEMO_ZONE, repeat=REPEAT_WEEKLY, count=8
            ),
        )  # fmt: skip
        soon = (now_local + timedelta(minutes=5)).replace(second=0, microsecond=0)
        drop_in = self._schedule(
            facilitator, boards, OPEN_NOW, Schedule(first_local=soon, timezone=DEMO_ZONE)
        )
        for member in others[:3]:
            join_session(session=drop_in[0], member=member)
        for session in (*weekly[:1], *drop_in):
            self.stdout.write(f"/groups/{session.pk}/")

    def _schedule(self, facilitator, boards, what, schedule):
        slug, title, description = what
        return schedule_sessions(
            facilitator=facilitator,
            board=boards[slug],
            title=title,
            description=description,
            ground_rules=DEFAULT_GROUND_RULES,
            schedule=schedule,
            duration_minutes=60,
            capacity=12,
        )
