"""Facilitation: each action, who may take it (the facilitator; moderators for removal and
ending), who may not, the live event it sends and the audit line it writes."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.core.exceptions import PermissionDenied

from config.routing import websocket_urlpatterns
from groups import facilitation
from groups.models import GroupSession, Participant, ParticipantState
from moderation.models import AuditAction, AuditEntry
from tests.conftest import live_db
from tests.groups import room_helpers
from tests.groups.room_helpers import place

facilitator = room_helpers.facilitator
live_session = room_helpers.live_session


def audit_line(action):
    return AuditEntry.objects.filter(action=action).get()


@pytest.fixture
def target(live_session, other_member):
    return place(live_session, other_member)


ACTIONS = {
    # name: (url suffix, POST data, moderators may)
    "pin": ("rules/", {"pinned": "1"}, False),
    "slow": ("slow/", {"seconds": "30"}, False),
    "mute": ("mute/{target}/", {"muted": "1"}, False),
    "remove": ("remove/{target}/", {}, True),
    "end": ("end/", {}, True),
}


def action_url(session, target, name):
    return f"/groups/{session.pk}/" + ACTIONS[name][0].format(target=target.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_the_facilitator_may_take_each_action_and_it_is_audited(
    client, live_session, facilitator, target, name
):
    client.force_login(facilitator)
    response = client.post(action_url(live_session, target, name), ACTIONS[name][1])
    assert response.status_code == 303
    entry = AuditEntry.objects.get()
    assert entry.actor_id == facilitator.pk
    assert entry.detail["session"] == live_session.pk


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_a_moderator_may_remove_and_end_but_not_run_the_room(
    client, live_session, moderator, target, name
):
    client.force_login(moderator)
    response = client.post(action_url(live_session, target, name), ACTIONS[name][1])
    assert response.status_code == (303 if ACTIONS[name][2] else 403)
    assert AuditEntry.objects.filter(actor_id=moderator.pk).exists() == ACTIONS[name][2]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["participant", "member", "visitor"])
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_nobody_else_may_facilitate(client, live_session, target, member, who, name):
    if who == "participant":
        place(live_session, member)
    if who != "visitor":
        client.force_login(member)
    response = client.post(action_url(live_session, target, name), ACTIONS[name][1])
    assert response.status_code == (302 if who == "visitor" else 403)
    live_session.refresh_from_db()
    target.refresh_from_db()
    assert not live_session.rules_pinned and not live_session.slow_mode_seconds
    assert not live_session.ended_at
    assert target.state == ParticipantState.JOINED and not target.muted
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_the_services_refuse_a_participant_too(live_session, member, target):
    place(live_session, member)
    with pytest.raises(PermissionDenied):
        facilitation.set_slow_mode(session=live_session, actor=member, seconds=10)


@pytest.mark.django_db
def test_each_action_writes_its_own_audit_line_naming_the_person_acted_on(
    live_session, facilitator, target
):
    facilitation.pin_rules(session=live_session, actor=facilitator, pinned=True)
    facilitation.pin_rules(session=live_session, actor=facilitator, pinned=False)
    facilitation.set_slow_mode(session=live_session, actor=facilitator, seconds=20)
    facilitation.mute_participant(
        session=live_session, actor=facilitator, participant_id=target.pk, muted=True
    )
    facilitation.mute_participant(
        session=live_session, actor=facilitator, participant_id=target.pk, muted=False
    )
    facilitation.remove_participant(
        session=live_session, actor=facilitator, participant_id=target.pk
    )
    facilitation.end_session(session=live_session, actor=facilitator)
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        AuditAction.ROOM_RULES_PINNED,
        AuditAction.ROOM_RULES_UNPINNED,
        AuditAction.ROOM_SLOW_MODE,
        AuditAction.ROOM_MUTED,
        AuditAction.ROOM_UNMUTED,
        AuditAction.ROOM_REMOVED,
        AuditAction.ROOM_ENDED,
    ]
    assert audit_line(AuditAction.ROOM_SLOW_MODE).detail["seconds"] == 20
    assert audit_line(AuditAction.ROOM_REMOVED).subject_member_id == target.member_id
    assert set(AuditEntry.objects.values_list("actor_id", flat=True)) == {facilitator.pk}


@pytest.mark.django_db
def test_slow_mode_out_of_range_is_refused_with_400_and_changes_nothing(
    client, live_session, facilitator
):
    client.force_login(facilitator)
    response = client.post(f"/groups/{live_session.pk}/slow/", {"seconds": "9999"})
    assert response.status_code == 400
    assert "0 to 600" in response.content.decode()
    live_session.refresh_from_db()
    assert live_session.slow_mode_seconds == 0


# --- The live event each action sends ---------------------------------------------------------


async def listen(session, user):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/groups/{session.pk}/"
    )
    communicator.scope["user"] = user
    connected, _ = await communicator.connect()
    assert connected
    return communicator


def act(name, session, actor, target):
    return {
        "pin": lambda: facilitation.pin_rules(session=session, actor=actor, pinned=True),
        "slow": lambda: facilitation.set_slow_mode(session=session, actor=actor, seconds=30),
        "mute": lambda: facilitation.mute_participant(
            session=session, actor=actor, participant_id=target.pk
        ),
        "end": lambda: facilitation.end_session(session=session, actor=actor),
    }[name]()


@live_db
@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("name", "frame"),
    [
        ("pin", {"type": "room.rules_pinned", "pinned": True}),
        ("slow", {"type": "room.slow_mode", "seconds": 30}),
        ("mute", {"type": "participant.muted", "muted": True}),
        ("end", {"type": "room.ended"}),
    ],
)
async def test_each_action_reaches_the_room_live(
    room_sockets, live_session, facilitator, member, other_member, name, frame
):
    await sync_to_async(place)(live_session, member)
    target = await sync_to_async(place)(live_session, other_member)
    # The mute event is the muted person's alone; everything else reaches the whole room.
    listener = await listen(live_session, other_member if name == "mute" else member)
    await sync_to_async(act, thread_sensitive=False)(name, live_session, facilitator, target)
    received = json.loads(await listener.receive_from(timeout=3))
    assert received.items() >= frame.items()
    assert (
        received["seq"]
        == await sync_to_async(lambda: GroupSession.objects.get(pk=live_session.pk).last_seq)()
    )
    await listener.disconnect()


@live_db
@pytest.mark.asyncio
async def test_a_mute_names_nobody_to_the_rest_of_the_room(
    room_sockets, live_session, facilitator, member, other_member
):
    await sync_to_async(place)(live_session, member)
    target = await sync_to_async(place)(live_session, other_member)
    bystander = await listen(live_session, member)
    await sync_to_async(act, thread_sensitive=False)("mute", live_session, facilitator, target)
    assert await bystander.receive_nothing(timeout=0.5)
    assert await sync_to_async(lambda: Participant.objects.get(pk=target.pk).muted)()
    await bystander.disconnect()
