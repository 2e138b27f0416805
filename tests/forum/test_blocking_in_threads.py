"""A member's block list collapses the blocked member's posts, for them only."""

import pytest

from accounts.models import Block
from forum import services

pytestmark = pytest.mark.django_db


def test_posts_by_a_blocked_member_are_collapsed_for_the_blocker_only(
    client, member, other_member, make_member, thread
):
    services.create_post(thread=thread, author=other_member, body="words from someone blocked")
    Block.objects.create(blocker=member, blocked=other_member)
    client.force_login(member)
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert '<details class="blocked-post">' in html
    assert "You blocked this member." in html
    client.force_login(make_member("Bystander"))
    assert "You blocked this member." not in client.get(f"/threads/{thread.pk}/").content.decode()


def test_anonymous_posts_are_never_collapsed_because_that_would_reveal_the_author(
    client, member, other_member, thread
):
    services.create_post(thread=thread, author=other_member, body="anon words", anonymous=True)
    Block.objects.create(blocker=member, blocked=other_member)
    client.force_login(member)
    assert "You blocked this member." not in client.get(f"/threads/{thread.pk}/").content.decode()


def test_catching_up_brings_a_blocked_members_post_to_the_blocker_collapsed_never_in_full(
    client, member, other_member, make_member, thread
):
    Block.objects.create(blocker=member, blocked=other_member)
    reply = services.create_post(
        thread=thread, author=other_member, body="words from someone blocked"
    ).post
    client.force_login(member)
    response = client.get(f"/threads/{thread.pk}/events/?since=0")
    assert "words from someone blocked" not in response.content.decode()
    (event,) = response.json()["events"]
    assert (event["type"], event["post"], event["seq"]) == ("post.created", reply.pk, 1)
    assert f'id="post-{reply.pk}"' in event["html"]
    assert '<details class="blocked-post">' in event["html"]
    assert "You blocked this member." in event["html"]
    client.force_login(make_member("Bystander"))
    bystanders = client.get(f"/threads/{thread.pk}/events/?since=0").json()["events"]
    assert "words from someone blocked" in bystanders[0]["html"]


def test_catching_up_on_a_blocked_members_edit_still_brings_it_collapsed(
    client, member, other_member, thread
):
    reply = services.create_post(thread=thread, author=other_member, body="first words").post
    services.edit_post(post=reply, editor=other_member, body="second words")
    Block.objects.create(blocker=member, blocked=other_member)
    client.force_login(member)
    response = client.get(f"/threads/{thread.pk}/events/?since=0")
    assert "first words" not in response.content.decode()
    assert "second words" not in response.content.decode()
    assert [e["type"] for e in response.json()["events"]] == ["post.created", "post.edited"]


def test_catching_up_brings_an_anonymous_post_in_full_because_collapsing_would_name_its_author(
    client, member, other_member, thread
):
    services.create_post(thread=thread, author=other_member, body="anon words", anonymous=True)
    Block.objects.create(blocker=member, blocked=other_member)
    client.force_login(member)
    (event,) = client.get(f"/threads/{thread.pk}/events/?since=0").json()["events"]
    assert "anon words" in event["html"] and "You blocked this member." not in event["html"]
