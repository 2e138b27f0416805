"""Reads for the moderators' dashboard: what is open, how quickly people in crisis are heard,
how many flags arrive, who has waited longest, and what this moderator handled this week.

Every function takes `now`, so a page and a test agree on what "the last 7 days" and "this
week" mean, and counts things as they stood at `now`. Each costs one query whatever the
number of rows: the page must stay cheap on the busiest day, which is when it is needed.

"Crisis" here is what the queue puts first: flags rated high or imminent, and scans that
failed (which are held and treated as high, since nobody knows what they said). "Lowered" is
a lexicon "high" the crisis model rated low (moderation.services.LOWERED_LAYER): never a crisis
flag, but counted on its own, so moderators see how often the model overrules a keyword.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from forum.models import Post, Visibility
from forum.stats import WaitTimes, describe_wait, times_per_window
from moderation.models import (
    AuditAction,
    AuditEntry,
    Flag,
    FlagReason,
    ItemStatus,
    Priority,
    QueueItem,
)
from moderation.queue_sources import CrisisCounts, external_crisis_counts
from moderation.selectors import moderated_board_ids
from moderation.services import LOW_RISK, LOWERED_LAYER
from safety.severity import Severity

WINDOWS = (7, 30)
CHART_DAYS = 30
LONGEST_WAITING = 10

# The open items' groups, most urgent first, by the queue's own priority so an item is in
# exactly one group: a failed scan also carries "high", but it is its own kind of urgent.
OPEN_GROUPS = (
    (Severity.IMMINENT, "Imminent risk", (Priority.IMMINENT,)),
    (Severity.HIGH, "High risk", (Priority.HIGH,)),
    ("scan_failed", "Scan failed", (Priority.SCAN_FAILED,)),
    ("other", "Low risk, reports and holds", (Priority.AT_RISK_REPORT, Priority.OTHER, LOW_RISK)),
)


def crisis_flags():
    """Flags the posting services raise for risk (CRISIS_FLAG_SEVERITIES), and failed scans."""
    return Flag.objects.filter(
        Q(severity__in=settings.CRISIS_FLAG_SEVERITIES) | Q(reason=FlagReason.SCAN_FAILED)
    )


def _in_scope(queryset, boards: list[int] | None, board_field: str):
    """Limit to a scoped moderator's boards: they see no numbers about boards they do not
    moderate, just as their queue shows no items from them."""
    if boards is None:
        return queryset
    return queryset.filter(**{f"{board_field}__in": boards})


def local_zone():
    """Days and weeks are the site's (settings.TIME_ZONE), whoever is looking."""
    return timezone.get_default_timezone()


def local_midnight(day: date):
    return datetime.combine(day, time.min, tzinfo=local_zone())


def start_of_week(now: datetime) -> datetime:
    """Monday 00:00 local time of the week containing `now`."""
    today = timezone.localtime(now, local_zone()).date()
    return local_midnight(today - timedelta(days=today.weekday()))


# --- Open items ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenGroup:
    key: str
    label: str
    count: int


def open_items_by_severity(*, boards: list[int] | None) -> list[OpenGroup]:
    """Unresolved items (waiting or escalated) per group, every group shown even at zero."""
    items = _in_scope(
        QueueItem.objects.exclude(status=ItemStatus.RESOLVED), boards, "post__thread__board_id"
    )
    per_priority = dict(
        items.order_by().values("priority").annotate(n=Count("id")).values_list("priority", "n")
    )
    return [
        OpenGroup(key, label, sum(per_priority.get(p, 0) for p in priorities))
        for key, label, priorities in OPEN_GROUPS
    ]


# --- How quickly people are heard ------------------------------------------------------------


def flag_to_first_action(
    *, now: datetime, boards: list[int] | None, windows=WINDOWS
) -> list[WaitTimes]:
    """For each crisis flag raised in the window: the time until a moderator first did
    anything about its post (the first audit line on the post with a person as actor, at or
    after the flag). Lines by the system, and actions before the flag, do not count: they
    answered something else; nor does judging the scan's rating, which labels the post for the
    crisis model and does nothing for its writer. One query: the first action is a subquery per
    flag."""
    first_action = (
        AuditEntry.objects.filter(
            post_id=OuterRef("post_id"),
            actor_id__isnull=False,
            created__gte=OuterRef("created"),
            created__lte=now,
        )
        .exclude(action=AuditAction.ITEM_JUDGED)
        .order_by("created", "id")
        .values("created")[:1]
    )
    flags = _in_scope(
        crisis_flags().filter(created__gte=now - timedelta(days=max(windows)), created__lte=now),
        boards,
        "post__thread__board_id",
    )
    rows = list(
        flags.annotate(first_action=Subquery(first_action)).values_list("created", "first_action")
    )
    return times_per_window(rows, now=now, windows=windows)


def post_to_first_reply(
    *, now: datetime, boards: list[int] | None, windows=WINDOWS
) -> list[WaitTimes]:
    """For each post written in the window that has a crisis flag: the time until someone
    else first replied in its thread (published, after the post). That is when the person
    was heard by a peer, whatever the moderators did.

    A deleted account's post or reply counts as someone else's: with the author gone we
    cannot tell, and a NULL never equals anything, so both sides get distinct stand-ins."""
    first_reply = (
        Post.objects.filter(
            thread=OuterRef("thread"),
            state=Visibility.PUBLISHED,
            created__gt=OuterRef("created"),
            created__lte=now,
        )
        .annotate(replier=Coalesce("author_id", Value(-1)))
        .exclude(replier=OuterRef("writer"))
        .order_by("created", "id")
        .values("created")[:1]
    )
    posts = _in_scope(
        Post.objects.filter(
            Exists(crisis_flags().filter(post=OuterRef("pk"))),
            created__gte=now - timedelta(days=max(windows)),
            created__lte=now,
        ),
        boards,
        "thread__board_id",
    )
    rows = list(
        posts.order_by()
        .annotate(writer=Coalesce("author_id", Value(0)))
        .annotate(first_reply=Subquery(first_reply))
        .values_list("created", "first_reply")
    )
    return times_per_window(rows, now=now, windows=windows)


# --- Flags per day ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


def flags_per_day(*, now: datetime, boards: list[int] | None, days=CHART_DAYS) -> list[DayCount]:
    """Every flag (any reason) per local day, for today and the `days - 1` days before, with
    days without flags present as zero: a quiet day is information too."""
    zone = local_zone()
    today = timezone.localtime(now, zone).date()
    first = today - timedelta(days=days - 1)
    flags = _in_scope(
        Flag.objects.filter(created__gte=local_midnight(first), created__lte=now),
        boards,
        "post__thread__board_id",
    )
    counts = dict(
        flags.annotate(day=TruncDate("created", tzinfo=zone))
        .order_by()
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return [
        DayCount(day, counts.get(day, 0)) for day in (first + timedelta(n) for n in range(days))
    ]


# --- Ratings the model lowered ----------------------------------------------------------------


@dataclass(frozen=True)
class WindowCount:
    days: int
    count: int


def lowered_ratings(
    *, now: datetime, boards: list[int] | None, windows=WINDOWS
) -> list[WindowCount]:
    """Posts rated low by the crisis model although the lexicon matched them as high, per
    window. A post counts once however often it was edited (each edit is scanned and flagged
    again). One query: a distinct count per window."""
    flags = _in_scope(
        Flag.objects.filter(
            layer=LOWERED_LAYER,
            created__gte=now - timedelta(days=max(windows)),
            created__lte=now,
        ),
        boards,
        "post__thread__board_id",
    )
    since = {days: Q(created__gte=now - timedelta(days=days)) for days in windows}
    counts = flags.aggregate(
        **{f"last_{days}": Count("post_id", distinct=True, filter=since[days]) for days in windows}
    )
    return [WindowCount(days, counts[f"last_{days}"]) for days in windows]


# --- Waiting longest -------------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    item: QueueItem
    waited: timedelta

    @property
    def waited_text(self) -> str:
        return describe_wait(self.waited)


def longest_waiting(
    *, now: datetime, boards: list[int] | None, limit=LONGEST_WAITING
) -> list[Waiting]:
    """The unresolved items open longest, whatever their priority: the queue puts urgency
    first, so this is where an old, quiet item that keeps being passed over shows up."""
    items = _in_scope(
        QueueItem.objects.exclude(status=ItemStatus.RESOLVED), boards, "post__thread__board_id"
    )
    oldest = items.select_related("post__thread__board").order_by("opened_at", "id")[:limit]
    return [Waiting(item, now - item.opened_at) for item in oldest]


# --- The moderator's own week ----------------------------------------------------------------


def crisis_items_handled(*, moderator, now: datetime) -> int:
    """Distinct posts with a crisis flag that this moderator acted on since Monday 00:00
    local time. Shown to the moderator alone, as acknowledgement, never as a league table."""
    return AuditEntry.objects.filter(
        actor_id=moderator.pk,
        created__gte=start_of_week(now),
        created__lte=now,
        post_id__in=crisis_flags().values("post_id"),
    ).aggregate(n=Count("post_id", distinct=True))["n"]


# --- The page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    now: datetime
    scoped: bool
    open_groups: list[OpenGroup]
    action_times: list[WaitTimes]
    reply_times: list[WaitTimes]
    flags_per_day: list[DayCount]
    lowered: list[WindowCount]
    longest_waiting: list[Waiting]
    handled_this_week: int
    week_start: datetime
    # Crisis items of registered sources (a group session's held messages): shown on their own
    # line, and `handled_this_week` includes `external.handled`.
    external: CrisisCounts = CrisisCounts()

    @property
    def open_total(self) -> int:
        return sum(group.count for group in self.open_groups)


def dashboard_for(moderator, *, now: datetime) -> Dashboard:
    """Everything the dashboard shows for one moderator: eight queries, however busy, plus
    what each registered queue source needs (two for group sessions)."""
    boards = moderated_board_ids(moderator)
    week_start = start_of_week(now)
    external = external_crisis_counts(moderator=moderator, boards=boards, since=week_start, now=now)
    return Dashboard(
        now=now,
        scoped=boards is not None,
        open_groups=open_items_by_severity(boards=boards),
        action_times=flag_to_first_action(now=now, boards=boards),
        reply_times=post_to_first_reply(now=now, boards=boards),
        flags_per_day=flags_per_day(now=now, boards=boards),
        lowered=lowered_ratings(now=now, boards=boards),
        longest_waiting=longest_waiting(now=now, boards=boards),
        handled_this_week=crisis_items_handled(moderator=moderator, now=now) + external.handled,
        week_start=week_start,
        external=external,
    )
