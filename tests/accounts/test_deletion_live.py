"""Readers with a thread open see a deleted member's words go at once: forum does the erasing
when accounts announces the deletion, and broadcasts only after the deletion commits."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from accounts import services
from config.routing import websocket_urlpatterns
from tests.conftest import live_db

pytestmark = [live_db]


async def listen(thread_id):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/threads/{thread_id}/"
    )
    communicator.scope["user"] = AnonymousUser()
    connected, code = await communicator.connect()
    assert connected, code
    return communicator


async def next_event(communicator):
    while True:
        frame = json.loads(await communicator.receive_from(timeout=3))
        if frame["type"] not in ("presence", "typing"):
            return frame


@pytest.mark.parametrize("erase_posts", [True, False], ids=["erase", "keep"])
async def test_readers_are_told_when_a_member_deletes_their_account(
    member, other_member, make_thread, make_reply, erase_posts
):
    thread = await sync_to_async(make_thread)(member)
    reply = await sync_to_async(make_reply)(thread, other_member, body="zqx-words")
    reader = await listen(thread.pk)

    await sync_to_async(services.delete_account, thread_sensitive=False)(
        member=other_member, erase_posts=erase_posts
    )

    if erase_posts:
        deleted = await next_event(reader)
        assert deleted["type"] == "post.deleted" and deleted["post"] == reply.pk
        assert "zqx-words" not in deleted["html"]
    renamed = await next_event(reader)
    assert renamed["type"] == "thread.authors_changed"
    assert renamed["seq"] == (2 if erase_posts else 1)
    assert await reader.receive_nothing(timeout=0.3)
    await reader.disconnect()
