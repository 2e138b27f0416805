"""Moderators' decisions on held and reported room messages: releasing one shows it to the room
(live and on the page) and the author's view stops saying held; keeping one hidden takes it out
for good. Each decision is in the audit log with its moderator."""

import json
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from config.routing import websocket_urlpatterns
from groups.holds import release_message, report_message
from groups.models import MessageState, RoomMessage, RoomReview
from groups.room_services import post_room_message
from moderation.escalation import escalate_overdue
from moderation.models import AuditAction, AuditEntry
from notifications.models import Notification, NotificationKind
from tests.conftest import live_db
from tests.groups import room_helpers
from tests.groups.room_helpers import IMMINENT, place

facilitator = room_helpers.facilitator
live_session = room_helpers.live_session


def page_of(client, who, session):
    client.force_login(who)
    return client.get(f"/groups/{session.pk}/").content.decode()


@pytest.fixture
def held(live_session, member, other_member):
    place(live_session, member)
    place(live_session, other_member)
    message = post_room_message(session=live_session, author=member, body=IMMINENT).message
    assert message.state == MessageState.HELD
    return RoomReview.objects.get(message=message)


@pytest.mark.django_db
def test_releasing_a_held_message_shows_it_to_the_room_and_the_author_no_longer_sees_held(
    client, live_session, member, other_member, moderator, held
):
    client.force_login(moderator)
    response = client.post(f"/groups/reviews/{held.pk}/release/")
    assert response.status_code == 303
    message = RoomMessage.objects.get()
    assert message.state == MessageState.SHOWN
    assert "pills counted" in page_of(client, other_member, live_session)
    own = page_of(client, member, live_session)
    assert "pills counted" in own and 'data-state="held"' not in own
    entry = AuditEntry.objects.get(action=AuditAction.ROOM_MESSAGE_RELEASED)
    assert entry.actor_id == moderator.pk and entry.subject_member_id == member.pk
    assert entry.detail["review"] == held.pk
    held.refresh_from_db()
    assert held.resolved_by == moderator and held.resolved_at is not None


@pytest.mark.django_db
def test_keeping_a_held_message_hidden_keeps_it_from_everyone_and_is_audited(
    client, live_session, member, other_member, moderator, held
):
    client.force_login(moderator)
    assert client.post(f"/groups/reviews/{held.pk}/hide/").status_code == 303
    assert RoomMessage.objects.get().state == MessageState.REMOVED
    assert "pills counted" not in page_of(client, other_member, live_session)
    assert "pills counted" not in page_of(client, member, live_session)
    entry = AuditEntry.objects.get(action=AuditAction.ROOM_MESSAGE_HIDDEN)
    assert entry.actor_id == moderator.pk and entry.subject_member_id == member.pk


@pytest.mark.django_db
def test_keeping_a_reported_message_hidden_takes_it_out_of_the_room(
    client, live_session, member, other_member, moderator
):
    place(live_session, member)
    place(live_session, other_member)
    message = post_room_message(session=live_session, author=member, body="Unkind words").message
    review = report_message(message=message, reporter=other_member, reason="Unkind")
    client.force_login(moderator)
    client.post(f"/groups/reviews/{review.pk}/hide/")
    assert "Unkind words" not in page_of(client, other_member, live_session)
    assert AuditEntry.objects.filter(
        action=AuditAction.ROOM_MESSAGE_HIDDEN, actor_id=moderator.pk
    ).exists()


@live_db
@pytest.mark.asyncio
async def test_a_released_message_is_broadcast_to_the_room(
    room_sockets, live_session, member, other_member, moderator
):
    await sync_to_async(place)(live_session, member)
    await sync_to_async(place)(live_session, other_member)
    await sync_to_async(post_room_message, thread_sensitive=False)(
        session=live_session, author=member, body=IMMINENT
    )
    review = await sync_to_async(RoomReview.objects.get)()
    listener = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/groups/{live_session.pk}/"
    )
    listener.scope["user"] = other_member
    assert (await listener.connect())[0]
    await sync_to_async(release_message, thread_sensitive=False)(review=review, moderator=moderator)
    frame = json.loads(await listener.receive_from(timeout=3))
    assert frame["type"] == "message.created" and "pills counted" in frame["html"]
    assert 'data-state="held"' not in frame["html"]
    await listener.disconnect()


@pytest.mark.django_db
def test_a_held_message_nobody_answers_in_time_is_escalated_once(held, moderator):
    late = held.due_at + timedelta(minutes=1)
    escalate_overdue(now=held.due_at - timedelta(seconds=1))
    assert not AuditEntry.objects.filter(action=AuditAction.ITEM_OVERDUE).exists()
    escalate_overdue(now=late)
    escalate_overdue(now=late + timedelta(minutes=5))  # a second sweep changes nothing
    entry = AuditEntry.objects.get(action=AuditAction.ITEM_OVERDUE)
    assert entry.detail == {"room_review": held.pk}
    alert = Notification.objects.get(recipient=moderator, kind=NotificationKind.ESCALATION)
    assert "held in a group session" in alert.text
    assert IMMINENT not in alert.text and IMMINENT not in entry.reason
    assert RoomReview.objects.get(pk=held.pk).overdue_at == late
