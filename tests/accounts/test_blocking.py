import re

import pytest
from django.urls import reverse

from accounts.models import Block
from accounts.personal_data import export_member_data
from accounts.selectors import blocked_member_ids, collapsed_for


def block(client, pseudonym):
    return client.post(reverse("accounts:block", args=[pseudonym]))


@pytest.mark.django_db
def test_a_member_blocks_another_from_their_profile(client, member, other_member):
    client.force_login(member)
    page = client.get(reverse("accounts:profile", args=["BrightOtter"])).content.decode()
    assert 'action="/accounts/members/BrightOtter/block/"' in page
    response = block(client, "BrightOtter")
    assert response["Location"] == "/accounts/members/BrightOtter/"
    assert blocked_member_ids(member) == {other_member.pk}
    page = client.get(response["Location"]).content.decode()
    assert 'action="/accounts/members/BrightOtter/unblock/"' in page


@pytest.mark.django_db
def test_blocking_twice_is_harmless(client, member, other_member):
    client.force_login(member)
    block(client, "BrightOtter")
    assert block(client, "BrightOtter").status_code == 302
    assert Block.objects.count() == 1


@pytest.mark.django_db
def test_blocked_members_are_listed_in_settings_and_can_be_unblocked(client, member, other_member):
    client.force_login(member)
    block(client, "BrightOtter")
    page = client.get(reverse("accounts:blocked")).content.decode()
    assert "BrightOtter" in page
    response = client.post(
        reverse("accounts:unblock", args=["BrightOtter"]), {"next": reverse("accounts:blocked")}
    )
    assert response["Location"] == reverse("accounts:blocked")
    assert blocked_member_ids(member) == set()


def without_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'name="csrf-token" content="[^"]+"', "", html)


@pytest.mark.django_db
def test_blocking_is_invisible_to_the_blocked_member(client, member, other_member):
    from django.test import Client

    blocked = Client()
    blocked.force_login(other_member)
    profile_url = reverse("accounts:profile", args=["QuietHeron"])
    before = without_tokens(blocked.get(profile_url).content.decode())
    settings_before = without_tokens(blocked.get(reverse("accounts:settings")).content.decode())

    client.force_login(member)
    block(client, "BrightOtter")

    assert without_tokens(blocked.get(profile_url).content.decode()) == before
    assert without_tokens(blocked.get(reverse("accounts:settings")).content.decode()) == (
        settings_before
    )
    assert "QuietHeron" not in str(export_member_data(other_member))


@pytest.mark.django_db
def test_nobody_can_block_themselves(client, member):
    client.force_login(member)
    assert block(client, "QuietHeron").status_code == 403
    assert not Block.objects.exists()


@pytest.mark.django_db
def test_blocked_member_ids_is_one_query(
    member, other_member, make_member, django_assert_num_queries
):
    for n in range(5):
        Block.objects.create(blocker=member, blocked=make_member(f"Someone{n}x"))
    with django_assert_num_queries(1):
        assert len(blocked_member_ids(member)) == 5


def test_visitors_have_blocked_nobody():
    from django.contrib.auth.models import AnonymousUser

    assert blocked_member_ids(AnonymousUser()) == set()


@pytest.mark.django_db
def test_an_anonymous_post_is_never_collapsed_as_that_would_unmask_its_author(
    member, other_member, make_thread, make_reply
):
    thread = make_thread(member)
    named = make_reply(thread, other_member)
    anonymous = make_reply(thread, other_member, anonymous=True)
    blocked = blocked_member_ids(member) | {other_member.pk}
    assert collapsed_for(named, blocked)
    assert not collapsed_for(anonymous, blocked)
