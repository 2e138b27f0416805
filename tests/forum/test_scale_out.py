"""Real daphne processes sharing one Redis: live events cross processes, and a Redis outage
loses nothing."""

import asyncio
import json

import pytest
import websockets

from tests.conftest import live_db
from tests.servers import Browserless, daphne, private_redis

pytestmark = [live_db, pytest.mark.services]
PASSWORD = "a calm long passphrase 7"


def ws_url(base: str, thread_id: int) -> str:
    return base.replace("http://", "ws://") + f"/ws/threads/{thread_id}/"


async def receive_post_event(socket, timeout=10.0) -> dict:
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await socket.recv())
            if frame["type"] == "post.created":
                return frame


async def reconnect(base: str, thread_id: int, attempts: int = 8):
    """Connect as the page script does after an outage: retry with a growing delay."""
    for attempt in range(attempts):
        try:
            return await websockets.connect(ws_url(base, thread_id), origin=base)
        except (websockets.exceptions.InvalidStatus, OSError, EOFError):
            await asyncio.sleep(0.25 * 2**attempt)
    raise AssertionError("could not reconnect after the outage")


def post_reply(base: str, thread_id: int, body: str) -> int:
    poster = Browserless(base)
    poster.log_in("BraveOtter7", PASSWORD)
    response = poster.post_form(f"/threads/{thread_id}/", {"body": body})
    assert response.status == 303, response.status
    return int(response.headers["Location"].rsplit("#post-", 1)[1])


def test_a_reader_on_one_process_sees_a_reply_posted_through_another(make_thread, other_member):
    thread = make_thread()
    with (
        private_redis() as redis,
        daphne(redis_url=redis.url) as first,
        daphne(redis_url=redis.url) as second,
    ):

        async def scenario():
            async with websockets.connect(ws_url(first, thread.pk), origin=first) as reader:
                await asyncio.sleep(0.3)  # the group subscription is in place
                post_id = await asyncio.to_thread(post_reply, second, thread.pk, "across processes")
                event = await receive_post_event(reader)
                assert event["post"] == post_id
                assert "across processes" in event["html"]

        asyncio.run(scenario())


def test_posting_works_while_redis_is_down_and_readers_catch_up_after(make_thread, other_member):
    thread = make_thread()
    with private_redis() as redis, daphne(redis_url=redis.url) as server:

        async def scenario():
            async with websockets.connect(ws_url(server, thread.pk), origin=server) as reader:
                await asyncio.sleep(0.3)
                first = await asyncio.to_thread(post_reply, server, thread.pk, "before the outage")
                assert (await receive_post_event(reader))["post"] == first
            last_seq = 1

            redis.kill()
            during = await asyncio.to_thread(post_reply, server, thread.pk, "during the outage")
            redis.start()

            async with await reconnect(server, thread.pk):
                missed = await asyncio.to_thread(
                    lambda: json.loads(
                        Browserless(server).get(f"/threads/{thread.pk}/events/?since={last_seq}")
                        .read()
                    )
                )  # fmt: skip
            assert [e["post"] for e in missed["events"]] == [during]
            assert "during the outage" in missed["events"][0]["html"]
            after = await asyncio.to_thread(post_reply, server, thread.pk, "after the outage")
            async with await reconnect(server, thread.pk) as again:
                await asyncio.sleep(0.3)
                later = await asyncio.to_thread(post_reply, server, thread.pk, "live again")
                assert (await receive_post_event(again))["post"] == later
            assert after < later

        asyncio.run(scenario())
