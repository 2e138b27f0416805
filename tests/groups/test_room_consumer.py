"""Room sockets: only readers listen; a held message never reaches the room; the facilitator is
alerted without its text; removal and ending close the sockets."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from config.routing import websocket_urlpatterns
from core.live import CloseCode
from groups import facilitation, services
from groups.room_events import HELD_ALERT_TEXT
from groups.room_services import post_room_message
from tests.conftest import live_db
from tests.groups import room_helpers
from tests.groups.room_helpers import IMMINENT, place

# The shared fixtures, used by name.
facilitator = room_helpers.facilitator
live_session = room_helpers.live_session

pytestmark = [live_db]


async def connect(session, user):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/groups/{session.pk}/"
    )
    communicator.scope["user"] = user
    connected, code = await communicator.connect()
    return communicator, connected, code


def in_thread(func, **kwargs):
    return sync_to_async(func, thread_sensitive=False)(**kwargs)


@pytest.mark.asyncio
async def test_someone_not_in_the_session_is_refused(room_sockets, live_session, make_member):
    stranger = await sync_to_async(make_member)()
    _, connected, code = await connect(live_session, stranger)
    assert not connected and code == CloseCode.FORBIDDEN


@pytest.mark.asyncio
@pytest.mark.parametrize("who", ["visitor", "waiting", "removed", "moderator not in it"])
async def test_nobody_outside_the_room_may_listen(
    room_sockets, live_session, make_member, moderator, who
):
    from django.contrib.auth.models import AnonymousUser

    if who == "visitor":
        listener = AnonymousUser()
    elif who == "moderator not in it":
        listener = moderator
    else:
        listener = await sync_to_async(make_member)()
        await sync_to_async(place)(live_session, listener, state=who)
    _, connected, code = await connect(live_session, listener)
    assert not connected and code == CloseCode.FORBIDDEN


@pytest.mark.asyncio
async def test_a_crisis_message_reaches_its_author_and_an_alert_the_facilitator_only(
    room_sockets, live_session, member, other_member, facilitator
):
    await sync_to_async(place)(live_session, member)
    await sync_to_async(place)(live_session, other_member)
    author, *_ = await connect(live_session, member)
    listener, *_ = await connect(live_session, other_member)
    lead, *_ = await connect(live_session, facilitator)
    await in_thread(post_room_message, session=live_session, author=member, body=IMMINENT)
    held = json.loads(await author.receive_from(timeout=3))
    assert held["type"] == "message.held" and 'data-state="held"' in held["html"]
    alert = json.loads(await lead.receive_from(timeout=3))
    assert alert["text"] == HELD_ALERT_TEXT and "pills" not in json.dumps(alert)
    assert await listener.receive_nothing(timeout=0.5)
    await in_thread(post_room_message, session=live_session, author=member, body="Thank you all")
    shown = json.loads(await listener.receive_from(timeout=3))
    assert shown["type"] == "message.created" and "Thank you all" in shown["html"]
    for communicator in (author, listener, lead):
        await communicator.disconnect()


@pytest.mark.asyncio
async def test_removal_closes_the_removed_members_socket_at_once(
    room_sockets, live_session, member, facilitator
):
    participant = await sync_to_async(place)(live_session, member)
    communicator, *_ = await connect(live_session, member)
    await in_thread(
        facilitation.remove_participant,
        session=live_session,
        actor=facilitator,
        participant_id=participant.pk,
    )
    while True:
        output = await communicator.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            break
    assert output["code"] == CloseCode.FORBIDDEN
    _, connected, code = await connect(live_session, member)
    assert not connected and code == CloseCode.FORBIDDEN


@pytest.mark.asyncio
async def test_ending_the_session_closes_every_socket_of_the_room(
    room_sockets, live_session, member, facilitator
):
    await sync_to_async(place)(live_session, member)
    communicator, *_ = await connect(live_session, member)
    await in_thread(facilitation.end_session, session=live_session, actor=facilitator)
    ended = json.loads(await communicator.receive_from(timeout=3))
    assert ended["type"] == "room.ended"
    output = await communicator.receive_output(timeout=3)
    assert output["type"] == "websocket.close" and output["code"] == CloseCode.NOT_FOUND


@pytest.mark.asyncio
async def test_a_member_who_leaves_stops_hearing_the_room_at_once_but_reads_back_until_then(
    room_sockets, live_session, member, other_member, client
):
    await sync_to_async(place)(live_session, member)
    await sync_to_async(place)(live_session, other_member)
    await in_thread(
        post_room_message, session=live_session, author=other_member, body="Said while here"
    )
    communicator, *_ = await connect(live_session, member)
    await in_thread(services.leave_session, session=live_session, member=member)
    output = await communicator.receive_output(timeout=3)
    assert output["type"] == "websocket.close" and output["code"] == CloseCode.FORBIDDEN
    await in_thread(
        post_room_message, session=live_session, author=other_member, body="Said after they left"
    )
    _, connected, code = await connect(live_session, member)
    assert not connected and code == CloseCode.FORBIDDEN

    def read_back():
        client.force_login(member)
        page = client.get(f"/groups/{live_session.pk}/").content.decode()
        caught_up = client.get(f"/groups/{live_session.pk}/events/?after=0").json()
        return page, json.dumps(caught_up)

    page, caught_up = await in_thread(read_back)
    assert "Said while here" in page and "Said while here" in caught_up
    assert "Said after they left" not in page and "Said after they left" not in caught_up
