"""A reader's own filters: muted words and boards, warnings kept closed or opened, live too."""

import json

import pytest
from asgiref.sync import sync_to_async

from forum import services
from forum.models import Board, ReaderSettings
from tests.conftest import live_db
from tests.forum.test_live import in_thread, listen, next_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def muting_member(member):
    ReaderSettings.objects.create(member=member, muted_words="relapse\nGAMBLING")
    return member


def test_muted_words_hide_threads_for_that_member_only(
    client, make_thread, muting_member, other_member
):
    make_thread(author=other_member, title="My relapse story")
    make_thread(author=other_member, title="Quiet day", body="Thinking about gambling again")
    make_thread(author=other_member, title="Gardening")
    client.force_login(muting_member)
    for url in ("/", "/boards/depression/", "/waiting/"):
        html = client.get(url).content.decode()
        assert "Gardening" in html, url
        assert "My relapse story" not in html and "Quiet day" not in html, url
    client.force_login(other_member)
    for url in ("/", "/boards/depression/", "/waiting/"):
        html = client.get(url).content.decode()
        assert "My relapse story" in html and "Quiet day" in html, url
    client.logout()
    assert "My relapse story" in client.get("/").content.decode()


def test_muted_boards_leave_the_home_page_and_waiting_list_but_not_their_own_page(
    client, make_thread, member, other_member
):
    anxiety = Board.objects.get(slug="anxiety")
    ReaderSettings.objects.create(member=member).muted_boards.add(anxiety)
    make_thread(author=other_member, title="Panic at work", on_board=anxiety)
    client.force_login(member)
    assert "Panic at work" not in client.get("/").content.decode()
    assert "Panic at work" not in client.get("/waiting/").content.decode()
    own_page = client.get("/boards/anxiety/").content.decode()
    assert "Panic at work" in own_page and "You muted this board" in own_page


def test_a_reply_with_a_muted_word_stays_folded_on_the_thread_page(
    client, thread, muting_member, other_member
):
    reply = services.create_post(thread=thread, author=other_member, body="After my relapse").post
    client.force_login(muting_member)
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert f'id="post-{reply.pk}"' in html
    assert '<details class="muted-post">' in html and "contains a word you muted" in html


def _warned(thread, author, category):
    return services.create_post(
        thread=thread, author=author, body=f"about {category}", warning_category=category
    ).post


def test_warnings_stay_closed_by_default(client, thread, other_member, member):
    _warned(thread, other_member, "abuse")
    client.force_login(member)
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert '<details class="content-warning" data-warning-category="abuse">' in html


def test_open_warnings_by_default_except_the_categories_kept_collapsed(
    client, thread, other_member, member
):
    ReaderSettings.objects.create(
        member=member, open_warnings=True, collapsed_categories=["self_harm"]
    )
    _warned(thread, other_member, "abuse")
    _warned(thread, other_member, "self_harm")
    client.force_login(member)
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert 'data-warning-category="abuse" open>' in html
    assert '<details class="content-warning" data-warning-category="self_harm">' in html
    client.force_login(other_member)
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert " open>" not in html


def test_the_filters_add_no_queries_per_post(client, make_thread, muting_member, other_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = make_thread(replies=3, reply_author=other_member)
    large = make_thread(replies=40, reply_author=other_member)
    client.force_login(muting_member)
    counts = []
    for thread in (small, large):
        client.get(f"/threads/{thread.pk}/")  # the first visit records it; compare the second
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/threads/{thread.pk}/")
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@live_db
async def test_the_live_feed_drops_the_words_of_a_muted_post_and_keeps_the_sequence(
    make_thread, member, other_member
):
    await sync_to_async(ReaderSettings.objects.create)(member=member, muted_words="relapse")
    thread = await sync_to_async(make_thread)(author=other_member)
    muting = await listen(thread.pk, user=member)
    other = await listen(thread.pk)
    await in_thread(services.create_post, thread=thread, author=other_member, body="A relapse.")
    await in_thread(services.create_post, thread=thread, author=other_member, body="Better now.")
    muted, fine = await next_event(muting), await next_event(muting)
    assert muted == {"type": "post.muted", "post": muted["post"], "seq": 1}
    assert fine["type"] == "post.created" and fine["seq"] == 2
    assert (await next_event(other))["type"] == "post.created"
    await muting.disconnect()
    await other.disconnect()


def test_catching_up_drops_the_words_of_a_muted_post_too(
    client, thread, muting_member, other_member
):
    services.create_post(thread=thread, author=other_member, body="gambling debts")
    client.force_login(muting_member)
    events = client.get(f"/threads/{thread.pk}/events/?since=0").json()["events"]
    assert events == [{"type": "post.muted", "post": events[0]["post"], "seq": 1}]
    assert "gambling" not in json.dumps(events)
    client.logout()
    assert "gambling" in json.dumps(client.get(f"/threads/{thread.pk}/events/?since=0").json())


def test_a_muted_word_in_the_authors_name_mutes_the_post_nowhere_as_on_the_page(
    client, thread, member, other_member
):
    ReaderSettings.objects.create(member=member, muted_words="braveotter\nsending strength")
    services.create_post(thread=thread, author=other_member, body="Better now.")
    client.force_login(member)
    (event,) = client.get(f"/threads/{thread.pk}/events/?since=0").json()["events"]
    assert event["type"] == "post.created" and "Better now." in event["html"]
    assert (
        '<details class="muted-post">' not in client.get(f"/threads/{thread.pk}/").content.decode()
    )
