"""The "Peer supporter" mark: beside a named author and on the profile, never on an anonymous
post, at no extra query; the old box no longer shows flagged threads or brings nudges."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import services as forum_services
from forum.models import ReaderSettings, Thread
from notifications.models import Notification, NotificationKind
from notifications.services import nudge_supporters
from supporters import services

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("reader", ["visitor", "member"])
def test_the_mark_costs_a_thread_page_no_query(
    client, make_thread, supporter, other_member, reader
):
    thread = make_thread(author=other_member, replies=3, reply_author=supporter)
    if reader == "member":
        client.force_login(other_member)
    url = f"/threads/{thread.pk}/"
    client.get(url)
    services.revoke_supporter_role(member=supporter, via="test")
    client.get(url)  # the page is rendered (and cached) afresh after the change
    without_mark = queries(client, url)
    services.grant_supporter_role(member=supporter, via="test")
    client.get(url)
    page = client.get(url).content.decode()
    assert page.count("data-supporter-mark") == 3
    assert queries(client, url) == without_mark


def test_the_mark_never_appears_on_an_anonymous_post(client, make_thread, supporter):
    thread = make_thread(author=supporter, anonymous=True)
    forum_services.create_post(thread=thread, author=supporter, body="Me again", anonymous=True)
    page = client.get(f"/threads/{thread.pk}/").content.decode()
    assert "data-supporter-mark" not in page
    assert supporter.pseudonym not in page


def test_the_mark_shows_beside_a_named_thread_starter_in_lists(client, make_thread, supporter):
    make_thread(author=supporter, title="Named by a supporter")
    page = client.get("/waiting/").content.decode()
    assert "data-supporter-mark" in page


def test_the_profile_shows_the_mark_while_active_and_hides_it_while_paused(client, supporter):
    url = f"/accounts/members/{supporter.pseudonym}/"
    assert "data-supporter-mark" in client.get(url).content.decode()
    services.pause_supporter(member=supporter, actor=supporter)
    assert "data-supporter-mark" not in client.get(url).content.decode()


def flag(thread):
    from moderation.models import Flag

    Flag.objects.create(post=thread.posts.get(), reason="scan", severity="high")


def test_the_flagged_for_care_mark_is_for_granted_supporters_and_moderators_only(
    client, make_thread, make_member, supporter, moderator, other_member
):
    thread = make_thread()
    flag(thread)
    ticked_the_old_box = make_member("OldBoxTicker")
    ReaderSettings.objects.create(member=ticked_the_old_box, peer_supporter=True)
    paused = make_member("PausedKite")
    services.grant_supporter_role(member=paused, via="test")
    services.pause_supporter(member=paused, actor=paused)
    for viewer, marked in (
        (supporter, True), (moderator, True), (other_member, False),
        (ticked_the_old_box, False), (paused, False),
    ):  # fmt: skip
        client.force_login(viewer)
        page = client.get("/waiting/").content.decode()
        assert ("data-needs-care" in page) is marked, viewer


def test_nudges_reach_only_granted_supporters_who_asked(make_thread, make_member, supporter):
    thread = make_thread()
    Thread.objects.filter(pk=thread.pk).update(created=timezone.now() - timedelta(hours=1))
    ReaderSettings.objects.create(member=supporter, peer_supporter=True)
    box_only = make_member("BoxOnly")
    ReaderSettings.objects.create(member=box_only, peer_supporter=True)
    nudge_supporters()
    nudged = set(
        Notification.objects.filter(kind=NotificationKind.NUDGE).values_list("recipient", flat=True)
    )
    assert nudged == {supporter.pk}


def test_the_nudge_box_is_shown_and_saved_only_for_supporters(client, member, supporter):
    client.force_login(member)
    assert 'name="peer_supporter"' not in client.get("/notifications/settings/").content.decode()
    client.force_login(supporter)
    assert 'name="peer_supporter"' in client.get("/notifications/settings/").content.decode()
    client.post("/notifications/settings/", {"peer_supporter": "on", "notify_replies": "on"})
    assert ReaderSettings.objects.get(member=supporter).peer_supporter


def test_the_export_holds_the_application_and_training_and_deletion_takes_them(
    member, waiting_application
):
    from accounts.personal_data import export_member_data, remaining_member_rows
    from accounts.services import delete_account

    records = export_member_data(member)["records"]
    assert len(records["supporters.Application.member"]) == 1
    assert len(records["supporters.TrainingPass.member"]) == 4
    assert "supporters.Application.decided_by" not in records
    member_id = member.pk
    delete_account(member=member, erase_posts=True)
    assert remaining_member_rows(member_id) == {}
