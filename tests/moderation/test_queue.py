"""The queue: what needs a moderator first, one item per post, filters, and a fixed cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import services as forum
from forum.models import Board, Visibility
from moderation.models import FlagReason, ItemStatus, Priority, QueueItem
from moderation.reports import report_post
from moderation.selectors import queue_items
from moderation.services import flag_post
from tests.moderation.conftest import IMMINENT, assessment, flagged

pytestmark = pytest.mark.django_db


def _post(make_thread, body="An ordinary evening.", **kwargs):
    return make_thread(body=body, **kwargs).posts.get(is_opening=True)


def _order(moderator, **filters):
    return [item.post_id for item in queue_items(moderator=moderator, **filters)]


def test_an_imminent_post_is_held_and_waits_at_the_top_with_its_hits(
    thread, other_member, moderator
):
    outcome = forum.create_post(thread=thread, author=other_member, body=IMMINENT)
    item = QueueItem.objects.get(post=outcome.post)
    assert outcome.post.state == Visibility.HELD
    assert item.priority == Priority.IMMINENT and item.severity == "imminent"
    assert item.status == ItemStatus.OPEN
    assert item.matches and all({"term", "start", "end"} <= set(m) for m in item.matches)
    assert _order(moderator) == [outcome.post.pk]


def test_the_queue_runs_imminent_then_failed_scans_then_high_then_at_risk_reports_then_the_rest(
    make_thread, make_member, moderator
):
    reporter = make_member("CarefulFinch")
    other = _post(make_thread, title="reported for spam")
    at_risk = _post(make_thread, title="reported at risk")
    held_links = _post(make_thread, title="held for links")
    high = _post(make_thread, title="rated high")
    failed = _post(make_thread, title="scan failed")
    imminent = _post(make_thread, title="rated imminent")
    report_post(post=other, reporter=reporter, reason="spam")
    report_post(post=at_risk, reporter=reporter, reason="at_risk")
    flag_post(post=held_links, reason=FlagReason.LINKS)
    flagged(high, "high", "self_harm")
    flag_post(post=failed, assessment=assessment("high", failed=True))
    flagged(imminent, "imminent", "suicide")

    order = _order(moderator)

    assert order[:4] == [imminent.pk, failed.pk, high.pk, at_risk.pk]
    assert set(order[4:]) == {other.pk, held_links.pk}


def test_within_a_priority_the_longest_waiting_comes_first(make_thread, moderator):
    newer, older = _post(make_thread, title="newer"), _post(make_thread, title="older")
    flagged(newer, "high")
    flagged(older, "high")
    QueueItem.objects.filter(post=older).update(
        opened_at=timezone.now() - timezone.timedelta(hours=2)
    )
    assert _order(moderator) == [older.pk, newer.pk]


def test_every_signal_about_a_post_merges_into_one_item_that_keeps_the_most_urgent_priority(
    make_thread, make_member, moderator
):
    post = _post(make_thread)
    report_post(post=post, reporter=make_member("A1"), reason="spam")
    report_post(post=post, reporter=make_member("A2"), reason="harassment")
    first_version = QueueItem.objects.get(post=post).version
    flagged(post, "high", "self_harm")
    report_post(post=post, reporter=make_member("A3"), reason="spam")

    item = QueueItem.objects.get(post=post)
    assert QueueItem.objects.filter(post=post).count() == 1
    assert item.priority == Priority.HIGH
    assert item.report_count == 3 and item.report_reasons == {"spam": 2, "harassment": 1}
    assert item.version > first_version
    assert sorted(item.sources) == ["report", "scan"]


def test_a_resolved_item_reopens_from_scratch_when_something_new_arrives(
    make_thread, make_member, moderator
):
    post = _post(make_thread)
    item = flagged(post, "high", "self_harm")
    QueueItem.objects.filter(pk=item.pk).update(
        status=ItemStatus.RESOLVED, resolved_at=timezone.now()
    )
    report_post(post=post, reporter=make_member("LateReader"), reason="spam")
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN and item.resolved_at is None
    assert item.priority == Priority.OTHER and item.report_count == 1
    assert item.severity == "none"


def test_filters_narrow_the_queue_by_board_category_and_state(
    make_thread, make_member, moderator, second_moderator
):
    other_board = Board.objects.exclude(slug="depression").first()
    here = _post(make_thread, title="here")
    there = _post(make_thread, title="there", on_board=other_board)
    flagged(here, "high", "self_harm")
    flagged(there, "high", "suicide")
    report_post(post=there, reporter=make_member("Spotter"), reason="harassment")
    QueueItem.objects.filter(post=there).update(
        claimed_by=second_moderator, claimed_until=timezone.now() + timezone.timedelta(minutes=5)
    )

    assert _order(moderator, board="depression") == [here.pk]
    assert _order(moderator, board=other_board.slug) == [there.pk]
    assert _order(moderator, category="self_harm") == [here.pk]
    assert _order(moderator, category="report:harassment") == [there.pk]
    assert _order(moderator, state="claimed") == [there.pk]
    assert _order(moderator, state="unclaimed") == [here.pk]
    assert _order(moderator, state="resolved") == []


def test_the_queue_page_shows_waiting_time_highlighted_hits_and_a_claim_button(
    client, held_reply, moderator
):
    client.force_login(moderator)
    html = client.get("/moderation/").content.decode()
    assert "Imminent risk" in html
    assert re.search(r"waiting <time datetime=\"[^\"]+\" data-waiting>", html)
    assert '<mark class="hit hit-' in html
    assert f'action="/moderation/posts/{held_reply.pk}/claim/"' in html
    assert 'name="version"' in html


def test_the_queue_page_filters_from_its_form(client, make_thread, moderator):
    post = _post(make_thread)
    flagged(post, "high", "self_harm")
    client.force_login(moderator)
    assert (
        f"item-{post.queue_item.pk}"
        in client.get("/moderation/?category=self_harm").content.decode()
    )
    assert (
        f"item-{post.queue_item.pk}"
        not in client.get("/moderation/?category=suicide").content.decode()
    )


def test_a_scoped_moderator_sees_only_their_boards(make_thread, moderator):
    from moderation.models import ModeratorBoard

    other_board = Board.objects.exclude(slug="depression").first()
    here, there = _post(make_thread), _post(make_thread, on_board=other_board)
    flagged(here, "high")
    flagged(there, "high")
    ModeratorBoard.objects.create(moderator=moderator, board=other_board)
    assert _order(moderator) == [there.pk]


def _fill_queue(make_thread, make_member, count: int):
    for n in range(count):
        post = _post(make_thread, title=f"thread {n}", author=make_member(f"Writer{count}x{n}"))
        if n % 3 == 0:
            reporter = make_member(f"Reporter{count}x{n}")
            report_post(post=post, reporter=reporter, reason="at_risk" if n % 2 else "spam")
        else:
            flagged(post, "high" if n % 2 else "imminent", "suicide")


def _queue_queries(client, moderator) -> tuple[int, str]:
    client.force_login(moderator)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/moderation/").content.decode()
    return len(queries), html


def test_the_queue_costs_the_same_number_of_queries_for_5_items_and_for_100(
    client, make_thread, make_member, moderator
):
    _fill_queue(make_thread, make_member, 5)
    few, few_html = _queue_queries(client, moderator)
    _fill_queue(make_thread, make_member, 95)
    many, many_html = _queue_queries(client, moderator)
    assert few_html.count('class="queue-item') == 5
    assert many_html.count('class="queue-item') == 100
    assert few == many
