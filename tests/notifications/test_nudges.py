"""Peer supporters hear about threads that have waited too long, once, and answer flagged
ones with care."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Block
from forum.models import ReaderSettings, Thread
from moderation.models import Flag
from notifications.models import Notification, NotificationKind
from notifications.services import nudge_supporters
from notifications.wording import describe

pytestmark = pytest.mark.django_db


def granted(member):
    """A peer supporter: the role granted (the box alone makes nobody a supporter)."""
    from supporters.services import grant_supporter_role

    grant_supporter_role(member=member, via="test")
    return member


@pytest.fixture
def supporter(make_member):
    helper = granted(make_member("SteadyHeron"))
    ReaderSettings.objects.create(member=helper, peer_supporter=True)
    return helper


def age(thread, minutes):
    Thread.objects.filter(pk=thread.pk).update(created=timezone.now() - timedelta(minutes=minutes))


def nudges_for(member):
    return Notification.objects.filter(recipient=member, kind=NotificationKind.NUDGE)


def test_a_thread_waiting_past_the_delay_nudges_supporters_once(thread, supporter, member):
    age(thread, 31)
    assert nudge_supporters() == 1
    line = nudges_for(supporter).get()
    assert describe(line).text == f"“{thread.title}” has waited over 30 minutes for a first reply"
    assert describe(line).url == f"/threads/{thread.pk}/"
    assert nudge_supporters() == 0
    assert nudges_for(supporter).count() == 1
    assert not nudges_for(member).exists()  # not a supporter


def test_a_fresh_thread_does_not_nudge_yet(thread, supporter, settings):
    age(thread, 10)
    assert nudge_supporters() == 0
    settings.NUDGE_SUPPORTERS_AFTER_MINUTES = 5
    assert nudge_supporters() == 1


def test_several_waiting_threads_share_one_line_pointing_to_the_waiting_list(
    make_thread, supporter
):
    for n in range(3):
        age(make_thread(title=f"Alone {n}"), 45)
    nudge_supporters()
    line = nudges_for(supporter).get()
    assert describe(line).text == "3 threads are waiting for a first reply"
    assert describe(line).url == "/waiting/"


def test_supporters_on_a_break_who_blocked_or_muted_are_not_nudged(thread, make_member, member):
    resting, blocking, muting = (granted(make_member()) for _ in range(3))
    ReaderSettings.objects.create(
        member=resting, peer_supporter=True, break_until=timezone.now() + timedelta(hours=2)
    )
    ReaderSettings.objects.create(member=blocking, peer_supporter=True)
    Block.objects.create(blocker=blocking, blocked=member)
    muted = ReaderSettings.objects.create(member=muting, peer_supporter=True)
    muted.muted_boards.add(thread.board)
    age(thread, 60)
    nudge_supporters()
    assert not Notification.objects.filter(kind=NotificationKind.NUDGE).exists()


def test_the_management_command_nudges(thread, supporter):
    from io import StringIO

    age(thread, 60)
    out = StringIO()
    call_command("nudge_supporters", stdout=out)
    assert "1 waiting thread" in out.getvalue()
    assert nudges_for(supporter).count() == 1


def test_a_supporters_page_load_nudges_lazily(client, thread, supporter):
    cache.clear()
    age(thread, 60)
    client.force_login(supporter)
    client.get("/waiting/")
    assert nudges_for(supporter).count() == 1


def test_a_flagged_waiting_thread_is_marked_for_supporters_and_moderators_only(
    client, thread, supporter, other_member, moderator
):
    Flag.objects.create(post=thread.posts.get(), reason="scan", severity="high")
    for viewer, marked in ((supporter, True), (moderator, True), (other_member, False)):
        client.force_login(viewer)
        html = client.get("/waiting/").content.decode()
        assert ("Answer with care" in html) is marked, viewer
    client.logout()
    assert "Answer with care" not in client.get("/").content.decode()


def test_a_resolved_flag_no_longer_marks_the_thread(client, thread, supporter):
    Flag.objects.create(
        post=thread.posts.get(), reason="scan", severity="high", resolved=timezone.now()
    )
    client.force_login(supporter)
    assert "Answer with care" not in client.get("/waiting/").content.decode()
