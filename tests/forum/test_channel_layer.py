"""The Redis channel layer as configured loses nothing: idle readers keep receiving, and a
crowd of readers can join at once. Each test runs its own redis-server."""

import asyncio
import json

import pytest
from channels.layers import channel_layers
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from config.env import redis_layer_config
from config.routing import websocket_urlpatterns
from forum import events
from tests.conftest import live_db
from tests.servers import private_redis

pytestmark = [live_db, pytest.mark.services]


@pytest.fixture
def redis_layer(settings):
    with private_redis() as redis:
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": redis_layer_config(redis.url),
            }
        }
        channel_layers.backends.clear()
        yield redis
        channel_layers.backends.clear()


async def connect_reader(thread_id):
    reader = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/threads/{thread_id}/")
    reader.scope["user"] = AnonymousUser()
    connected, code = await reader.connect(timeout=20)
    assert connected, code
    return reader


async def next_thread_event(reader, timeout):
    while True:
        frame = json.loads(await reader.receive_from(timeout=timeout))
        if frame["type"] not in ("presence", "typing"):
            return frame


async def test_readers_idle_for_twelve_seconds_still_receive_every_event(redis_layer, thread):
    readers = [await connect_reader(thread.pk) for _ in range(5)]
    for seq in (1, 2):
        await asyncio.sleep(12)  # longer than redis-py 8's default 5 s socket timeout
        await asyncio.to_thread(events.send, thread.pk, {"type": "post.created", "seq": seq})
        for reader in readers:
            assert (await next_thread_event(reader, timeout=5))["seq"] == seq
    for reader in readers:
        await reader.disconnect()


async def test_five_hundred_readers_connecting_at_once_all_join_and_all_receive(
    redis_layer, thread
):
    readers = await asyncio.gather(*(connect_reader(thread.pk) for _ in range(500)))
    await asyncio.to_thread(events.send, thread.pk, {"type": "post.created", "seq": 1})
    received = await asyncio.gather(*(next_thread_event(r, timeout=20) for r in readers))
    assert [frame["seq"] for frame in received] == [1] * 500
    await asyncio.gather(*(r.disconnect() for r in readers))
