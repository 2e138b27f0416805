"""The forum asks for review without importing moderation: it sends post_needs_review inside
the posting transaction, and reads what it needs back (who is on duty, flagged threads, the
author's care) through forum.review. A reviewer that fails must never let a post through
unreviewed: the whole write is undone."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import ImproperlyConfigured

from forum import review, services, signals
from forum.checks import posts_that_need_review_have_a_reviewer
from forum.models import Post, Thread, Visibility

pytestmark = pytest.mark.django_db

HIGH = "I have been thinking about suicide a lot lately"
IMMINENT = "I have the pills counted out and I'm taking them all tonight."
LINKS = " ".join(f"https://example{n}.org" for n in range(5))


@contextmanager
def listening(receiver_function):
    signals.post_needs_review.connect(receiver_function, dispatch_uid="test.listening")
    try:
        yield
    finally:
        signals.post_needs_review.disconnect(dispatch_uid="test.listening")


@pytest.fixture
def asked():
    """Every ask for review, as (post id, severity or None, held_for_links)."""
    calls = []

    def record(sender, post, assessment, held_for_links, **kwargs):
        severity = assessment.severity if assessment is not None else None
        calls.append((post.pk, severity, held_for_links))

    with listening(record):
        yield calls


def fail_to_review(sender, **kwargs):
    raise RuntimeError("the moderation queue is unreachable")


def test_a_crisis_reply_asks_for_review_with_its_rating(thread, other_member, asked):
    post = services.create_post(thread=thread, author=other_member, body=HIGH).post
    assert asked == [(post.pk, "high", False)]


def test_a_calm_reply_asks_for_nothing(thread, other_member, asked):
    services.create_post(thread=thread, author=other_member, body="A calm walk today.")
    assert asked == []


def test_a_new_members_reply_held_for_its_links_asks_for_review_of_the_links(
    thread, make_member, asked
):
    newcomer = make_member(new=True)
    post = services.create_post(thread=thread, author=newcomer, body=LINKS).post
    assert post.state == Visibility.HELD
    assert asked == [(post.pk, None, True)]


def test_an_edit_asks_again_for_its_rating_but_not_for_a_links_hold(thread, make_member, asked):
    newcomer = make_member(new=True)
    post = services.create_post(thread=thread, author=newcomer, body=LINKS).post
    asked.clear()
    services.edit_post(post=post, editor=newcomer, body=f"{LINKS} {HIGH}")
    assert asked == [(post.pk, "high", False)]


def test_a_reviewer_that_fails_leaves_no_reply_saved_or_broadcast(
    thread, other_member, django_capture_on_commit_callbacks
):
    before = Post.objects.count()
    with listening(fail_to_review), django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError):
            services.create_post(thread=thread, author=other_member, body=HIGH)
    assert Post.objects.count() == before
    assert callbacks == []  # no broadcast, no notification
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_a_reviewer_that_fails_leaves_no_thread_saved(member, board):
    with listening(fail_to_review), pytest.raises(RuntimeError):
        services.create_thread(board=board, author=member, title="Tonight", body=IMMINENT)
    assert not Thread.objects.filter(title="Tonight").exists()


def test_a_reviewer_that_fails_on_an_edit_leaves_the_published_post_as_it_was(thread, other_member):
    post = services.create_post(thread=thread, author=other_member, body="A calm day.").post
    with listening(fail_to_review), pytest.raises(RuntimeError):
        services.edit_post(post=post, editor=other_member, body=HIGH)
    post.refresh_from_db()
    assert (post.body, post.state) == ("A calm day.", Visibility.PUBLISHED)


# --- With nobody reviewing ---------------------------------------------------------------------


@pytest.fixture
def nobody_reviews(monkeypatch):
    monkeypatch.setattr(review, "_reviewer", review.Reviewer())


def test_with_nobody_reviewing_the_forum_reads_as_staffed_and_unflagged(
    nobody_reviews, thread, member
):
    assert review.unstaffed() is False
    assert review.flagged_thread_ids([thread]) == set()
    assert review.care_in_thread(thread=thread, member=member) is review.NO_CARE
    annotated = Thread.objects.annotate(wrote=review.wrote_crisis_post(member))
    assert annotated.filter(wrote=False, pk=thread.pk).exists()


@contextmanager
def no_reviewing_app():
    """As if moderation were not installed: nobody receives post_needs_review."""
    receivers = signals.post_needs_review.receivers
    signals.post_needs_review.receivers = []
    signals.post_needs_review.sender_receivers_cache.clear()
    try:
        yield
    finally:
        signals.post_needs_review.receivers = receivers
        signals.post_needs_review.sender_receivers_cache.clear()


def test_the_system_check_passes_while_an_app_reviews_posts():
    assert posts_that_need_review_have_a_reviewer(None) == []


def test_with_no_reviewing_app_the_system_check_fails_and_a_crisis_reply_is_not_saved(
    thread, other_member
):
    before = Post.objects.count()
    with no_reviewing_app():
        assert [e.id for e in posts_that_need_review_have_a_reviewer(None)] == ["peerhaven.E002"]
        with pytest.raises(ImproperlyConfigured):
            services.create_post(thread=thread, author=other_member, body=HIGH)
        services.create_post(thread=thread, author=other_member, body="A calm walk today.")
    assert Post.objects.count() == before + 1
