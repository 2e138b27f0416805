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
