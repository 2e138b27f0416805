"""Room messages are deleted for good GROUP_MESSAGE_RETENTION_DAYS after their session ends."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from groups.models import RoomEvent, RoomMessage
from groups.room_services import post_room_message
from tests.groups import room_helpers
from tests.groups.room_helpers import place

# The shared fixtures, used by name.
facilitator = room_helpers.facilitator
live_session = room_helpers.live_session

pytestmark = pytest.mark.django_db


def test_expired_messages_are_gone_after_the_purge_and_recent_ones_stay(
    live_session, member, capsys
):
    place(live_session, member)
    post_room_message(session=live_session, author=member, body="Said in the room")
    call_command("purge_group_messages")
    assert RoomMessage.objects.count() == 1
    live_session.starts_at = timezone.now() - timedelta(days=8)
    live_session.save()
    call_command("purge_group_messages")
    assert not RoomMessage.objects.exists() and not RoomEvent.objects.exists()
    call_command("purge_group_messages")
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "Deleted 1 group session message(s).",
        "Deleted 0 group session message(s).",
    ]


def test_a_session_with_a_review_still_open_keeps_its_messages_until_a_moderator_decides(
    live_session, member, other_member
):
    from groups.holds import report_message

    place(live_session, member)
    place(live_session, other_member)
    post_room_message(session=live_session, author=member, body="Something worrying")
    review = report_message(
        message=RoomMessage.objects.get(), reporter=other_member, reason="This worries me"
    )
    live_session.starts_at = timezone.now() - timedelta(days=8)
    live_session.save()
    call_command("purge_group_messages")
    assert RoomMessage.objects.count() == 1
    review.resolved_at = timezone.now()
    review.save()
    call_command("purge_group_messages")
    assert not RoomMessage.objects.exists()
