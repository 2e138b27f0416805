"""A lexicon "high" the crisis model lowers to "low" (nobody at risk now: past, figurative,
quoted, or asking for someone safe) is published with the quiet line and no panel, and still
reaches moderators: a low flag saying why, last in the queue, counted on the dashboard.

The model is off in tests, so its verdict comes through forum's one seam, `assess_text`; every
other text is rated by the real scanner."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services as forum
from forum.models import Post, Visibility
from moderation import dashboard, selectors
from moderation.models import Flag, FlagReason, ItemStatus, Priority, QueueItem
from moderation.reports import report_post
from moderation.services import LOW_RISK, flag_post
from safety.services import Assessment

pytestmark = pytest.mark.django_db

PAST = "Ten years ago I wanted to kill myself. Today I ran my first half marathon."
HIGH = "I don't want to wake up tomorrow. Everyone would be better off without me."
ORDINARY = "This traffic is killing me, but the new meds are helping me sleep."
REASON = (
    "lexicon: 'kill myself' (suicide, high); model: low, risk 0.03: decided by the model, "
    "which reads nobody at risk now (past, figurative, or asking for someone who is safe): "
    "rated low"
)
TERM = "kill myself"


def lowered(text: str) -> Assessment:
    """What safety.layers returns when the fusion lowers a lexicon "high"."""
    start = text.index(TERM)
    match = {
        "term": TERM,
        "category": "suicide",
        "severity": "high",
        "start": start,
        "end": start + len(TERM),
    }
    return Assessment(
        severity="low",
        categories=("suicide",),
        matches=(match,),
        lexicon_version="test-lexicon",
        layer="lowered",
        model_score=0.03,
        model_version="minilm-tuned-test",
        reason=REASON,
    )


@pytest.fixture(autouse=True)
def model_lowers_the_past(monkeypatch):
    """The crisis model's verdict on PAST: nobody at risk now. Other text is rated as usual."""
    real = forum.assess_text

    def assess(text, *, displayed=None):
        if text.startswith(PAST) or f"\n{PAST}" in text:
            return lowered(text)
        return real(text, displayed=displayed)

    monkeypatch.setattr(forum, "assess_text", assess)


def reply_through_the_form(client, author, thread, body):
    client.force_login(author)
    return client.post(f"/threads/{thread.pk}/", {"body": body}, follow=True)


# --- The author ------------------------------------------------------------------------------


def test_a_reply_the_model_lowered_is_published_with_the_quiet_line_and_no_support_panel(
    client, other_member, thread
):
    landed = reply_through_the_form(client, other_member, thread, PAST)

    post = Post.objects.get(body=PAST)
    html = landed.content.decode()
    assert landed.status_code == 200
    assert post.state == Visibility.PUBLISHED and post.hold_reason == ""
    assert "data-support-panel" not in html
    assert 'class="gentle-line"' in html and 'href="/resources/"' in html
    # Not a crisis post: its author's next visit shows no panel either.
    revisit = client.get(f"/threads/{thread.pk}/").content.decode()
    assert "data-support-panel" not in revisit and PAST in revisit


def test_a_lowered_reply_is_readable_by_everyone_and_counted_in_its_thread(
    client, other_member, thread
):
    reply_through_the_form(client, other_member, thread, PAST)
    client.logout()

    assert PAST in client.get(f"/threads/{thread.pk}/").content.decode()
    thread.refresh_from_db()
    assert thread.reply_count == 1


# --- The moderators --------------------------------------------------------------------------


def test_a_lowered_reply_leaves_a_low_flag_saying_which_model_lowered_it_and_why(
    client, other_member, thread
):
    reply_through_the_form(client, other_member, thread, PAST)

    post = Post.objects.get(body=PAST)
    flag = Flag.objects.get(post=post)
    assert (flag.reason, flag.severity, flag.layer) == (FlagReason.SCAN, "low", "lowered")
    assert flag.model_version == "minilm-tuned-test" and flag.scan_reason == REASON
    assert flag.categories == ["suicide"] and flag.matches[0]["term"] == TERM
    item = QueueItem.objects.get(post=post)
    assert item.status == ItemStatus.OPEN and item.severity == "low"
    assert item.priority == LOW_RISK and item.due_at is None  # no response target
    assert (item.scan_layer, item.scan_reason) == ("lowered", REASON)
    assert f" {selectors.LOWERED_CATEGORY} " in item.tags
    assert "crisis model read nobody at risk now" in item.last_change


def test_a_lowered_post_waits_after_every_crisis_report_and_hold_even_when_older(
    client, make_member, make_thread, other_member, thread, moderator
):
    reply_through_the_form(client, other_member, thread, PAST)
    lowered_post = Post.objects.get(body=PAST)
    QueueItem.objects.filter(post=lowered_post).update(opened_at=timezone.now() - timedelta(days=2))
    high = forum.create_post(thread=thread, author=make_member("HighRisk1"), body=HIGH).post
    spam = make_thread(title="reported for spam").posts.get(is_opening=True)
    report_post(post=spam, reporter=make_member("Reporter1"), reason="spam")
    links = make_thread(title="held for links").posts.get(is_opening=True)
    flag_post(post=links, reason=FlagReason.LINKS)

    order = [item.post_id for item in selectors.queue_items(moderator=moderator)]

    assert QueueItem.objects.get(post=high).priority == Priority.HIGH
    assert order[0] == high.pk
    assert order[-1] == lowered_post.pk and len(order) == 4


def test_the_queue_names_a_lowered_items_place_in_words_not_a_number(
    client, other_member, thread, moderator
):
    reply_through_the_form(client, other_member, thread, PAST)
    client.force_login(moderator)

    page = client.get(reverse("moderation:queue")).content.decode()

    assert '<span class="item-priority">Low risk</span>' in page
    assert f'data-priority="{LOW_RISK}"' in page


def test_a_report_on_a_lowered_post_moves_it_up_to_the_reports(
    client, make_member, other_member, thread
):
    reply_through_the_form(client, other_member, thread, PAST)
    post = Post.objects.get(body=PAST)

    report_post(post=post, reporter=make_member("Worried1"), reason="at_risk")

    assert QueueItem.objects.get(post=post).priority == Priority.AT_RISK_REPORT


def test_an_edit_the_model_lowered_is_flagged_the_same_way(client, other_member, thread):
    reply = forum.create_post(thread=thread, author=other_member, body="Doing fine today.").post
    assert not Flag.objects.filter(post=reply).exists()
    client.force_login(other_member)

    client.post(f"/posts/{reply.pk}/edit/", {"body": PAST, "warning_category": ""})

    reply.refresh_from_db()
    assert reply.body == PAST and reply.state == Visibility.PUBLISHED
    flag = Flag.objects.get(post=reply)
    assert (flag.severity, flag.layer) == ("low", "lowered")
    assert QueueItem.objects.get(post=reply).priority == LOW_RISK


def test_a_lowered_edit_reopens_a_resolved_item_last_in_the_queue(other_member, thread):
    reply = forum.create_post(thread=thread, author=other_member, body=PAST).post
    QueueItem.objects.filter(post=reply).update(
        status=ItemStatus.RESOLVED, resolved_at=timezone.now()
    )

    forum.edit_post(post=reply, editor=other_member, body=f"{PAST} Still running.")

    item = QueueItem.objects.get(post=reply)
    assert item.status == ItemStatus.OPEN and item.priority == LOW_RISK
    assert Flag.objects.filter(post=reply, layer="lowered").count() == 2


def test_a_thread_opening_the_model_lowered_is_published_and_flagged(client, member, board):
    client.force_login(member)

    landed = client.post(
        f"/boards/{board.slug}/new/", {"title": "Ten years on", "body": PAST}, follow=True
    )

    post = Post.objects.get(body=PAST)
    assert post.is_opening and post.state == Visibility.PUBLISHED
    assert post.thread.state == Visibility.PUBLISHED
    assert "data-support-panel" not in landed.content.decode()
    assert Flag.objects.get(post=post).layer == "lowered"


def test_an_ordinary_post_creates_no_flag(client, other_member, thread):
    landed = reply_through_the_form(client, other_member, thread, ORDINARY)

    post = Post.objects.get(body=ORDINARY)
    assert post.state == Visibility.PUBLISHED
    assert not Flag.objects.filter(post=post).exists()
    assert not QueueItem.objects.filter(post=post).exists()
    assert "gentle-line" not in landed.content.decode()


def test_a_low_rating_the_model_did_not_lower_is_still_not_flagged(
    monkeypatch, other_member, thread
):
    monkeypatch.setattr(
        forum, "assess_text", lambda text, displayed=None: Assessment(severity="low")
    )

    post = forum.create_post(thread=thread, author=other_member, body="A heavy week.").post

    assert not Flag.objects.filter(post=post).exists()


# --- The dashboard ---------------------------------------------------------------------------


def _lowered_reply(thread, author, *, days_ago: float):
    post = forum.create_post(thread=thread, author=author, body=PAST).post
    Flag.objects.filter(post=post).update(created=timezone.now() - timedelta(days=days_ago))
    return post


def test_the_dashboard_counts_lowered_posts_in_7_and_30_days_and_links_to_them(
    client, other_member, thread, moderator
):
    reply_through_the_form(client, other_member, thread, PAST)  # now
    edited = _lowered_reply(thread, other_member, days_ago=3)
    forum.edit_post(post=edited, editor=other_member, body=f"{PAST} Edited.")  # once, not twice
    _lowered_reply(thread, other_member, days_ago=10)
    _lowered_reply(thread, other_member, days_ago=40)
    forum.create_post(thread=thread, author=other_member, body=HIGH)  # a crisis, not lowered
    client.force_login(moderator)

    page = client.get(reverse("moderation:dashboard")).content.decode()

    assert (
        'Rated low by the model although the lexicon matched: <strong data-window="7">2</strong>'
        ' in the last 7 days, <strong data-window="30">3</strong> in 30.'
    ) in page
    link = f"{reverse('moderation:queue')}?category=scan%3Alowered"
    assert f'href="{link}"' in page
    queue = client.get(link).content.decode()
    assert queue.count('class="queue-item') == 4
    assert "wake up tomorrow" not in queue


def test_lowered_posts_are_not_crisis_flags_on_the_dashboard(other_member, thread, moderator):
    _lowered_reply(thread, other_member, days_ago=1)
    now = timezone.now()

    page = dashboard.dashboard_for(moderator, now=now)

    assert [(w.days, w.count) for w in page.lowered] == [(7, 1), (30, 1)]
    assert [(w.measured, w.pending) for w in page.action_times] == [(0, 0), (0, 0)]
    assert dict((g.key, g.count) for g in page.open_groups)["other"] == 1
    assert page.open_total == 1


def test_a_scoped_moderator_counts_only_lowered_posts_on_their_boards(
    other_member, make_thread, moderator
):
    from forum.models import Board
    from moderation.models import ModeratorBoard

    elsewhere = Board.objects.exclude(slug="depression").order_by("slug").first()
    ModeratorBoard.objects.create(moderator=moderator, board=elsewhere)
    _lowered_reply(make_thread(on_board=elsewhere), other_member, days_ago=1)
    _lowered_reply(make_thread(), other_member, days_ago=1)  # on a board they don't moderate

    page = dashboard.dashboard_for(moderator, now=timezone.now())

    assert [w.count for w in page.lowered] == [1, 1]
