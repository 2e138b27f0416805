"""A member's room messages are theirs: the personal data export lists them, and deleting the
account removes them (and everything that hung on them)."""

import pytest

from accounts.personal_data import export_member_data, remaining_member_rows
from accounts.services import delete_account
from groups.holds import release_message
from groups.models import RoomEvent, RoomMessage, RoomReview
from groups.room_services import post_room_message
from tests.groups import room_helpers
from tests.groups.room_helpers import IMMINENT, place

facilitator = room_helpers.facilitator
live_session = room_helpers.live_session

pytestmark = pytest.mark.django_db


def test_the_export_lists_a_members_room_messages(live_session, member, other_member):
    place(live_session, member)
    place(live_session, other_member)
    post_room_message(session=live_session, author=member, body="My own words", anonymous=True)
    post_room_message(session=live_session, author=other_member, body="Someone else's words")
    exported = export_member_data(member)["records"]["groups.RoomMessage.author"]
    assert [row["body"] for row in exported] == ["My own words"]
    assert exported[0]["anonymous"] is True


def test_a_moderators_export_leaves_out_their_decisions_on_other_peoples_messages(
    live_session, member, moderator
):
    place(live_session, member)
    post_room_message(session=live_session, author=member, body=IMMINENT)
    release_message(review=RoomReview.objects.get(), moderator=moderator)
    assert "groups.RoomReview.resolved_by" not in export_member_data(moderator)["records"]


def test_deleting_the_account_removes_its_room_messages_and_their_events(
    live_session, member, other_member
):
    place(live_session, member)
    place(live_session, other_member)
    post_room_message(session=live_session, author=member, body=IMMINENT)
    post_room_message(session=live_session, author=member, body="Hello")
    kept = post_room_message(session=live_session, author=other_member, body="Still here")
    delete_account(member=member, erase_posts=True)
    assert list(RoomMessage.objects.values_list("body", flat=True)) == ["Still here"]
    assert not RoomReview.objects.exists()
    assert set(RoomEvent.objects.exclude(message=None).values_list("message", flat=True)) == {
        kept.message.pk
    }
    assert remaining_member_rows(member.pk) == {}
