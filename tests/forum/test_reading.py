"""Newcomers read boards and threads without signing up; held and hidden posts stay unseen."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import Board, Post, Thread, Visibility

pytestmark = pytest.mark.django_db


def test_home_lists_every_board_by_name_linked_to_its_page(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for board in Board.objects.all():
        assert f'href="/boards/{board.slug}/">{board.name}</a>' in html
    assert 'href="/waiting/">Waiting for a reply</a>' in html


def test_every_page_header_has_signup_login_search_crisis_line_and_quick_exit(client):
    html = client.get("/").content.decode()
    assert 'href="/accounts/signup/">Sign up</a>' in html
    assert 'href="/accounts/login/">Log in</a>' in html
    assert '<form action="/search/" method="get"' in html
    assert 'name="q"' in html
    assert 'href="/resources/">In crisis? Call or text 988</a>' in html
    assert "data-quick-exit" in html and "Leave this site" in html


def assert_crisis_line_and_quick_exit(html: str, path: str) -> None:
    assert 'href="/resources/">In crisis? Call or text 988</a>' in html, path
    assert '<button type="button" class="quick-exit" id="quick-exit" data-quick-exit' in html, path
    assert "Leave this site" in html and 'src="/static/js/exit.js"' in html, path


def test_every_group_session_and_peer_support_page_has_the_crisis_line_and_quick_exit(
    client, member, moderator, make_member
):
    """Issue 20's pages, as each person who may open them sees them: the room too, and the
    forms re-rendered after a mistake."""
    from datetime import timedelta

    from django.utils import timezone

    from groups.models import GroupSession, Participant, ParticipantState
    from supporters.services import grant_supporter_role, submit_application

    helper = make_member("SteadyWren5")
    grant_supporter_role(member=helper, via="test")
    session = GroupSession.objects.create(
        facilitator=helper, board=Board.objects.first(), title="Tuesday evening circle",
        description="A gentle hour.", ground_rules="- Be kind.",
        starts_at=timezone.now() - timedelta(minutes=5), duration_minutes=60,
    )  # fmt: skip
    Participant.objects.create(session=session, member=member, state=ParticipantState.JOINED)
    applicant = make_member("HopefulFinch8")
    application = submit_application(member=applicant, why="I want to give back.").application
    room = f"/groups/{session.pk}/"
    pages = {
        None: ["/groups/", room],
        member: ["/groups/", room, "/peer-support/apply/", "/peer-support/training/",
                 "/peer-support/training/listening/", "/peer-support/training/at-risk/",
                 "/peer-support/training/boundaries/", "/peer-support/training/self-care/"],
        helper: ["/groups/new/", "/groups/mine/", f"{room}debrief/", room, "/peer-support/me/"],
        moderator: ["/peer-support/applications/", f"/peer-support/applications/{application.pk}/",
                    "/peer-support/supporters/", "/groups/mine/", room],
    }  # fmt: skip
    for who, paths in pages.items():
        if who:
            client.force_login(who)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            assert_crisis_line_and_quick_exit(response.content.decode(), path)
    client.force_login(helper)
    refused = client.post("/groups/new/", {"title": "Half typed"})
    assert refused.status_code == 400
    assert_crisis_line_and_quick_exit(refused.content.decode(), "/groups/new/ (400)")
    client.force_login(member)
    refused = client.post(room, {"body": ""})
    assert refused.status_code == 400
    assert_crisis_line_and_quick_exit(refused.content.decode(), f"{room} (400)")


def test_quick_exit_button_is_a_real_button_with_its_script_and_neutral_target(client):
    html = client.get("/").content.decode()
    assert '<button type="button" class="quick-exit" id="quick-exit" data-quick-exit' in html
    assert 'src="/static/js/exit.js"' in html
    assert 'data-exit-url="https://' in html


def test_quick_exit_script_replaces_history_and_listens_for_escape_twice():
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "static/js/exit.js").read_text()
    assert "location.replace" in script
    assert '"Escape"' in script


def test_visitor_reads_a_board_and_a_thread_without_signing_up(client, thread):
    board_page = client.get(f"/boards/{thread.board.slug}/")
    assert board_page.status_code == 200
    assert thread.title in board_page.content.decode()
    thread_page = client.get(f"/threads/{thread.pk}/")
    assert thread_page.status_code == 200
    assert "Some days are heavy." in thread_page.content.decode()
    assert 'name="body"' not in thread_page.content.decode()


def test_thread_page_marks_each_post_with_its_id(client, make_thread):
    thread = make_thread(replies=2)
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    for post in thread.posts.all():
        assert f'id="post-{post.pk}"' in html


def test_thread_and_member_pages_ask_search_engines_not_to_index(client, thread):
    response = client.get(f"/threads/{thread.pk}/")
    assert response["X-Robots-Tag"] == "noindex"


def test_held_posts_are_invisible_to_readers_but_shown_to_their_author(client, thread, member):
    held = Post.objects.create(
        thread=thread,
        author=member,
        body="held words",
        html="<p>held words</p>",
        state=Visibility.HELD,
    )
    assert "held words" not in client.get(f"/threads/{thread.pk}/").content.decode()
    client.force_login(member)
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert f'id="post-{held.pk}"' in html
    assert 'data-state="held"' in html


def test_hidden_posts_are_invisible_to_everyone_but_moderators(
    client, thread, other_member, moderator
):
    hidden = Post.objects.create(
        thread=thread,
        author=other_member,
        body="hidden words",
        html="<p>hidden words</p>",
        state=Visibility.HIDDEN,
    )
    client.force_login(other_member)
    assert "hidden words" not in client.get(f"/threads/{thread.pk}/").content.decode()
    client.force_login(moderator)
    assert f'id="post-{hidden.pk}"' in client.get(f"/threads/{thread.pk}/").content.decode()


def test_a_held_thread_is_not_found_by_visitors_and_absent_from_lists(client, thread):
    Thread.objects.filter(pk=thread.pk).update(state=Visibility.HELD)
    assert client.get(f"/threads/{thread.pk}/").status_code == 404
    assert thread.title not in client.get(f"/boards/{thread.board.slug}/").content.decode()
    assert thread.title not in client.get("/").content.decode()


def test_thread_pages_split_long_threads(client, make_thread, settings):
    settings.FORUM_POSTS_PER_PAGE = 3
    thread = make_thread(replies=6)
    first = client.get(f"/threads/{thread.pk}/").content.decode()
    assert "Page 1 of 3" in first and "?page=2" in first
    third = client.get(f"/threads/{thread.pk}/?page=3").content.decode()
    assert "Reply number 6" in third and "Reply number 1:" not in third


def test_board_pages_show_pinned_threads_first(client, make_thread, settings):
    settings.FORUM_THREADS_PER_PAGE = 2
    first = make_thread(title="Pinned welcome")
    Thread.objects.filter(pk=first.pk).update(pinned=True)
    for n in range(3):
        make_thread(title=f"Newer thread {n}")
    html = client.get(f"/boards/{first.board.slug}/").content.decode()
    assert html.index("Pinned welcome") < html.index("Newer thread 2")
    assert "Page 1 of 2" in html


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_thread_page_queries_do_not_grow_with_posts(client, make_thread, make_member, settings):
    settings.FORUM_POSTS_PER_PAGE = 200
    repliers = [make_member() for _ in range(5)]
    small = make_thread(replies=0)
    large = make_thread(replies=0)
    for n in range(5):
        services.create_post(thread=small, author=repliers[n % 5], body=f"small {n}")
    for n in range(100):
        services.create_post(thread=large, author=repliers[n % 5], body=f"large {n}")
    assert _count_queries(client, f"/threads/{small.pk}/") == _count_queries(
        client, f"/threads/{large.pk}/"
    )


def test_thread_page_queries_for_a_member_do_not_grow_with_posts(
    client, make_thread, member, other_member, settings
):
    settings.FORUM_POSTS_PER_PAGE = 200
    small = make_thread(replies=5, reply_author=other_member)
    large = make_thread(replies=100, reply_author=other_member)
    client.force_login(member)
    assert _count_queries(client, f"/threads/{small.pk}/") == _count_queries(
        client, f"/threads/{large.pk}/"
    )


def test_board_page_queries_do_not_grow_with_threads(client, make_member, settings):
    settings.FORUM_THREADS_PER_PAGE = 200
    authors = [make_member() for _ in range(5)]
    small, large = Board.objects.all()[:2]
    for n in range(5):
        services.create_thread(board=small, author=authors[n], title=f"t{n}", body="hello")
    for n in range(100):
        services.create_thread(board=large, author=authors[n % 5], title=f"t{n}", body="hello")
    assert _count_queries(client, f"/boards/{small.slug}/") == _count_queries(
        client, f"/boards/{large.slug}/"
    )


def test_home_page_queries_do_not_grow_with_threads(client, make_thread, other_member):
    client.force_login(other_member)  # members' lists are rendered every time
    make_thread()
    before = _count_queries(client, "/")
    for _ in range(20):
        make_thread()
    assert _count_queries(client, "/") == before


def test_visitors_lists_come_from_the_cache_until_a_thread_changes(client, make_thread, member):
    from forum import services

    thread = make_thread(title="The first conversation")
    assert _count_queries(client, "/") > 2
    assert _count_queries(client, "/") == 2  # the lists' version; the lists come from the cache
    make_thread(title="A brand new conversation")
    assert "A brand new conversation" in client.get("/").content.decode()
    services.create_post(thread=thread, author=member, body="Replying to myself, still here.")
    client.get("/")
    assert _count_queries(client, "/") == 2


def test_visitors_board_lists_come_from_the_cache_until_a_thread_changes(
    client, make_thread, board
):
    from forum import services

    thread = make_thread(title="Still here")
    url = reverse("forum:board", args=[board.slug])
    _count_queries(client, url)
    assert _count_queries(client, url) == 3  # the board and the lists' version
    services.hide_thread(thread=thread)
    assert "Still here" not in client.get(url).content.decode()


def test_odd_page_numbers_are_rendered_not_cached(client, make_thread, board):
    make_thread()
    url = reverse("forum:board", args=[board.slug])
    for page in ("abc", "0", "999"):
        _count_queries(client, f"{url}?page={page}")
        assert _count_queries(client, f"{url}?page={page}") > 1


@pytest.mark.parametrize("page", ["guidelines", "privacy", "terms", "safety"])
def test_plain_pages_are_open_to_everyone(client, page):
    response = client.get(reverse(f"forum:{page}"))
    assert response.status_code == 200


def test_terms_state_the_minimum_age_and_that_the_forum_cannot_send_help(client, settings):
    settings.MINIMUM_AGE = 18
    html = client.get("/terms/").content.decode()
    assert "at least 18 years old" in html
    assert "cannot send help" in html and "911" in html


def test_privacy_page_says_no_raw_ip_is_kept_and_what_moderators_see(client):
    html = client.get("/privacy/").content.decode()
    assert "No raw IP addresses" in html
    assert "Peer moderators can still see which account wrote an anonymous post" in html
    assert "No private messages" in html


def test_the_posts_query_reads_the_authors_pseudonym_not_their_whole_row(make_thread, member):
    from forum.selectors import thread_posts

    thread = make_thread(replies=2)
    sql = str(thread_posts(thread, member).query)
    assert '"accounts_member"."pseudonym"' in sql
    assert "password" not in sql and '"accounts_member"."about"' not in sql
    with CaptureQueriesContext(connection) as captured:
        names = [post.author.pseudonym for post in thread_posts(thread, member)]
    assert names == ["QuietHeron42"] * 3 and len(captured.captured_queries) == 1
