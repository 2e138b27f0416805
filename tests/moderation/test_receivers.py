"""Moderation hears the forum without the forum importing it: its receiver turns
post_needs_review into queue items, and what it registers in forum.review answers the forum's
questions (who is on duty, which threads are flagged, the author's care)."""

import re

import pytest
from django.urls import reverse

from forum import review
from forum import services as forum
from forum.models import Post, Thread
from moderation import author_care, receivers, selectors, staffing
from moderation.models import Flag, FlagReason, QueueItem

pytestmark = pytest.mark.django_db

HIGH = "I have been thinking about suicide a lot lately"
LINKS = " ".join(f"https://example{n}.org" for n in range(5))


def test_moderation_answers_the_forums_questions():
    assert review._reviewer == review.Reviewer(
        unstaffed=staffing.unstaffed,
        flagged_thread_ids=selectors.flagged_thread_ids,
        wrote_crisis_post=author_care.wrote_crisis_post,
        care_in_thread=author_care.care_in_thread,
    )


def test_a_high_post_and_its_links_hold_share_one_queue_item(thread, make_member):
    newcomer = make_member(new=True)
    post = forum.create_post(thread=thread, author=newcomer, body=f"{HIGH} {LINKS}").post
    reasons = sorted(Flag.objects.filter(post=post).values_list("reason", flat=True))
    assert reasons == sorted([FlagReason.SCAN, FlagReason.LINKS])
    assert QueueItem.objects.filter(post=post).count() == 1


def test_when_the_queue_cannot_be_written_the_crisis_reply_is_not_saved(
    thread, other_member, monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable(**kwargs):
        raise RuntimeError("the queue's table is locked")

    monkeypatch.setattr(receivers, "flag_post", unreachable)
    before = Post.objects.count()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError):
        forum.create_post(thread=thread, author=other_member, body=HIGH)
    assert Post.objects.count() == before and callbacks == []


def test_when_the_queue_cannot_be_written_a_failed_scan_saves_nothing_either(
    member, board, monkeypatch
):
    from safety import scanner

    monkeypatch.setattr(scanner, "scan", lambda *a, **k: 1 / 0)
    monkeypatch.setattr(receivers, "flag_post", lambda **kwargs: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        forum.create_thread(board=board, author=member, title="Unscanned", body="Hello")
    assert not Thread.objects.filter(title="Unscanned").exists()


def test_moderators_see_which_waiting_threads_to_answer_with_care(
    client, on_duty, make_thread, make_member
):
    flagged = make_thread(title="Flagged opening", body=HIGH, author=make_member())
    calm = make_thread(title="Calm opening", author=make_member())
    assert review.flagged_thread_ids([flagged, calm]) == {flagged.pk}
    client.force_login(on_duty)
    page = client.get(reverse("forum:waiting")).content.decode()
    listed = re.findall(r'<li class="thread-item">.*?>([^<]+)</a>(.*?)</li>', page, re.DOTALL)
    items = {title: "data-needs-care" in rest for title, rest in listed}
    assert items == {"Flagged opening": True, "Calm opening": False}
