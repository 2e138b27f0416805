"""The live side of moderation: moderators' queues update at once, and readers of a thread see
each action's effect as it happens."""

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from config.routing import websocket_urlpatterns
from forum import services as forum
from forum.models import Board
from moderation import actions, roles
from moderation.models import ModeratorBoard, QueueItem
from tests.conftest import live_db
from tests.forum.test_live import in_thread, listen, next_event, no_event
from tests.moderation.conftest import IMMINENT, version_of

pytestmark = [live_db]


async def moderators_socket(user):
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/moderation/")
    communicator.scope["user"] = user or AnonymousUser()
    return communicator


async def open_queue(user):
    communicator = await moderators_socket(user)
    connected, code = await communicator.connect()
    assert connected, code
    return communicator


async def next_item(communicator, timeout=3) -> dict:
    frame = json.loads(await communicator.receive_from(timeout=timeout))
    assert frame["type"] == "item.changed"
    return frame


async def closed_with(communicator) -> int:
    output = await communicator.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await communicator.receive_output(timeout=3)
    return output["code"]


def _version(post) -> int:
    return version_of(post)


# --- The moderators' socket ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["visitor", "member"])
async def test_the_moderators_socket_refuses_everyone_else(who, member):
    communicator = await moderators_socket(None if who == "visitor" else member)
    connected, code = await communicator.connect()
    assert not connected and code == 4403


async def test_a_held_post_appears_at_once_in_every_moderators_queue(
    thread, other_member, moderator, second_moderator
):
    first, second = await open_queue(moderator), await open_queue(second_moderator)
    outcome = await in_thread(forum.create_post, thread=thread, author=other_member, body=IMMINENT)
    for queue in (first, second):
        event = await next_item(queue)
        assert event["post"] == outcome.post.pk and event["priority"] == 0
        assert event["status"] == "open" and event["claimed_by"] is None
        assert f'id="item-{event["item"]}"' in event["html"]
        assert "Imminent risk" in event["html"] and "<mark" in event["html"]
        assert "csrfmiddlewaretoken" not in event["html"]  # the page script adds its own
    await first.disconnect()
    await second.disconnect()


async def test_a_claim_by_one_moderator_shows_at_once_in_anothers_queue(
    held_reply, moderator, second_moderator
):
    watcher = await open_queue(second_moderator)
    version = await sync_to_async(_version)(held_reply)
    await in_thread(actions.claim_item, moderator=moderator, post=held_reply, version=version)
    event = await next_item(watcher)
    assert event["claimed_by"] == moderator.pseudonym
    assert f'data-claimed-by="{moderator.pseudonym}"' in event["html"]
    await watcher.disconnect()


async def test_an_item_resolved_by_someone_else_leaves_at_once(
    held_reply, moderator, second_moderator
):
    watcher = await open_queue(second_moderator)
    version = await sync_to_async(_version)(held_reply)
    await in_thread(actions.approve_post, moderator=moderator, post=held_reply, version=version)
    event = await next_item(watcher)
    assert (
        event["status"] == "resolved" and event["change"] == f"{moderator.pseudonym} approved it."
    )
    await watcher.disconnect()


async def test_a_moderator_scoped_to_other_boards_does_not_hear_of_this_one(
    thread, other_member, moderator, second_moderator
):
    elsewhere = await sync_to_async(Board.objects.exclude(pk=thread.board_id).first)()
    await sync_to_async(ModeratorBoard.objects.create)(moderator=second_moderator, board=elsewhere)
    scoped, everywhere = await open_queue(second_moderator), await open_queue(moderator)
    await in_thread(forum.create_post, thread=thread, author=other_member, body=IMMINENT)
    assert (await next_item(everywhere))["priority"] == 0
    assert await scoped.receive_nothing(timeout=0.3)
    await scoped.disconnect()
    await everywhere.disconnect()


async def test_losing_the_role_closes_the_moderators_socket(moderator):
    queue = await open_queue(moderator)
    await in_thread(roles.revoke_moderator_role, member=moderator)
    assert await closed_with(queue) == 4401
    await queue.disconnect()  # as daphne would after a server-side close


async def test_the_moderators_socket_is_for_listening_only(moderator):
    queue = await open_queue(moderator)
    await queue.send_to(text_data=json.dumps({"type": "typing"}))
    assert await closed_with(queue) == 4400
    await queue.disconnect()


# --- What readers of the thread see --------------------------------------------------------


async def _act(action, post, moderator, **kwargs):
    version = await sync_to_async(_version)(post)
    return await in_thread(action, moderator=moderator, post=post, version=version, **kwargs)


async def test_approving_reaches_readers_as_a_new_post(thread, held_reply, moderator):
    reader = await listen(thread.pk)
    await _act(actions.approve_post, held_reply, moderator)
    event = await next_event(reader)
    assert event["type"] == "post.created" and event["post"] == held_reply.pk
    assert "pills counted out" in event["html"]
    await reader.disconnect()


async def test_hiding_and_restoring_reach_readers(thread, reply, moderator):
    reader = await listen(thread.pk)
    await _act(actions.hide_post, reply, moderator)
    hidden = await next_event(reader)
    assert hidden["type"] == "post.hidden" and "html" not in hidden
    await _act(actions.restore_post, reply, moderator)
    restored = await next_event(reader)
    assert restored["type"] == "post.restored" and "Hang in there." in restored["html"]
    await reader.disconnect()


async def test_an_edit_and_a_content_warning_reach_readers_as_edits(thread, reply, moderator):
    reader = await listen(thread.pk)
    await _act(actions.edit_post_text, reply, moderator, body="Kinder words.")
    edited = await next_event(reader)
    assert edited["type"] == "post.edited" and "Kinder words." in edited["html"]
    await _act(actions.add_content_warning, reply, moderator, warning_category="self_harm")
    warned = await next_event(reader)
    assert warned["type"] == "post.edited" and "Content warning" in warned["html"]
    await reader.disconnect()


async def test_locking_the_thread_reaches_readers(thread, reply, moderator):
    reader = await listen(thread.pk)
    await _act(actions.lock_thread, reply, moderator)
    assert (await next_event(reader))["type"] == "thread.locked"
    await reader.disconnect()


async def test_hiding_the_thread_tells_readers_and_closes_their_sockets(thread, reply, moderator):
    reader = await listen(thread.pk)
    await _act(actions.hide_thread, reply, moderator)
    assert (await next_event(reader))["type"] == "thread.hidden"
    assert await closed_with(reader) == 4404
    await reader.disconnect()


async def test_claims_and_notes_send_readers_nothing(thread, held_reply, moderator):
    reader = await listen(thread.pk)
    await _act(actions.claim_item, held_reply, moderator)
    await _act(actions.send_supportive_note, held_reply, moderator, template="checking_in")
    assert await no_event(reader) is None
    await reader.disconnect()
    assert await sync_to_async(QueueItem.objects.get)(post=held_reply)


# --- The crisis lane: duty and breaks ------------------------------------------------------


async def test_an_open_queue_socket_keeps_its_moderator_on_duty(moderator):
    from moderation import staffing

    assert await sync_to_async(staffing.unstaffed)()
    queue = await open_queue(moderator)
    for _ in range(50):  # the heartbeat runs as the socket opens
        if not await sync_to_async(staffing.unstaffed)():
            break
        await asyncio.sleep(0.05)
    assert not await sync_to_async(staffing.unstaffed)()
    await queue.disconnect()


async def test_a_break_pauses_live_alerts_and_ending_it_resumes_them(
    thread, other_member, moderator
):
    from moderation import staffing

    queue = await open_queue(moderator)
    await in_thread(staffing.start_break, moderator=moderator)
    paused = json.loads(await queue.receive_from(timeout=3))
    assert paused == {"type": "moderator.paused", "paused": True}
    await in_thread(forum.create_post, thread=thread, author=other_member, body=IMMINENT)
    assert await queue.receive_nothing(timeout=0.5)

    await in_thread(staffing.end_break, moderator=moderator)
    resumed = json.loads(await queue.receive_from(timeout=3))
    assert resumed == {"type": "moderator.paused", "paused": False}
    await in_thread(forum.create_post, thread=thread, author=other_member, body=IMMINENT)
    assert (await next_item(queue))["priority"] == 0
    await queue.disconnect()


async def test_a_moderator_already_on_a_break_connects_paused(thread, other_member, moderator):
    from moderation import staffing

    await in_thread(staffing.start_break, moderator=moderator)
    queue = await open_queue(moderator)
    await in_thread(forum.create_post, thread=thread, author=other_member, body=IMMINENT)
    assert await queue.receive_nothing(timeout=0.5)
    await queue.disconnect()
