"""The author keeps the help in view (issue 18, item 9).

An author whose post was rated high or imminent (or could not be rated) sees the support panel
every time they open its thread until a peer moderator has acted on the post, and a quiet line
after that; their held post says what happens next and roughly when. Nobody else sees any of
it. Every test runs on a frozen clock, posting through the real reply form.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import Post, Visibility
from moderation import staffing
from moderation.models import QueueItem
from safety.services import Assessment

pytestmark = pytest.mark.django_db

PLAN = (
    "Wrote the letters, the dog goes to my sister. Saturday morning before anyone is up. "
    "Thank you all."
)
SMALL_WIN = "Managed a walk round the park today and cooked a proper dinner."
HIGH = "I have been thinking about suicide a lot lately"
PANEL = "data-support-panel"
QUIET = "A peer moderator has seen your post."


@pytest.fixture(autouse=True)
def scanner_hears_the_plan(monkeypatch):
    """Neither the lexicon nor the crisis model rates PLAN above "none" today: it names no
    method and no word of dying, only goodbyes, a rehomed dog and a time. These tests are about
    what its author is shown, so the posting services' rating (their one seam to safety) calls
    it imminent, as a moderator would; every other text goes to the real scanner."""
    real = services.assess_text

    def rate(text, **views):
        if "the dog goes to my sister" in text:
            return Assessment(severity="imminent", categories=("suicide",), reason="test")
        return real(text, **views)

    monkeypatch.setattr(services, "assess_text", rate)


@pytest.fixture
def author(make_member):
    return make_member("LanternMoth8")


def reply_through_the_form(client, thread, member, body, **fields) -> tuple[Post, str]:
    """Post as the member would, and follow the redirect: the post and the page it lands on."""
    client.force_login(member)
    response = client.post(reverse("forum:thread", args=[thread.pk]), {"body": body, **fields})
    assert response.status_code == 303
    post = Post.objects.filter(thread=thread, author=member).latest("id")
    return post, client.get(response["Location"]).content.decode()


def open_thread(client, thread, member=None) -> str:
    if member is not None:
        client.force_login(member)
    response = client.get(reverse("forum:thread", args=[thread.pk]))
    assert response.status_code == 200
    return response.content.decode()


def held_note_of(page: str, post: Post) -> str:
    article = re.search(rf'<article id="post-{post.pk}".*?</article>', page, re.DOTALL).group(0)
    return re.search(r'<p class="held-note"[^>]*>(.*?)</p>', article, re.DOTALL).group(1)


def act(client, moderator, post: Post, slug: str, **data):
    client.force_login(moderator)
    data.setdefault("version", QueueItem.objects.get(post=post).version)
    response = client.post(f"/moderation/posts/{post.pk}/{slug}/", data)
    assert response.status_code in (200, 302, 303), response.status_code


# --- The acceptance example ------------------------------------------------------------------


def test_a_plan_posted_through_the_reply_form_is_held_and_its_author_sees_the_panel(
    client, thread, author, on_duty
):
    post, page = reply_through_the_form(client, thread, author, PLAN)
    assert post.state == Visibility.HELD
    assert PANEL in page and "data-unstaffed" not in page
    assert f'id="post-{post.pk}"' in page and 'data-state="held"' in page
    assert held_note_of(page, post) == (
        "A peer moderator will look at your post, usually within 10 minutes; until then only "
        "you and the moderators can see it."
    )


def test_the_author_coming_back_later_sees_the_panel_again_and_how_long_is_left(
    client, thread, author, on_duty, clock
):
    post, _ = reply_through_the_form(client, thread, author, PLAN)
    clock.shift(timedelta(minutes=4))
    staffing.record_queue_seen(on_duty.pk)  # still at the queue, not yet at this post

    page = open_thread(Client(), thread, author)  # a fresh visit: nothing left in the session
    assert page.count(PANEL) == 1 and "A peer moderator will see your post." in page
    assert "usually within 6 minutes" in held_note_of(page, post)
    assert QUIET not in page


def test_an_hour_on_and_still_unanswered_the_panel_stays_and_the_note_says_it_is_late(
    client, thread, author, on_duty, clock
):
    post, _ = reply_through_the_form(client, thread, author, PLAN)
    clock.shift(timedelta(hours=1))
    staffing.record_queue_seen(on_duty.pk)

    page = open_thread(client, thread, author)
    assert PANEL in page
    assert held_note_of(page, post).startswith("This is taking longer than usual")


def test_another_member_and_a_visitor_see_no_panel_and_not_the_post(
    client, thread, author, other_member, on_duty
):
    post, _ = reply_through_the_form(client, thread, author, PLAN)
    for page in (open_thread(client, thread, other_member), open_thread(Client(), thread)):
        assert PANEL not in page and QUIET not in page
        assert f'id="post-{post.pk}"' not in page and "dog goes to my sister" not in page
        assert "usually within" not in page and 'data-state="held"' not in page


def test_a_moderator_reading_the_thread_sees_the_held_post_but_no_panel(
    client, thread, author, on_duty
):
    post, _ = reply_through_the_form(client, thread, author, PLAN)
    page = open_thread(client, thread, on_duty)
    assert f'id="post-{post.pk}"' in page and 'data-state="held"' in page
    assert PANEL not in page and QUIET not in page and "usually within" not in page


def test_a_moderators_claim_turns_the_panel_into_a_quiet_line(client, thread, author, on_duty):
    post, _ = reply_through_the_form(client, thread, author, PLAN)
    act(client, on_duty, post, "claim")

    page = open_thread(client, thread, author)
    assert PANEL not in page
    quiet = re.search(r"<p [^>]*data-moderator-seen>(.*?)</p>", page, re.DOTALL).group(1)
    assert quiet.startswith(QUIET) and 'href="/resources/"' in quiet
    assert held_note_of(page, post).startswith("A peer moderator is looking at your post now")


def test_a_moderators_decision_turns_the_panel_into_a_quiet_line(
    client, thread, author, other_member, on_duty
):
    post, _ = reply_through_the_form(client, thread, author, PLAN)
    act(client, on_duty, post, "approve", body="", reason="")
    post.refresh_from_db()
    assert post.state == Visibility.PUBLISHED

    page = open_thread(client, thread, author)
    assert PANEL not in page and QUIET in page
    other = open_thread(client, thread, other_member)
    assert "dog goes to my sister" in other and PANEL not in other and QUIET not in other


def test_a_supportive_note_is_an_action_too(client, thread, author, on_duty):
    post, _ = reply_through_the_form(client, thread, author, PLAN)
    act(client, on_duty, post, "note", template="checking_in", message="")

    page = open_thread(client, thread, author)
    assert PANEL not in page and QUIET in page


def test_a_small_win_is_published_with_no_panel(client, thread, author, on_duty):
    post, page = reply_through_the_form(client, thread, author, SMALL_WIN)
    assert post.state == Visibility.PUBLISHED
    assert PANEL not in page and QUIET not in page and "data-state" not in page
    assert PANEL not in open_thread(client, thread, author)


def test_a_post_the_scanner_could_not_read_keeps_the_panel_in_view_too(
    client, thread, author, on_duty, monkeypatch
):
    failed = Assessment(severity="high", failed=True, reason="test: the scanner broke")
    monkeypatch.setattr(services, "assess_text", lambda text, **views: failed)
    post, _ = reply_through_the_form(client, thread, author, "Some words the scanner choked on")
    assert post.state == Visibility.HELD  # fail closed

    page = open_thread(Client(), thread, author)
    assert PANEL in page
    assert "usually within an hour" in held_note_of(page, post)


def test_a_new_thread_that_is_held_shows_its_author_the_panel_and_nobody_else_the_thread(
    client, board, author, other_member, on_duty
):
    client.force_login(author)
    response = client.post(
        reverse("forum:new_thread", args=[board.slug]),
        {"title": "Goodbye for now", "body": PLAN, "warning": ""},
    )
    post = Post.objects.get(author=author)
    assert response.status_code == 303 and post.state == Visibility.HELD

    page = open_thread(Client(), post.thread, author)
    assert PANEL in page and "usually within 10 minutes" in held_note_of(page, post)
    other = Client()
    other.force_login(other_member)
    assert other.get(reverse("forum:thread", args=[post.thread_id])).status_code == 404
    assert Client().get(reverse("forum:thread", args=[post.thread_id])).status_code == 404


# --- Anonymous posts and the unstaffed variant -------------------------------------------------


def test_an_anonymous_author_sees_the_panel_and_nobody_else_learns_they_are_in_crisis(
    client, thread, author, other_member, on_duty
):
    post, page = reply_through_the_form(client, thread, author, HIGH, anonymous="on")
    # High, with a moderator on duty: published (and flagged), so others do read it.
    assert post.anonymous and post.state == Visibility.PUBLISHED
    assert PANEL in page
    assert PANEL in open_thread(Client(), thread, author)

    for reader in (other_member, on_duty, None):
        other = open_thread(Client(), thread, reader)
        assert "thinking about suicide" in other and "Anonymous member" in other
        assert author.pseudonym not in other or reader == on_duty  # moderators see who wrote it
        assert PANEL not in other and QUIET not in other and "usually within" not in other


def test_with_no_moderator_on_duty_the_author_sees_the_24_7_lines_and_who_will_look(
    client, thread, author, moderator, clock
):
    post, page = reply_through_the_form(client, thread, author, HIGH)
    assert post.state == Visibility.HELD  # the unstaffed policy holds a high post

    later = open_thread(Client(), thread, author)
    for shown in (page, later):
        panel = shown[shown.index(PANEL) :]
        assert "data-unstaffed" in panel and "answer day and night, 24/7" in panel
        assert held_note_of(shown, post).startswith(
            "No peer moderator is online right now; the first one who comes online will see "
            "your post first."
        )


def test_a_forum_with_no_moderators_at_all_promises_no_time(client, thread, author, clock):
    post, page = reply_through_the_form(client, thread, author, PLAN)
    assert PANEL in page and "data-unstaffed" not in page  # no policy without moderators
    assert held_note_of(page, post) == (
        "Waiting for a peer moderator; until then only you and the moderators can see it."
    )


def test_the_panel_carries_the_authors_own_line(client, thread, author, on_duty):
    from accounts.safety import save_preferences

    save_preferences(
        member=author, contact_when_flagged="yes", personal_line_name="My sister Jo",
        personal_line_phone="312 555 0142",
    )  # fmt: skip
    reply_through_the_form(client, thread, author, PLAN)
    page = open_thread(Client(), thread, author)
    assert "data-personal-line" in page and "My sister Jo" in page


# --- What it costs -----------------------------------------------------------------------------


def _queries(client, thread) -> list[str]:
    client.get(reverse("forum:thread", args=[thread.pk]))  # warm the caches and the visit
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("forum:thread", args=[thread.pk])).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_readers_who_wrote_no_crisis_post_pay_no_query_for_it(
    client, make_thread, author, other_member, on_duty
):
    calm = make_thread(title="A calm thread")
    crisis = make_thread(title="A heavy thread")
    reply_through_the_form(client, crisis, author, PLAN)
    reply_through_the_form(client, calm, author, SMALL_WIN)

    for reader in (other_member, on_duty):
        reading = Client()
        reading.force_login(reader)
        assert len(_queries(reading, calm)) == len(_queries(reading, crisis))
        assert not any("moderation_queueitem" in sql for sql in _queries(reading, crisis))
    visitor = Client()
    assert len(_queries(visitor, calm)) == len(_queries(visitor, crisis))


def test_the_author_pays_one_query_for_their_crisis_posts_and_the_panel_its_own(
    client, make_thread, author, on_duty
):
    calm = make_thread(title="A calm thread")
    heavy = make_thread(title="A heavy thread")
    reply_through_the_form(client, calm, author, SMALL_WIN)
    post, _ = reply_through_the_form(client, heavy, author, PLAN)
    reply_through_the_form(client, heavy, author, PLAN + " Again.")
    baseline = len(_queries(client, calm))

    waiting = _queries(client, heavy)
    assert len([sql for sql in waiting if "moderation_queueitem" in sql]) == 1
    # The crisis posts; and, while one waits, who is on duty (moderation.staffing, for the
    # unstaffed variant) and the panel's own read of the member's line.
    assert len(waiting) == baseline + 3

    act(client, on_duty, post, "claim")
    act(client, on_duty, Post.objects.filter(author=author).latest("id"), "claim")
    client.force_login(author)
    assert len(_queries(client, heavy)) == baseline + 1  # the quiet line reads nothing more
