"""Threads with posts since my last visit are marked, and the mark leads to the first one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forum import services
from forum.models import Post, ThreadVisit

pytestmark = pytest.mark.django_db


def test_opening_a_thread_records_how_far_the_member_has_read(client, make_thread, member):
    thread = make_thread(replies=2)
    client.force_login(member)
    client.get(f"/threads/{thread.pk}/")
    visit = ThreadVisit.objects.get(member=member, thread=thread)
    assert visit.last_seen == thread.posts.order_by("-created").first().created


def test_visitors_leave_no_trace(client, thread):
    client.get(f"/threads/{thread.pk}/")
    assert not ThreadVisit.objects.exists()


def test_new_replies_by_others_mark_the_thread_and_link_to_the_first_unread(
    client, thread, other_member, make_member
):
    client.force_login(other_member)
    client.get(f"/threads/{thread.pk}/")
    first_new = services.create_post(thread=thread, author=make_member(), body="new one").post
    services.create_post(thread=thread, author=make_member(), body="another")
    for url in ("/", "/boards/depression/", "/waiting/"):
        html = client.get(url).content.decode()
        if thread.title not in html:
            continue  # the thread has replies now, so it is no longer waiting
        assert f'href="/threads/{thread.pk}/?post={first_new.pk}#post-{first_new.pk}"' in html, url
        assert "New replies" in html


def test_the_member_lands_on_the_page_holding_the_first_unread_post(
    client, thread, other_member, make_member, settings
):
    settings.FORUM_POSTS_PER_PAGE = 2
    client.force_login(other_member)
    client.get(f"/threads/{thread.pk}/")
    writers = [make_member() for _ in range(3)]
    posts = [
        services.create_post(thread=thread, author=w, body=f"reply {n}").post
        for n, w in enumerate(writers)
    ]
    response = client.get(f"/threads/{thread.pk}/?post={posts[1].pk}")
    assert f'id="post-{posts[1].pk}"' in response.content.decode()
    assert "Page 2 of 2" in response.content.decode()


def test_the_members_own_posts_never_count_as_unread(client, thread, member):
    client.force_login(member)
    client.get(f"/threads/{thread.pk}/")
    services.create_post(thread=thread, author=member, body="still here")
    assert "New replies" not in client.get("/boards/depression/").content.decode()


def test_reading_the_new_posts_clears_the_mark(client, thread, other_member, make_member):
    client.force_login(other_member)
    client.get(f"/threads/{thread.pk}/")
    services.create_post(thread=thread, author=make_member(), body="new one")
    assert "New replies" in client.get("/boards/depression/").content.decode()
    client.get(f"/threads/{thread.pk}/")
    assert "New replies" not in client.get("/boards/depression/").content.decode()


def test_going_back_to_an_earlier_page_does_not_unread_later_ones(
    client, make_thread, other_member, settings
):
    settings.FORUM_POSTS_PER_PAGE = 2
    thread = make_thread(replies=3)
    client.force_login(other_member)
    client.get(f"/threads/{thread.pk}/?page=2")
    seen = ThreadVisit.objects.get().last_seen
    client.get(f"/threads/{thread.pk}/?page=1")
    assert ThreadVisit.objects.get().last_seen == seen


def test_threads_never_opened_are_not_marked(client, make_thread, other_member):
    make_thread(replies=2)
    client.force_login(other_member)
    assert "New replies" not in client.get("/").content.decode()


def test_a_held_reply_is_not_unread(client, thread, other_member, make_member):
    client.force_login(other_member)
    client.get(f"/threads/{thread.pk}/")
    Post.objects.create(
        thread=thread, author=make_member(), body="held", html="<p>held</p>", state="held",
        created=timezone.now() + timedelta(seconds=1),
    )  # fmt: skip
    assert "New replies" not in client.get("/boards/depression/").content.decode()


def test_marking_unread_costs_one_query_for_any_number_of_threads(
    make_thread, other_member, django_assert_num_queries
):
    from forum.models import Thread
    from forum.visits import mark_unread

    threads = [make_thread(title=f"t{n}") for n in range(5)]
    for thread in threads:
        ThreadVisit.objects.create(member=other_member, thread=thread, last_seen=timezone.now())
    listed = list(Thread.objects.filter(pk__in=[t.pk for t in threads]))
    with django_assert_num_queries(1):
        mark_unread(listed, other_member)
