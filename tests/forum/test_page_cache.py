"""Visitors' thread pages come from a cached posts block that no change can leave stale."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import services as accounts
from forum import events, page_cache, services
from forum.models import Post, ReactionKind, ThreadEvent

pytestmark = pytest.mark.django_db


def visitor_page(client, thread, query="") -> str:
    response = client.get(f"/threads/{thread.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def posts_of(html: str) -> str:
    return re.search(r'<div class="posts".*?<div class="live-status"', html, re.DOTALL).group(0)


def queries_for(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.fixture
def answered(make_thread, member, other_member):
    thread = make_thread(author=member)
    services.create_post(thread=thread, author=other_member, body="You are not alone in this.")
    thread.refresh_from_db()
    return thread


def test_a_second_visitor_gets_the_block_from_the_cache_without_reading_posts(client, answered):
    first = queries_for(client, f"/threads/{answered.pk}/")
    second = queries_for(client, f"/threads/{answered.pk}/")
    assert any("forum_post" in sql for sql in first)
    assert not any("forum_post" in sql for sql in second), second
    assert len(second) == 1  # the thread itself, for its state and event sequence
    assert visitor_page(client, answered) == visitor_page(client, answered)


def test_a_cached_hit_costs_the_same_queries_however_many_posts(
    client, make_thread, other_member, settings
):
    settings.FORUM_POSTS_PER_PAGE = 200
    small = make_thread(replies=2, reply_author=other_member)
    large = make_thread(replies=60, reply_author=other_member)
    for thread in (small, large):
        visitor_page(client, thread)  # fills the cache
    small_hit = queries_for(client, f"/threads/{small.pk}/")
    large_hit = queries_for(client, f"/threads/{large.pk}/")
    assert len(small_hit) == len(large_hit) == 1


def test_a_visitor_sees_a_new_reply_at_once(client, answered, other_member):
    assert "Thank you for writing back" not in visitor_page(client, answered)
    services.create_post(thread=answered, author=other_member, body="Thank you for writing back")
    assert "Thank you for writing back" in visitor_page(client, answered)


def test_a_visitor_sees_an_edit_at_once(client, answered, other_member):
    reply = Post.objects.get(thread=answered, is_opening=False)
    visitor_page(client, answered)
    services.edit_post(post=reply, editor=other_member, body="Edited: we are here with you.")
    html = visitor_page(client, answered)
    assert "Edited: we are here with you." in html
    assert "You are not alone in this." not in html


def test_a_hidden_post_leaves_visitors_pages_at_once(client, answered):
    reply = Post.objects.get(thread=answered, is_opening=False)
    assert f'id="post-{reply.pk}"' in visitor_page(client, answered)
    services.hide_post(post=reply)
    html = visitor_page(client, answered)
    assert f'id="post-{reply.pk}"' not in html
    assert "You are not alone in this." not in html


def test_a_deleted_post_shows_as_removed_to_visitors_at_once(client, answered, other_member):
    reply = Post.objects.get(thread=answered, is_opening=False)
    visitor_page(client, answered)
    services.delete_post(post=reply, member=other_member)
    html = visitor_page(client, answered)
    assert "You are not alone in this." not in html
    assert "This post was removed by the author." in html


def test_a_reaction_changes_visitors_counts_at_once(client, answered, member):
    reply = Post.objects.get(thread=answered, is_opening=False)
    visitor_page(client, answered)
    services.toggle_reaction(post=reply, member=member, kind=ReactionKind.choices[0][0])
    html = visitor_page(client, answered)
    assert re.search(rf'id="post-{reply.pk}".*?data-count>1</span>', html, re.DOTALL)


def test_a_deleted_members_name_is_gone_from_visitors_pages_at_once(client, answered, other_member):
    assert "BraveOtter7" in visitor_page(client, answered)
    accounts.delete_account(member=other_member, erase_posts=False)
    html = visitor_page(client, answered)
    assert "BraveOtter7" not in html
    assert "You are not alone in this." in html  # kept, as the member chose
    assert "Deleted member" in html
    assert ThreadEvent.objects.filter(thread=answered, type=events.AUTHORS_CHANGED).exists()


def test_a_deleted_members_reactions_leave_visitors_counts_at_once(
    client, make_thread, member, other_member
):
    thread = make_thread(author=member)  # the leaving member wrote nothing here
    opening = Post.objects.get(thread=thread, is_opening=True)
    services.toggle_reaction(post=opening, member=other_member, kind=ReactionKind.choices[0][0])
    assert "data-count>1</span>" in posts_of(visitor_page(client, thread))
    accounts.delete_account(member=other_member, erase_posts=True)
    assert "data-count>1</span>" not in posts_of(visitor_page(client, thread))


def test_a_renamed_member_shows_under_the_new_name_to_visitors_at_once(
    client, answered, other_member
):
    assert "BraveOtter7" in visitor_page(client, answered)
    accounts.change_pseudonym(member=other_member, new_pseudonym="SteadyWren5")
    html = visitor_page(client, answered)
    assert "SteadyWren5" in html
    assert "BraveOtter7" not in html


def test_an_anonymous_authors_rename_touches_no_thread(client, make_thread, other_member):
    thread = make_thread(author=other_member, anonymous=True)
    before = thread.event_seq
    accounts.change_pseudonym(member=other_member, new_pseudonym="SteadyWren5")
    thread.refresh_from_db()
    assert thread.event_seq == before


def test_visitors_reaction_buttons_lead_to_the_login_page_without_csrf(client, answered):
    reply = Post.objects.get(thread=answered, is_opening=False)
    response = client.get(f"/threads/{answered.pk}/")
    assert "csrftoken" not in response.cookies  # nothing on a visitor's page needs one
    block = posts_of(response.content.decode())
    assert "csrfmiddlewaretoken" not in block
    assert 'method="post"' not in block
    kinds = len(ReactionKind.choices)
    assert block.count('<form method="get" action="/accounts/login/" class="reaction-form">') == (
        2 * kinds
    )
    back = f"/threads/{answered.pk}/?post={reply.pk}#post-{reply.pk}"
    assert block.count(f'<input type="hidden" name="next" value="{back}">') == kinds
    assert block.count('class="reaction" data-kind=') == 2 * kinds  # same buttons as before


def test_a_reaction_button_brings_the_visitor_back_to_the_post_after_logging_in(
    client, answered, member
):
    reply = Post.objects.get(thread=answered, is_opening=False)
    back = f"/threads/{answered.pk}/?post={reply.pk}#post-{reply.pk}"
    form = client.get("/accounts/login/", {"next": back})  # what the button's GET form sends
    assert form.status_code == 200
    response = client.post(
        "/accounts/login/",
        {"username": "QuietHeron42", "password": "a calm long passphrase 7", "next": back},
    )
    assert response.status_code == 302
    assert response["Location"] == back
    page = client.get(response["Location"].split("#")[0])
    assert f'id="post-{reply.pk}"' in page.content.decode()


def test_members_never_get_the_visitors_block(client, answered, member):
    reply = Post.objects.get(thread=answered, is_opening=False)
    kind = ReactionKind.choices[0][0]
    services.toggle_reaction(post=reply, member=member, kind=kind)
    visitor_page(client, answered)  # the visitors' block is now cached
    client.force_login(member)
    block = posts_of(visitor_page(client, answered))
    assert "data-login" not in block and 'method="get"' not in block
    assert block.count('name="csrfmiddlewaretoken"') == 2 * len(ReactionKind.choices)
    assert 'class="reaction pressed"' in block
    assert ">Report</a>" in block  # and their own controls


def test_each_page_of_a_thread_is_cached_on_its_own(client, make_thread, other_member, settings):
    settings.FORUM_POSTS_PER_PAGE = 3
    thread = make_thread(replies=4, reply_author=other_member)
    first, second = visitor_page(client, thread), visitor_page(client, thread, "?page=2")
    assert "Reply number 1:" in first and "Reply number 1:" not in second
    assert "Reply number 4:" in second and "Page 2 of 2" in second
    assert visitor_page(client, thread, "?page=2") == second


def test_a_page_past_the_end_shows_the_last_page_and_is_not_kept(
    client, make_thread, other_member, settings
):
    settings.FORUM_POSTS_PER_PAGE = 3
    thread = make_thread(replies=4, reply_author=other_member)
    assert "Reply number 4:" in visitor_page(client, thread, "?page=99")
    assert page_cache.cache.get(page_cache.cache_key(thread, 99, 3)) is None
    assert page_cache.cache.get(page_cache.cache_key(thread, 2, 3)) is None
    visitor_page(client, thread, "?page=abc")  # the first page, not a key per odd string
    assert page_cache.cache.get(page_cache.cache_key(thread, 1, 3)) is None


def test_the_posts_per_page_setting_is_part_of_the_key(client, make_thread, other_member, settings):
    thread = make_thread(replies=4, reply_author=other_member)
    settings.FORUM_POSTS_PER_PAGE = 3
    assert "Reply number 4:" not in visitor_page(client, thread)
    settings.FORUM_POSTS_PER_PAGE = 50
    assert "Reply number 4:" in visitor_page(client, thread)


def test_the_live_script_gives_live_posts_the_visitors_login_buttons():
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "static/js/thread.js").read_text()
    assert 'container.getAttribute("data-login")' in script
    assert "if (loginUrl) toLogin(form" in script
    # and never intercepts them as reactions
    assert '!form.classList.contains("reaction-form") || form.method === "get"' in script
