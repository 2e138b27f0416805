"""Live events of a session's room: numbered, kept for catch-up and sent through core.live.

Services call `record` inside their transaction, holding the session's row lock: the event
takes the next GroupSession.last_seq, is saved as a RoomEvent, and is sent after commit, once
per event whatever the number of readers (each socket picks its reader's variant with
`payload_for_reader`, as threads do). A failed send is logged by core.live and never fails the
request: readers catch up on reconnect.

Groups: every room socket joins the room's group and its member's own group in that room, so
one person's sockets can get private events (their held message, the facilitator's alert) and be
closed on removal, and the whole room can be closed when the session ends.
"""

import logging

from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string

from core.live import CloseCode, group_send
from forum.reading import payload_for_reader as forum_payload_for_reader
from groups.models import GroupSession, MessageState, RoomEvent, RoomMessage

logger = logging.getLogger(__name__)

MESSAGE_CREATED = "message.created"
MESSAGE_HIDDEN = "message.hidden"
MESSAGE_MUTED = "message.muted"  # to a reader who muted a word in it: no words, just its place
MESSAGE_HELD = "message.held"  # to the author alone: their message waits for a moderator
MESSAGE_HELD_ALERT = "room.message_held"  # to the facilitator alone, without the text
RULES_PINNED = "room.rules_pinned"
SLOW_MODE = "room.slow_mode"
PARTICIPANT_MUTED = "participant.muted"
PARTICIPANT_REMOVED = "participant.removed"
ROOM_ENDED = "room.ended"

HELD_ALERT_TEXT = "A message from a participant was held for a moderator; check in with the group."


def room_group(session_id: int) -> str:
    return f"room-{session_id}"


def room_member_group(session_id: int, member_id: int) -> str:
    """One member's sockets in one room: private events, and closing them on removal."""
    return f"room-{session_id}-member-{member_id}"


def next_seq(session: GroupSession) -> int:
    """The room's next event number. Call inside the transaction that locked the session's row,
    so numbers follow commit order."""
    GroupSession.objects.filter(pk=session.pk).update(last_seq=F("last_seq") + 1)
    seq = GroupSession.objects.values_list("last_seq", flat=True).get(pk=session.pk)
    session.last_seq = seq
    return seq


def record(
    session: GroupSession,
    event_type: str,
    *,
    message: RoomMessage | None = None,
    recipient_id: int | None = None,
    data: dict | None = None,
    seq: int | None = None,
) -> RoomEvent:
    """Number and save one event, and send it after commit: to the room, or to one member's
    sockets when it has a recipient. Call inside the service's transaction."""
    event = RoomEvent.objects.create(
        session=session,
        seq=seq if seq is not None else next_seq(session),
        type=event_type,
        message=message,
        recipient_id=recipient_id,
        data=data or {},
    )
    group = room_member_group(session.pk, recipient_id) if recipient_id else room_group(session.pk)
    transaction.on_commit(lambda: broadcast(event.pk, group))
    return event


# --- What readers receive --------------------------------------------------------------------


def render_message(message: RoomMessage, *, held: bool = False) -> str:
    """The message as every reader sees it (no reader-specific parts); `held` for its author."""
    return render_to_string("groups/_message.html", {"message": message, "held": held})


def render_message_collapsed(message: RoomMessage) -> str:
    return render_to_string("groups/_message_collapsed.html", {"message": message})


def event_message(event: RoomEvent, *, collapse: bool = True) -> dict | None:
    """The channel-layer message about one event, in forum.reading's shape ("payload", and for
    a named author "author" and "collapsed"), rendered once for all readers. None when the
    event has nothing to show to anyone (a message since deleted)."""
    payload = {"type": event.type, "seq": event.seq, **event.data}
    message = event.message
    if event.type == MESSAGE_CREATED:
        if message is None or message.state == MessageState.REMOVED:
            return {"payload": {"type": MESSAGE_HIDDEN, "seq": event.seq}}
        if message.state == MessageState.HELD:
            # Only its author is ever sent this (see payload_for_reader below).
            held = {"type": MESSAGE_HELD, "seq": event.seq, "message": message.pk}
            held["html"] = render_message(message, held=True)
            return {"payload": held, "held_for": message.author_id}
        payload["message"] = message.pk
        payload["html"] = render_message(message)
        # The words a reader's muted words are looked for in (forum.reading's rule, reused).
        result = {"payload": payload, "words": message.body.casefold()}
        if collapse and not message.anonymous:
            result["author"] = message.author_id
            result["collapsed"] = {**payload, "html": render_message_collapsed(message)}
        return result
    if message is not None:
        payload["message"] = message.pk
    return {"payload": payload}


def payload_for_reader(
    message: dict,
    *,
    member_id: int | None,
    blocked_ids: frozenset[int] = frozenset(),
    muted_words: tuple[str, ...] = (),
) -> dict | None:
    """The frame one reader receives, or None: the socket and catch-up both ask here. A held
    message reaches its author alone; the rest is forum.reading's reader filter, reused: a
    blocked author's message arrives collapsed (anonymous messages carry no author and are
    never collapsed), and one with a word the reader muted arrives as `message.muted`, without
    its words."""
    held_for = message.get("held_for")
    if held_for is not None and held_for != member_id:
        return None
    payload = forum_payload_for_reader(message, blocked_ids=blocked_ids, muted_words=muted_words)
    if payload.get("type") == "post.muted":
        return {
            "type": MESSAGE_MUTED,
            "message": message["payload"].get("message"),
            "seq": payload["seq"],
        }
    return payload


def broadcast(event_id: int, group: str) -> None:
    event = RoomEvent.objects.select_related("message__author").filter(pk=event_id).first()
    if event is None:
        return
    try:
        message = event_message(event)
    except Exception:
        logger.exception("Could not render room event %s", event_id)
        return
    if message is None:
        return
    group_send(group, {"type": "room.event", **message})


def close_member_room_sockets(session_id: int, member_id: int) -> None:
    """Close one member's sockets in one room at once (removed, or left the session)."""
    group_send(
        room_member_group(session_id, member_id),
        {"type": "room.close", "code": int(CloseCode.FORBIDDEN)},
    )


def close_room_sockets(session_id: int) -> None:
    """Close every socket of the room (the session ended)."""
    group_send(room_group(session_id), {"type": "room.close", "code": int(CloseCode.NOT_FOUND)})
