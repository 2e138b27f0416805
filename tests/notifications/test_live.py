"""The bell counts up live, over the member's own socket, and only for that member."""

import json

from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from config.routing import websocket_urlpatterns
from forum import services
from tests.conftest import live_db
from tests.forum.test_live import in_thread, listen, no_event

pytestmark = [live_db]


async def bell(user):
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/me/")
    communicator.scope["user"] = user
    connected, code = await communicator.connect()
    assert connected, code
    return communicator


async def next_count(communicator, timeout=3) -> int:
    frame = json.loads(await communicator.receive_from(timeout=timeout))
    assert frame["type"] == "notifications.count"
    return frame["count"]


async def test_the_bell_gets_the_count_on_connect_and_each_new_reply(
    make_thread, member, other_member, make_member
):
    thread = await sync_to_async(make_thread)()
    starter_bell = await bell(member)
    replier_bell = await bell(other_member)
    assert await next_count(starter_bell) == 0
    assert await next_count(replier_bell) == 0
    await in_thread(services.create_post, thread=thread, author=other_member, body="I hear you.")
    assert await next_count(starter_bell) == 1
    third = await sync_to_async(make_member)()
    other_thread = await sync_to_async(make_thread)(title="Second")
    await in_thread(services.create_post, thread=other_thread, author=third, body="Same here.")
    assert await next_count(starter_bell) == 2
    # The replier's bell heard nothing: the counts went to the starter only.
    assert await replier_bell.receive_nothing(timeout=0.3)
    await starter_bell.disconnect()
    await replier_bell.disconnect()


async def test_a_grouped_reaction_does_not_ring_twice_but_still_updates_the_count(
    make_thread, member, other_member, make_member
):
    thread = await sync_to_async(make_thread)()
    opening = await sync_to_async(thread.posts.get)()
    starter_bell = await bell(member)
    assert await next_count(starter_bell) == 0
    await in_thread(services.toggle_reaction, post=opening, member=other_member, kind="hug")
    assert await next_count(starter_bell) == 1
    hugger = await sync_to_async(make_member)()
    await in_thread(services.toggle_reaction, post=opening, member=hugger, kind="hug")
    assert await next_count(starter_bell) == 1  # "2 hugs on your post": still one line
    await starter_bell.disconnect()


async def test_visitors_cannot_open_the_members_socket():
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/me/")
    communicator.scope["user"] = AnonymousUser()
    connected, code = await communicator.connect()
    assert not connected and code == 4403


async def test_logging_out_everywhere_closes_the_bell(member):
    from core import live

    socket = await bell(member)
    assert await next_count(socket) == 0
    await sync_to_async(live.close_member_sockets)(member.pk)
    output = await socket.receive_output(timeout=3)
    assert output["type"] == "websocket.close" and output["code"] == 4401
    await socket.disconnect()  # as daphne would after a server-side close


async def test_the_members_thread_socket_is_not_sent_bell_counts(make_thread, member, other_member):
    thread = await sync_to_async(make_thread)()
    reader = await listen(thread.pk, user=member)
    await in_thread(services.create_post, thread=thread, author=other_member, body="Hello")
    frame = await no_event(reader, skip=("presence", "typing", "post.created"))
    assert frame is None
    await reader.disconnect()
