"""Every scan flag says why the post was rated as it was, and which model (if any) rated it;
moderators read it on the queue row and the review page."""

import html

import pytest

from forum import services
from moderation.models import Flag, FlagReason, QueueItem

pytestmark = pytest.mark.django_db


def test_a_keyword_flag_names_the_words_and_that_no_model_rated_it(thread, other_member):
    post = services.create_post(thread=thread, author=other_member, body="I want to kill myself")
    flag = Flag.objects.get(post=post.post)
    assert flag.scan_reason == (
        "lexicon: 'kill myself' (suicide, high); model: off; decided by the lexicon"
    )
    assert flag.model_version == ""
    assert QueueItem.objects.get(post=post.post).scan_reason == flag.scan_reason


def test_words_found_only_on_the_rendered_page_say_so(thread, other_member):
    body = "I want to k**i**ll myself"
    post = services.create_post(thread=thread, author=other_member, body=body)
    reason = Flag.objects.get(post=post.post).scan_reason
    assert "'kill myself' (suicide, high, as displayed)" in reason


def test_a_failed_scan_says_the_scanner_failed(monkeypatch, thread, other_member):
    from safety import scanner

    monkeypatch.setattr(scanner, "scan", lambda *a, **k: 1 / 0)
    post = services.create_post(thread=thread, author=other_member, body="an ordinary day")
    flag = Flag.objects.get(post=post.post)
    assert flag.reason == FlagReason.SCAN_FAILED
    assert "scanner failed (ZeroDivisionError)" in flag.scan_reason


def test_the_queue_row_and_the_review_page_show_the_rating(client, moderator, thread, other_member):
    post = services.create_post(thread=thread, author=other_member, body="I want to kill myself")
    flag = Flag.objects.get(post=post.post)
    client.force_login(moderator)
    shown = html.escape(f"Rated by lexicon {flag.lexicon_version}: {flag.scan_reason}")
    assert shown in client.get("/moderation/").content.decode()
    assert shown in client.get(f"/moderation/posts/{post.post.pk}/").content.decode()


def test_a_hold_for_links_carries_no_scan_reason(thread, make_member):
    newcomer = make_member("NewLeaf", new=True)
    body = " ".join(f"https://example{n}.org" for n in range(5))
    post = services.create_post(thread=thread, author=newcomer, body=body).post
    flag = Flag.objects.get(post=post, reason=FlagReason.LINKS)
    assert (flag.scan_reason, flag.model_version) == ("", "")
