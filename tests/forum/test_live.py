"""Live threads: every reader sees replies, edits, hides and reactions as they happen."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from config.asgi import application
from config.routing import websocket_urlpatterns
from forum import services
from forum.models import Thread, Visibility
from tests.conftest import live_db

pytestmark = [live_db]


def _router():
    return URLRouter(websocket_urlpatterns)


async def listen(thread_id, user=None, session=None):
    scope_extra = {"user": user or AnonymousUser()}
    communicator = WebsocketCommunicator(_router(), f"/ws/threads/{thread_id}/")
    communicator.scope.update(scope_extra)
    if session is not None:
        communicator.scope["session"] = session
    connected, code = await communicator.connect()
    assert connected, code
    return communicator


async def next_event(communicator, *, skip=("presence", "typing"), timeout=3):
    while True:
        frame = json.loads(await communicator.receive_from(timeout=timeout))
        if frame["type"] not in skip:
            return frame


async def no_event(communicator, skip=("presence", "typing")):
    """The next frame that is not presence or typing, or None when nothing else comes."""
    while not await communicator.receive_nothing(timeout=0.3):
        frame = json.loads(await communicator.receive_from())
        if frame["type"] not in skip:
            return frame
    return None


async def in_thread(func, *args, **kwargs):
    """Run a service as a request would: in its own thread, committing before broadcasting."""
    return await sync_to_async(func, thread_sensitive=False)(*args, **kwargs)


@pytest.fixture
def public_thread(make_thread):
    return make_thread()


async def test_a_visitor_receives_a_new_reply_with_sequence_and_html(public_thread, other_member):
    reader = await listen(public_thread.pk)
    outcome = await in_thread(
        services.create_post, thread=public_thread, author=other_member, body="You're not alone."
    )
    event = await next_event(reader)
    assert event["type"] == "post.created"
    assert event["post"] == outcome.post.pk
    assert event["seq"] == 1
    assert f'id="post-{outcome.post.pk}"' in event["html"] and "You're not alone." in event["html"]
    await reader.disconnect()


async def test_edits_deletions_and_reactions_are_sent_in_order(public_thread, member, other_member):
    reply = (await in_thread(
        services.create_post, thread=public_thread, author=other_member, body="first words"
    )).post  # fmt: skip
    reader = await listen(public_thread.pk)
    await in_thread(services.edit_post, post=reply, editor=other_member, body="better words")
    await in_thread(services.toggle_reaction, post=reply, member=member, kind="hug")
    await in_thread(services.delete_post, post=reply, member=other_member)
    edited, reacted, deleted = [await next_event(reader) for _ in range(3)]
    assert (edited["type"], edited["seq"]) == ("post.edited", 2)
    assert "better words" in edited["html"]
    assert reacted["type"] == "reactions.changed" and "data-count>1<" in reacted["html"]
    assert deleted["type"] == "post.deleted" and "removed by the author" in deleted["html"]
    assert "better words" not in deleted["html"]
    await reader.disconnect()


async def test_held_posts_are_never_delivered(public_thread, other_member):
    reader = await listen(public_thread.pk)
    outcome = await in_thread(
        services.create_post, thread=public_thread, author=other_member,
        body="I have the pills counted out and I'm taking them all tonight.",
    )  # fmt: skip
    assert outcome.post.state == Visibility.HELD
    assert await no_event(reader) is None
    await reader.disconnect()


async def test_editing_a_post_into_imminent_risk_sends_hidden_never_the_new_text(
    public_thread, other_member
):
    reply = (await in_thread(
        services.create_post, thread=public_thread, author=other_member, body="an ordinary day"
    )).post  # fmt: skip
    reader = await listen(public_thread.pk)
    secret = "I have the pills counted out and I'm taking them all tonight."
    await in_thread(services.edit_post, post=reply, editor=other_member, body=secret)
    raw = await reader.receive_from(timeout=3)
    while json.loads(raw)["type"] in ("presence", "typing"):
        raw = await reader.receive_from(timeout=3)
    event = json.loads(raw)
    assert event["type"] == "post.hidden" and event["post"] == reply.pk
    assert "pills" not in raw and "html" not in event
    await reader.disconnect()


async def test_anonymous_payloads_carry_no_author_identity(make_member, make_thread):
    secret = await sync_to_async(make_member)("HiddenWillow")
    thread = await sync_to_async(make_thread)(author=secret, anonymous=True)
    reader = await listen(thread.pk)
    await in_thread(
        services.create_post, thread=thread, author=secret, body="still me", anonymous=True
    )
    raw = await reader.receive_from(timeout=3)
    while json.loads(raw)["type"] in ("presence", "typing"):
        raw = await reader.receive_from(timeout=3)
    assert "HiddenWillow" not in raw and "hiddenwillow" not in raw.lower()
    assert str(secret.pk) not in json.dumps(
        {k: v for k, v in json.loads(raw).items() if k not in ("html", "post", "seq")}
    )
    assert "Anonymous (original poster)" in raw
    await reader.disconnect()


async def test_visitors_cannot_send(public_thread):
    reader = await listen(public_thread.pk)
    await reader.send_to(text_data=json.dumps({"type": "typing"}))
    closed = await reader.receive_output(timeout=3)
    while closed["type"] != "websocket.close":
        closed = await reader.receive_output(timeout=3)
    assert closed["code"] == 4403
    await reader.disconnect()  # as daphne would: the app finishes instead of hanging


async def test_members_typing_is_relayed_to_others_without_identity(public_thread, member):
    writer = await listen(public_thread.pk, user=member)
    other = await listen(public_thread.pk)
    await writer.send_to(text_data=json.dumps({"type": "typing"}))
    frame = await next_event(other, skip=("presence",))
    assert frame == {"type": "typing"}
    await writer.disconnect()
    await other.disconnect()


@pytest.mark.parametrize(
    "frame",
    ["not json", json.dumps({"type": "post.created"}), json.dumps(["typing"]),
     json.dumps({"type": "typing", "pad": "x" * 600})],
)  # fmt: skip
async def test_malformed_or_oversized_frames_close_the_socket(public_thread, member, frame):
    writer = await listen(public_thread.pk, user=member)
    await writer.send_to(text_data=frame)
    output = await writer.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await writer.receive_output(timeout=3)
    assert output["code"] == 4400
    await writer.disconnect()


async def test_too_many_frames_close_the_socket(public_thread, member):
    writer = await listen(public_thread.pk, user=member)
    for _ in range(11):
        await writer.send_to(text_data=json.dumps({"type": "typing"}))
    output = await writer.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await writer.receive_output(timeout=3)
    assert output["code"] == 4429
    await writer.disconnect()


async def test_a_thread_that_is_not_public_refuses_the_socket(public_thread):
    await sync_to_async(Thread.objects.filter(pk=public_thread.pk).update)(state="held")
    communicator = WebsocketCommunicator(_router(), f"/ws/threads/{public_thread.pk}/")
    communicator.scope["user"] = AnonymousUser()
    connected, code = await communicator.connect()
    assert not connected and code == 4404


async def test_origins_outside_allowed_hosts_are_rejected(public_thread):
    communicator = WebsocketCommunicator(
        application, f"/ws/threads/{public_thread.pk}/",
        headers=[(b"origin", b"http://evil.example"), (b"host", b"127.0.0.1:8000")],
    )  # fmt: skip
    connected, _ = await communicator.connect()
    assert not connected


async def test_allowed_origins_with_a_port_are_accepted_without_a_cookie(public_thread):
    communicator = WebsocketCommunicator(
        application, f"/ws/threads/{public_thread.pk}/",
        headers=[(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")],
    )  # fmt: skip
    connected, _ = await communicator.connect()
    assert connected
    await communicator.disconnect()


async def test_closing_a_members_sockets_ends_them(public_thread, member):
    from core import live

    socket = await listen(public_thread.pk, user=member)
    await sync_to_async(live.close_member_sockets)(member.pk)
    output = await socket.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await socket.receive_output(timeout=3)
    assert output["code"] == 4401
    await socket.disconnect()


def test_catch_up_returns_missed_events_with_current_content(
    client, make_thread, other_member, moderator
):
    thread = make_thread()
    reply = services.create_post(thread=thread, author=other_member, body="first").post
    services.create_post(thread=thread, author=other_member, body="second")
    services.edit_post(post=reply, editor=other_member, body="first, edited")
    response = client.get(f"/threads/{thread.pk}/events/?since=0").json()
    types = [e["type"] for e in response["events"]]
    assert types == ["post.created", "post.created", "post.edited"]
    assert response["seq"] == 3
    assert all("first, edited" in e["html"] for e in response["events"] if e["post"] == reply.pk)
    services.edit_post(
        post=reply, editor=other_member,
        body="I have the pills counted out and I'm taking them all tonight.",
    )  # fmt: skip
    later = client.get(f"/threads/{thread.pk}/events/?since=3").json()["events"]
    assert [e["type"] for e in later] == ["post.hidden"]
    replay = client.get(f"/threads/{thread.pk}/events/?since=0").json()["events"]
    assert not any("pills" in e.get("html", "") for e in replay)


def test_catch_up_refuses_a_bad_since(client, make_thread):
    thread = make_thread()
    assert client.get(f"/threads/{thread.pk}/events/?since=abc").status_code == 400


async def test_a_blocked_members_new_post_reaches_the_blocker_collapsed_never_in_full(
    public_thread, member, other_member
):
    from accounts.models import Block

    await sync_to_async(Block.objects.create)(blocker=member, blocked=other_member)
    blocker = await listen(public_thread.pk, user=member)
    bystander = await listen(public_thread.pk)
    reply = (await in_thread(
        services.create_post, thread=public_thread, author=other_member, body="blocked words"
    )).post  # fmt: skip
    seen = await next_event(bystander)
    assert seen["type"] == "post.created" and "blocked words" in seen["html"]
    raw = await blocker.receive_from(timeout=3)
    while json.loads(raw)["type"] in ("presence", "typing"):
        raw = await blocker.receive_from(timeout=3)
    assert "blocked words" not in raw
    collapsed = json.loads(raw)
    # The same event and sequence number, so the client sees no gap and does not catch up.
    assert (collapsed["type"], collapsed["post"], collapsed["seq"]) == ("post.created", reply.pk, 1)
    assert '<details class="blocked-post">' in collapsed["html"]
    assert "You blocked this member." in collapsed["html"]
    await bystander.disconnect()
    await blocker.disconnect()


async def test_a_blocked_members_anonymous_post_reaches_the_blocker_in_full(
    public_thread, member, other_member
):
    from accounts.models import Block

    await sync_to_async(Block.objects.create)(blocker=member, blocked=other_member)
    blocker = await listen(public_thread.pk, user=member)
    await in_thread(
        services.create_post, thread=public_thread, author=other_member, body="anon words",
        anonymous=True,
    )  # fmt: skip
    event = await next_event(blocker)
    assert "anon words" in event["html"] and "You blocked this member." not in event["html"]
    await blocker.disconnect()
