"""Waiting for a reply: threads nobody but their author has answered, oldest first."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import selectors, services
from forum.models import Board, Post, Thread, Visibility

pytestmark = pytest.mark.django_db


def waiting_titles(board=None):
    return [t.title for t in selectors.waiting_threads(board)]


def test_a_thread_answered_only_by_its_author_still_counts_as_waiting(make_thread, member):
    make_thread(title="Talking to myself", replies=2, reply_author=member)
    assert waiting_titles() == ["Talking to myself"]


def test_a_reply_from_someone_else_ends_the_wait(make_thread, other_member):
    make_thread(title="Heard", replies=1, reply_author=other_member)
    assert waiting_titles() == []


def test_held_hidden_and_removed_replies_do_not_end_the_wait(make_thread, thread, other_member):
    for state in (Visibility.HELD, Visibility.HIDDEN, Visibility.DELETED):
        Post.objects.create(
            thread=thread, author=other_member, body="x", html="<p>x</p>", state=state
        )
    assert waiting_titles() == [thread.title]


def test_a_reply_from_a_deleted_account_ends_the_wait(thread, other_member):
    services.create_post(thread=thread, author=other_member, body="Here with you.")
    Post.objects.filter(author=other_member).update(author=None)
    assert waiting_titles() == []


def test_any_reply_ends_the_wait_once_the_starters_account_is_gone(thread, other_member):
    services.create_post(thread=thread, author=other_member, body="Here with you.")
    Thread.objects.filter(pk=thread.pk).update(author=None)
    Post.objects.filter(thread=thread, is_opening=True).update(author=None)
    assert waiting_titles() == []


def test_locked_held_and_hidden_threads_are_not_listed(make_thread):
    locked, held, hidden = (make_thread(title=t) for t in ("Locked", "Held", "Hidden"))
    Thread.objects.filter(pk=locked.pk).update(locked=True)
    Thread.objects.filter(pk=held.pk).update(state=Visibility.HELD)
    Thread.objects.filter(pk=hidden.pk).update(state=Visibility.HIDDEN)
    assert waiting_titles() == []


def test_the_longest_waiting_come_first_with_a_board_filter(client, make_thread):
    anxiety = Board.objects.get(slug="anxiety")
    newer = make_thread(title="Newer")
    older = make_thread(title="Older", on_board=anxiety)
    Thread.objects.filter(pk=older.pk).update(created=timezone.now() - timedelta(hours=3))
    html = client.get("/waiting/").content.decode()
    assert html.index("Older") < html.index("Newer")
    filtered = client.get("/waiting/?board=anxiety").content.decode()
    assert "Older" in filtered and ">Newer<" not in filtered
    assert client.get("/waiting/?board=no-such-board").status_code == 404
    assert newer.pk


def test_the_waiting_list_is_paginated_keeping_the_board_filter(client, make_thread, settings):
    settings.FORUM_THREADS_PER_PAGE = 2
    for n in range(3):
        make_thread(title=f"Alone {n}")
    html = client.get("/waiting/?board=depression").content.decode()
    assert "?board=depression&amp;page=2" in html


def test_the_home_page_has_a_waiting_section(client, make_thread):
    make_thread(title="Nobody answered yet")
    html = client.get("/").content.decode()
    assert 'href="/waiting/">Waiting for a reply</a>' in html
    assert "Nobody answered yet" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _make_waiting(n, board, authors):
    threads = Thread.objects.bulk_create(
        Thread(board=board, title=f"waiting {i}", author=authors[i % len(authors)])
        for i in range(n)
    )
    Post.objects.bulk_create(
        Post(thread=t, author=t.author, body="alone", html="<p>alone</p>", is_opening=True)
        for t in threads
    )


@pytest.mark.parametrize("viewer", ["visitor", "member", "supporter"])
def test_the_waiting_page_runs_the_same_queries_for_5_and_100_threads(
    client, make_member, settings, viewer
):
    from forum.models import ReaderSettings

    settings.FORUM_THREADS_PER_PAGE = 200
    authors = [make_member() for _ in range(5)]
    small, large = Board.objects.all()[:2]
    if viewer != "visitor":
        reader = make_member()
        if viewer == "supporter":
            from supporters.services import grant_supporter_role

            grant_supporter_role(member=reader, via="test")
        ReaderSettings.objects.create(
            member=reader, peer_supporter=viewer == "supporter", muted_words="gloom"
        )
        client.force_login(reader)
    _make_waiting(5, small, authors)
    _make_waiting(100, large, authors)
    client.get("/waiting/")  # a supporter's first page load may sweep for nudges (once a minute)
    assert _queries(client, f"/waiting/?board={small.slug}") == _queries(
        client, f"/waiting/?board={large.slug}"
    )


def test_moderators_see_time_to_first_reply_on_the_home_page(
    client, make_thread, other_member, moderator, member
):
    now = timezone.now()
    for minutes in (10, 20, 30, 40, 50, 60, 70, 80, 90, 600):
        thread = make_thread()
        Thread.objects.filter(pk=thread.pk).update(created=now - timedelta(hours=12))
        reply = services.create_post(thread=thread, author=other_member, body="Here.").post
        Post.objects.filter(pk=reply.pk).update(
            created=now - timedelta(hours=12) + timedelta(minutes=minutes)
        )
    make_thread(title="still alone")
    week, month = selectors.reply_times(now=now)
    assert (week.days, week.measured, week.pending) == (7, 10, 1)
    assert week.median == timedelta(minutes=50) and week.p90 == timedelta(minutes=90)
    assert month.days == 30
    client.force_login(moderator)
    html = client.get("/").content.decode()
    assert "data-reply-times" in html and "50 min" in html and "1 h 30 min" in html
    client.force_login(member)
    assert "data-reply-times" not in client.get("/").content.decode()


def test_reply_times_ignore_the_starters_own_replies(make_thread, member):
    make_thread(replies=2, reply_author=member)
    (week, _) = selectors.reply_times()
    assert (week.measured, week.pending, week.median) == (0, 1, None)
