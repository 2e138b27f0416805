"""Claims and versions: two moderators on one item; one wins, the other is told, nothing is
silently overwritten."""

import pytest
from django.utils import timezone

from forum.models import Post, Visibility
from moderation import actions
from moderation.models import AuditAction, AuditEntry, QueueItem
from tests.moderation.conftest import act, version_of

pytestmark = pytest.mark.django_db


def test_a_claim_shows_others_who_holds_the_item_and_until_when(
    client, held_reply, moderator, second_moderator, settings
):
    settings.MODERATION_CLAIM_MINUTES = 15
    client.force_login(moderator)
    assert act(client, "claim", held_reply).status_code == 303
    item = QueueItem.objects.get(post=held_reply)
    assert item.claimed_by == moderator
    minutes = (item.claimed_until - timezone.now()).total_seconds() / 60
    assert 14 < minutes <= 15
    assert AuditEntry.objects.filter(action=AuditAction.ITEM_CLAIMED, actor_id=moderator.pk)

    client.force_login(second_moderator)
    queue = client.get("/moderation/").content.decode()
    assert f"Claimed by <strong>{moderator.pseudonym}</strong>" in queue
    assert f'/moderation/posts/{held_reply.pk}/claim/"' not in queue


def test_two_moderators_approve_and_hide_from_the_same_page_and_only_the_first_wins(
    client, held_reply, moderator, second_moderator
):
    seen = version_of(held_reply)  # both opened the item at this version
    client.force_login(moderator)
    assert act(client, "approve", held_reply, version=seen).status_code == 303

    client.force_login(second_moderator)
    response = act(client, "hide", held_reply, version=seen)

    assert response.status_code == 409
    html = response.content.decode()
    assert "This item changed after you opened it" in html
    assert f"{moderator.pseudonym} approved it." in html
    assert Post.objects.get(pk=held_reply.pk).state == Visibility.PUBLISHED
    assert not AuditEntry.objects.filter(action=AuditAction.POST_HIDDEN).exists()
    assert f'name="version" value="{version_of(held_reply)}"' in html  # the fresh version


def test_a_second_claim_from_a_stale_page_is_refused_and_explained(
    client, held_reply, moderator, second_moderator
):
    seen = version_of(held_reply)
    client.force_login(moderator)
    act(client, "claim", held_reply, version=seen)
    client.force_login(second_moderator)
    response = act(client, "claim", held_reply, version=seen)
    assert response.status_code == 409
    assert f"{moderator.pseudonym} claimed it." in response.content.decode()
    assert QueueItem.objects.get(post=held_reply).claimed_by == moderator


def test_an_item_someone_else_holds_refuses_other_moderators_actions(
    client, held_reply, moderator, second_moderator
):
    client.force_login(moderator)
    act(client, "claim", held_reply)
    client.force_login(second_moderator)
    response = act(client, "approve", held_reply)  # with the current version
    assert response.status_code == 409
    assert f"{moderator.pseudonym} is handling this item" in response.content.decode()
    assert Post.objects.get(pk=held_reply.pk).state == Visibility.HELD


def test_a_claim_runs_out_and_then_someone_else_may_act(
    client, held_reply, moderator, second_moderator
):
    client.force_login(moderator)
    act(client, "claim", held_reply)
    QueueItem.objects.filter(post=held_reply).update(
        claimed_until=timezone.now() - timezone.timedelta(seconds=1)
    )
    client.force_login(second_moderator)
    assert act(client, "claim", held_reply).status_code == 303
    assert QueueItem.objects.get(post=held_reply).claimed_by == second_moderator


def test_letting_an_item_go_frees_it_for_others(client, held_reply, moderator, second_moderator):
    client.force_login(moderator)
    act(client, "claim", held_reply)
    act(client, "release", held_reply)
    assert QueueItem.objects.get(post=held_reply).claimed_by is None
    client.force_login(second_moderator)
    assert act(client, "approve", held_reply).status_code == 303


def test_a_new_report_while_a_moderator_decides_makes_their_action_wait_for_a_look(
    client, reply, moderator, make_member
):
    from moderation.reports import report_post

    report_post(post=reply, reporter=make_member("FirstReader"), reason="spam")
    seen = version_of(reply)
    report_post(post=reply, reporter=make_member("SecondReader"), reason="at_risk")
    client.force_login(moderator)
    response = act(client, "keep", reply, version=seen)
    assert response.status_code == 409
    assert "someone may be at risk" in response.content.decode()


def test_the_services_refuse_a_stale_version_too(held_reply, moderator, second_moderator):
    seen = version_of(held_reply)
    actions.claim_item(moderator=moderator, post=held_reply, version=seen)
    with pytest.raises(actions.ItemChanged):
        actions.approve_post(moderator=second_moderator, post=held_reply, version=seen)
    with pytest.raises(actions.ItemClaimed):
        actions.approve_post(
            moderator=second_moderator, post=held_reply, version=version_of(held_reply)
        )


def test_acting_keeps_the_moderators_claim_and_resolving_ends_it(client, reply, moderator):
    from tests.moderation.conftest import flagged

    flagged(reply, "high")
    client.force_login(moderator)
    act(client, "warn", reply, warning_category="self_harm")
    assert QueueItem.objects.get(post=reply).claimed_by == moderator
    act(client, "keep", reply)
    item = QueueItem.objects.get(post=reply)
    assert item.claimed_by is None and item.is_resolved
