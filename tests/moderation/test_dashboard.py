"""The moderators' dashboard: open items, how quickly people in crisis are heard, flags per
day, who has waited longest, and a moderator's own week. The clock is fixed: every read takes
`now`, and the rows' timestamps are set around it."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services as forum
from forum.models import Board, Post, Visibility
from moderation import dashboard
from moderation.charts import bar_chart
from moderation.models import (
    AuditAction,
    AuditEntry,
    Flag,
    FlagReason,
    ItemStatus,
    ModeratorBoard,
    QueueItem,
)
from moderation.services import flag_post
from tests.moderation.conftest import assessment

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 12, 12, 0, tzinfo=UTC)  # a Wednesday


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def set_times(post: Post, at: datetime) -> Post:
    """Move a post, its flags and its queue item to `at`, as if it had happened then."""
    Post.objects.filter(pk=post.pk).update(created=at)
    Flag.objects.filter(post=post).update(created=at)
    QueueItem.objects.filter(post=post).update(opened_at=at)
    post.refresh_from_db()
    return post


@pytest.fixture
def crisis_post(make_thread):
    """An opening post flagged by the scanner (`severity`), or failed (`failed`), or held for
    links (`reason`), written and flagged at `at`."""

    def make(*, at, severity="high", failed=False, reason=FlagReason.SCAN, board=None, **kw):
        post = make_thread(on_board=board, **kw).posts.get(is_opening=True)
        if reason == FlagReason.LINKS:
            flag_post(post=post, reason=reason)
        else:
            flag_post(post=post, assessment=assessment(severity, failed=failed))
        return set_times(post, at)

    return make


def act_on(post: Post, *, by, at: datetime, action=AuditAction.ITEM_CLAIMED) -> AuditEntry:
    return AuditEntry.objects.create(
        created=at,
        actor_id=by.pk if by is not None else None,
        action=action,
        post_id=post.pk,
        thread_id=post.thread_id,
    )


def reply_to(post: Post, *, by, at: datetime) -> Post:
    reply = forum.create_post(thread=post.thread, author=by, body="I'm here, and I'm listening.")
    return set_times(reply.post, at)


def window(times, days):
    return next(t for t in times if t.days == days)


def other_board() -> Board:
    return Board.objects.exclude(slug="depression").order_by("slug").first()


# --- Flag to first action ----------------------------------------------------------------------


def test_median_and_90th_percentile_from_flag_to_first_action_use_the_nearest_rank(
    crisis_post, moderator
):
    for n, wait in enumerate([8, 2, 100, 6, 4]):
        flagged_at = NOW - timedelta(hours=n + 1)
        post = crisis_post(at=flagged_at, severity="imminent" if n % 2 else "high")
        act_on(post, by=moderator, at=flagged_at + minutes(wait))

    week = window(dashboard.flag_to_first_action(now=NOW, boards=None), 7)

    assert (week.measured, week.pending) == (5, 0)
    assert week.median == minutes(6)
    assert week.p90 == minutes(100)
    assert (week.median_text, week.p90_text) == ("6 min", "1 h 40 min")


def test_only_the_first_action_by_a_person_at_or_after_the_flag_counts(
    crisis_post, moderator, second_moderator
):
    flagged_at = NOW - timedelta(hours=2)
    post = crisis_post(at=flagged_at)
    act_on(post, by=moderator, at=flagged_at - minutes(30))  # about something earlier
    act_on(post, by=None, at=flagged_at + minutes(1))  # the system, not a person
    act_on(post, by=second_moderator, at=flagged_at + minutes(12))
    act_on(post, by=moderator, at=flagged_at + minutes(20))

    week = window(dashboard.flag_to_first_action(now=NOW, boards=None), 7)

    assert week.measured == 1 and week.median == minutes(12)


def test_flags_nobody_has_acted_on_are_counted_as_still_waiting(crisis_post, moderator):
    acted = crisis_post(at=NOW - timedelta(hours=3))
    act_on(acted, by=moderator, at=NOW - timedelta(hours=2))
    crisis_post(at=NOW - timedelta(hours=1), severity="imminent")
    crisis_post(at=NOW - timedelta(minutes=5), failed=True)

    week = window(dashboard.flag_to_first_action(now=NOW, boards=None), 7)

    assert (week.measured, week.pending) == (1, 2)
    assert week.median == timedelta(hours=1)


def test_low_risk_flags_and_link_holds_are_not_crisis_flags(crisis_post, moderator):
    low = crisis_post(at=NOW - timedelta(hours=2), severity="low")
    links = crisis_post(at=NOW - timedelta(hours=2), reason=FlagReason.LINKS)
    act_on(low, by=moderator, at=NOW - timedelta(hours=1))
    act_on(links, by=moderator, at=NOW - timedelta(hours=1))

    week = window(dashboard.flag_to_first_action(now=NOW, boards=None), 7)

    assert (week.measured, week.pending) == (0, 0)
    assert week.median is None and week.median_text == "–"


def test_a_failed_scan_counts_as_a_crisis_flag(crisis_post, moderator):
    post = crisis_post(at=NOW - timedelta(hours=1), failed=True)
    assert Flag.objects.get(post=post).reason == FlagReason.SCAN_FAILED
    act_on(post, by=moderator, at=NOW - timedelta(minutes=45))

    week = window(dashboard.flag_to_first_action(now=NOW, boards=None), 7)

    assert week.measured == 1 and week.median == minutes(15)


def test_the_7_day_window_leaves_out_what_the_30_day_window_keeps(crisis_post, moderator):
    recent = crisis_post(at=NOW - timedelta(days=2))
    act_on(recent, by=moderator, at=NOW - timedelta(days=2) + minutes(10))
    older = crisis_post(at=NOW - timedelta(days=10))
    act_on(older, by=moderator, at=NOW - timedelta(days=10) + minutes(50))
    crisis_post(at=NOW - timedelta(days=20))  # never acted on
    too_old = crisis_post(at=NOW - timedelta(days=31))
    act_on(too_old, by=moderator, at=NOW - timedelta(days=31) + minutes(1))

    week, month = dashboard.flag_to_first_action(now=NOW, boards=None)

    assert (week.days, week.measured, week.pending, week.median) == (7, 1, 0, minutes(10))
    assert (month.days, month.measured, month.pending) == (30, 2, 1)
    assert (month.median, month.p90) == (minutes(10), minutes(50))


# --- Post to first reply -----------------------------------------------------------------------


def test_the_first_reply_counts_only_if_published_later_and_by_someone_else(
    crisis_post, member, other_member, make_member
):
    posted = NOW - timedelta(hours=5)
    post = crisis_post(at=posted)
    reply_to(post, by=member, at=posted + minutes(1))  # the author again
    held = reply_to(post, by=other_member, at=posted + minutes(2))
    Post.objects.filter(pk=held.pk).update(state=Visibility.HELD)
    reply_to(post, by=make_member("KindMaple"), at=posted + minutes(9))
    reply_to(post, by=other_member, at=posted + minutes(30))

    week = window(dashboard.post_to_first_reply(now=NOW, boards=None), 7)

    assert (week.measured, week.pending) == (1, 0)
    assert week.median == minutes(9)


def test_replies_written_before_the_flagged_post_do_not_answer_it(
    make_thread, other_member, member
):
    thread = make_thread(author=other_member)
    set_times(thread.posts.get(is_opening=True), NOW - timedelta(hours=4))
    later = forum.create_post(thread=thread, author=member, body="It's been a hard week.").post
    flag_post(post=later, assessment=assessment("imminent"))
    set_times(later, NOW - timedelta(hours=3))

    week = window(dashboard.post_to_first_reply(now=NOW, boards=None), 7)

    assert (week.measured, week.pending) == (0, 1)


def test_a_reply_from_a_deleted_account_counts_as_someone_elses_even_to_a_deleted_poster(
    crisis_post, other_member
):
    for hours in (2, 3):
        post = crisis_post(at=NOW - timedelta(hours=hours))
        reply = reply_to(post, by=other_member, at=NOW - timedelta(hours=1))
        Post.objects.filter(pk=reply.pk).update(author=None)
    Post.objects.filter(pk=post.pk).update(author=None)  # both accounts gone: still answered

    week = window(dashboard.post_to_first_reply(now=NOW, boards=None), 7)

    assert (week.measured, week.pending) == (2, 0)
    assert (week.median, week.p90) == (timedelta(hours=1), timedelta(hours=2))


def test_flagged_posts_nobody_answered_are_counted_per_window(crisis_post, other_member):
    answered = crisis_post(at=NOW - timedelta(days=3))
    reply_to(answered, by=other_member, at=NOW - timedelta(days=3) + minutes(4))
    crisis_post(at=NOW - timedelta(days=1), severity="imminent")
    old = crisis_post(at=NOW - timedelta(days=12))
    reply_to(old, by=other_member, at=NOW - timedelta(days=12) + timedelta(hours=2))

    week, month = dashboard.post_to_first_reply(now=NOW, boards=None)

    assert (week.measured, week.pending, week.median) == (1, 1, minutes(4))
    assert (month.measured, month.pending) == (2, 1)
    assert (month.median, month.p90) == (minutes(4), timedelta(hours=2))


# --- Flags per day -----------------------------------------------------------------------------


def test_flags_are_counted_per_local_day_with_quiet_days_as_zero(crisis_post, settings):
    settings.TIME_ZONE = "America/New_York"  # 12:00 UTC on 12 March is 08:00 there
    crisis_post(at=datetime(2025, 3, 12, 10, 0, tzinfo=UTC))
    crisis_post(at=datetime(2025, 3, 12, 11, 0, tzinfo=UTC), reason=FlagReason.LINKS)
    crisis_post(at=datetime(2025, 3, 12, 3, 0, tzinfo=UTC))  # 23:00 on the 11th, locally
    crisis_post(at=datetime(2025, 2, 11, 5, 30, tzinfo=UTC))  # 00:30 on the first day shown
    crisis_post(at=datetime(2025, 2, 11, 4, 30, tzinfo=UTC))  # 23:30 the day before: left out

    days = dashboard.flags_per_day(now=NOW, boards=None)

    counts = {d.day.isoformat(): d.count for d in days}
    assert len(days) == 30
    assert (days[0].day.isoformat(), days[-1].day.isoformat()) == ("2025-02-11", "2025-03-12")
    assert counts["2025-03-12"] == 2 and counts["2025-03-11"] == 1
    assert counts["2025-02-11"] == 1
    assert sum(counts.values()) == 4
    assert counts["2025-03-01"] == 0


def test_the_chart_has_one_bar_per_day_and_the_tallest_bar_is_the_busiest_day():
    chart = bar_chart([("1 Mar", 0), ("2 Mar", 4), ("3 Mar", 2)])

    assert [bar.value for bar in chart.bars] == [0, 4, 2]
    zero, busiest, half = chart.bars
    assert zero.height == 0 and zero.y == chart.baseline
    assert busiest.y == chart.top and busiest.height == chart.baseline - chart.top
    assert half.height == busiest.height / 2
    assert [tick.text for tick in chart.value_ticks] == ["0", "4"]


def test_a_chart_of_quiet_days_draws_flat_bars_without_dividing_by_zero():
    chart = bar_chart([("1 Mar", 0), ("2 Mar", 0)])

    assert [bar.height for bar in chart.bars] == [0, 0]
    assert chart.peak == 0


# --- Waiting longest ---------------------------------------------------------------------------


def test_the_ten_oldest_unresolved_items_are_listed_oldest_first_with_their_wait(crisis_post):
    posts = [
        crisis_post(at=NOW - timedelta(hours=hours), title=f"waiting {hours} hours")
        for hours in (3, 30, 1, 12, 5, 2, 8, 20, 4, 6, 7, 9)
    ]
    resolved = crisis_post(at=NOW - timedelta(days=3), title="resolved long ago")
    QueueItem.objects.filter(post=resolved).update(status=ItemStatus.RESOLVED, resolved_at=NOW)
    QueueItem.objects.filter(post=posts[1]).update(status=ItemStatus.ESCALATED)

    waiting = dashboard.longest_waiting(now=NOW, boards=None)

    hours = [w.waited / timedelta(hours=1) for w in waiting]
    assert hours == [30, 20, 12, 9, 8, 7, 6, 5, 4, 3]
    assert waiting[0].item.post.thread.title == "waiting 30 hours"
    assert waiting[0].waited_text == "1 day 6 h"


# --- A moderator's week ------------------------------------------------------------------------


def test_handled_this_week_starts_on_monday_at_midnight_local_time(
    crisis_post, moderator, settings
):
    settings.TIME_ZONE = "America/New_York"  # Monday 10 March 00:00 there is 04:00 UTC
    sunday = crisis_post(at=NOW - timedelta(days=4))
    monday = crisis_post(at=NOW - timedelta(days=4))
    act_on(sunday, by=moderator, at=datetime(2025, 3, 10, 3, 59, tzinfo=UTC))  # Sun 23:59
    act_on(monday, by=moderator, at=datetime(2025, 3, 10, 4, 0, tzinfo=UTC))  # Mon 00:00

    assert dashboard.crisis_items_handled(moderator=moderator, now=NOW) == 1
    assert dashboard.start_of_week(NOW) == datetime(2025, 3, 10, 4, 0, tzinfo=UTC)


def test_handled_this_week_counts_crisis_posts_once_and_only_this_moderators(
    crisis_post, moderator, second_moderator
):
    yesterday = NOW - timedelta(days=1)
    high = crisis_post(at=yesterday)
    failed = crisis_post(at=yesterday, failed=True)
    low = crisis_post(at=yesterday, severity="low")
    theirs = crisis_post(at=yesterday, severity="imminent")
    act_on(high, by=moderator, at=yesterday + minutes(5))
    act_on(high, by=moderator, at=yesterday + minutes(9), action=AuditAction.POST_REVIEWED)
    act_on(failed, by=moderator, at=yesterday + minutes(6), action=AuditAction.POST_APPROVED)
    act_on(low, by=moderator, at=yesterday + minutes(7))
    act_on(theirs, by=second_moderator, at=yesterday + minutes(8))

    assert dashboard.crisis_items_handled(moderator=moderator, now=NOW) == 2
    assert dashboard.crisis_items_handled(moderator=second_moderator, now=NOW) == 1


# --- Board scope -------------------------------------------------------------------------------


def test_a_moderator_scoped_to_a_board_sees_only_that_boards_numbers(crisis_post, moderator, board):
    ModeratorBoard.objects.create(moderator=moderator, board=board)
    elsewhere = other_board()
    mine = crisis_post(at=NOW - timedelta(hours=2), severity="imminent")
    act_on(mine, by=moderator, at=NOW - timedelta(hours=1))
    crisis_post(at=NOW - timedelta(hours=3), failed=True, board=elsewhere)
    crisis_post(at=NOW - timedelta(hours=9), severity="imminent", board=elsewhere)

    page = dashboard.dashboard_for(moderator, now=NOW)

    assert page.scoped
    assert {g.key: g.count for g in page.open_groups} == {
        "imminent": 1,
        "high": 0,
        "scan_failed": 0,
        "other": 0,
    }
    assert [w.item.post_id for w in page.longest_waiting] == [mine.pk]
    assert sum(d.count for d in page.flags_per_day) == 1
    assert (page.action_times[0].measured, page.action_times[0].pending) == (1, 0)
    assert page.reply_times[0].pending == 1


def test_an_unscoped_moderator_sees_open_items_from_every_board_by_severity(crisis_post, moderator):
    elsewhere = other_board()
    crisis_post(at=NOW - timedelta(hours=1), severity="imminent")
    crisis_post(at=NOW - timedelta(hours=1), severity="high", board=elsewhere)
    crisis_post(at=NOW - timedelta(hours=1), failed=True)
    crisis_post(at=NOW - timedelta(hours=1), severity="low", board=elsewhere)
    crisis_post(at=NOW - timedelta(hours=1), reason=FlagReason.LINKS)
    done = crisis_post(at=NOW - timedelta(hours=1), severity="imminent")
    QueueItem.objects.filter(post=done).update(status=ItemStatus.RESOLVED, resolved_at=NOW)

    page = dashboard.dashboard_for(moderator, now=NOW)

    assert not page.scoped
    assert [(g.key, g.count) for g in page.open_groups] == [
        ("imminent", 1),
        ("high", 1),
        ("scan_failed", 1),
        ("other", 2),
    ]
    assert page.open_total == 5


# --- The page ----------------------------------------------------------------------------------


def test_visitors_are_sent_to_log_in_and_members_are_refused(client, member):
    url = reverse("moderation:dashboard")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    client.force_login(member)
    assert client.get(url).status_code == 403


def test_a_moderator_sees_the_dashboard_with_its_definitions_chart_and_table(
    client, moderator, crisis_post
):
    from django.utils import timezone

    post = crisis_post(at=timezone.now() - timedelta(hours=2), title="Nobody has seen this yet")
    client.force_login(moderator)

    response = client.get(reverse("moderation:dashboard"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-open="high"><span class="dash-open-count">1</span>' in page
    assert "Flags nobody has acted on yet are not left out" in page
    assert "by someone other than its author" in page
    assert len(re.findall(r'<rect class="chart-bar"', page)) == 30
    assert '<title id="flags-chart-title">' in page and '<desc id="flags-chart-desc">' in page
    assert len(re.findall(r"<tr data-day=", page)) == 30
    assert f'href="{reverse("moderation:review", args=[post.pk])}">Nobody has seen this' in page
    assert "You handled <strong>0</strong> crisis items this week" in page
    assert " style=" not in page.split('<main id="main"')[1]  # the CSP forbids inline styles


def test_the_queue_links_to_the_dashboard(client, moderator):
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert f'href="{reverse("moderation:dashboard")}"' in page


def _busy_day(crisis_post, moderator, other_member, count: int) -> None:
    from django.utils import timezone

    now = timezone.now()
    for n in range(count):
        at = now - timedelta(days=n % 28, hours=1)
        post = crisis_post(at=at, severity=("high", "imminent", "low")[n % 3], failed=n % 5 == 0)
        act_on(post, by=moderator, at=at + minutes(n + 1))
        reply_to(post, by=other_member, at=at + minutes(2 * n + 1))


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("moderation:dashboard")).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_2_items_or_20(
    client, moderator, other_member, crisis_post
):
    client.force_login(moderator)
    _busy_day(crisis_post, moderator, other_member, 2)
    with_two = _page_queries(client)

    _busy_day(crisis_post, moderator, other_member, 18)
    assert QueueItem.objects.count() == 20
    assert _page_queries(client) == with_two


def test_the_dashboards_reads_take_ten_queries(
    moderator, other_member, crisis_post, django_assert_num_queries
):
    """Seven reads, the eighth counts the ratings the crisis model lowered, and two count the
    group sessions' crisis holds (open, and handled by this moderator)."""
    from django.utils import timezone

    _busy_day(crisis_post, moderator, other_member, 12)
    with django_assert_num_queries(10):
        page = dashboard.dashboard_for(moderator, now=timezone.now())
        [w.item.post.thread.board.name for w in page.longest_waiting]
