"""Care counts: the moderators' dashboard counts the group sessions' crisis holds (open, and
decided by the moderator this week) through moderation.queue_sources; the facilitator's
/groups/mine/ counts crisis holds from their rooms that moderators have decided."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from groups.holds import crisis_counts, keep_hidden, release_message, report_message
from groups.models import RoomReview
from groups.room_services import post_room_message
from moderation import dashboard
from tests.groups.room_helpers import IMMINENT, live_session, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(make_member):
    return make_member("SteadyWillow", is_peer_supporter=True)


live_session = live_session  # the shared fixture, with this module's facilitator


@pytest.fixture
def two_holds(live_session, member):
    place(live_session, member)
    for _ in range(2):
        post_room_message(session=live_session, author=member, body=IMMINENT)
    return list(RoomReview.objects.order_by("pk"))


def test_the_dashboard_counts_open_crisis_holds_in_group_sessions(client, moderator, two_holds):
    page = dashboard.dashboard_for(moderator, now=timezone.now())
    assert page.external.open == 2 and page.handled_this_week == 0
    client.force_login(moderator)
    html = client.get("/moderation/dashboard/").content.decode()
    assert 'data-open="external"' in html and "<strong>2</strong> waiting" in html


def test_a_moderators_decisions_on_crisis_holds_count_as_handled_this_week(
    moderator, make_member, two_holds
):
    release_message(review=two_holds[0], moderator=moderator)
    page = dashboard.dashboard_for(moderator, now=timezone.now())
    assert page.external.open == 1 and page.external.handled == 1
    assert page.handled_this_week == 1
    colleague = make_member("CalmFinch")
    colleague.groups.add(Group.objects.get(name="Peer moderators"))
    assert dashboard.dashboard_for(colleague, now=timezone.now()).handled_this_week == 0


def test_reports_are_not_crisis_holds(live_session, member, other_member, moderator):
    place(live_session, member)
    place(live_session, other_member)
    message = post_room_message(session=live_session, author=member, body="Hi").message
    report_message(message=message, reporter=other_member, reason="Unkind")
    now = timezone.now()
    assert crisis_counts(moderator=moderator, boards=None, since=now, now=now).open == 0


def test_a_scoped_moderator_counts_only_sessions_on_their_boards(
    live_session, moderator, two_holds
):
    now = timezone.now()
    elsewhere = crisis_counts(moderator=moderator, boards=[], since=now, now=now)
    here = crisis_counts(moderator=moderator, boards=[live_session.board_id], since=now, now=now)
    assert elsewhere.open == 0 and here.open == 2


def test_the_facilitators_page_counts_decided_crisis_holds_in_their_rooms(
    client, facilitator, moderator, two_holds
):
    client.force_login(facilitator)
    assert "<strong>0</strong>" in client.get("/groups/mine/").content.decode()
    release_message(review=two_holds[0], moderator=moderator)
    keep_hidden(review=two_holds[1], moderator=moderator)
    assert "<strong>2</strong>" in client.get("/groups/mine/").content.decode()
