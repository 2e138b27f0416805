"""Operators' view of repeating group sessions: `group_series list` shows the series still
running; `group_series stop <id>` stops one (its meetings still to come are cancelled, and
their participants find a notice), as the facilitator's own button does."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from groups import services
from groups.models import Series


class Command(BaseCommand):
    help = "List running group-session series, or stop one: group_series list | stop <id>"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "stop"])
        parser.add_argument("series_id", nargs="?", type=int)

    def handle(self, *args, action, series_id=None, **options):
        if action == "list":
            running = Series.objects.filter(stopped_at__isnull=True).select_related("facilitator")
            for series in running.order_by("pk"):
                upcoming = series.sessions.filter(
                    starts_at__gt=timezone.now(), cancelled_at__isnull=True
                ).count()
                self.stdout.write(
                    f"{series.pk}\t{series.facilitator.pseudonym}\tevery "
                    f"{series.interval_weeks} week(s)\t{upcoming} to come"
                )
            return
        if series_id is None:
            raise CommandError("Say which series: group_series stop <id>")
        series = Series.objects.filter(pk=series_id).first()
        if series is None:
            raise CommandError(f"No series {series_id}.")
        cancelled = services.stop_series(series=series)
        self.stdout.write(f"Series {series_id} stopped: {cancelled} meetings cancelled.")
