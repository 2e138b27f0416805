"""The live layer's shared parts: group names every socket joins, close codes, and the one
synchronous function that sends to the channel layer.

Apps above name their own groups (a thread's, the moderators') and call `group_send` after
commit. A send that fails is logged and never raises: the change is already saved, and a
client catches up when it reconnects.
"""

import hashlib
import logging
from enum import IntEnum

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


class CloseCode(IntEnum):
    """Why the server closed a socket. static/js/live.js reads these from the page (see
    core/templatetags/live_tags.py): after SESSION_ENDED, FORBIDDEN or NOT_FOUND a client does
    not come back (a thread's socket does after SESSION_ENDED, as a visitor: reading needs no
    account); after any other close it reconnects with backoff."""

    TRY_AGAIN = 1011  # the channel layer is away: reconnect with backoff
    BAD_FRAME = 4400  # the client sent something this socket does not take
    SESSION_ENDED = 4401  # logged out, password changed, account deleted or suspended
    FORBIDDEN = 4403  # not signed in, or not allowed here
    NOT_FOUND = 4404  # the thread is gone or out of view
    TOO_MANY = 4429  # too many sockets or frames from one reader


def member_group(member_id: int) -> str:
    """Every socket of one member, for "log out everywhere", password changes and deletion."""
    return f"member-{member_id}"


def session_group(session_key: str) -> str:
    """The sockets of one browser session (hashed: group names may appear in Redis)."""
    return "session-" + hashlib.sha256(session_key.encode()).hexdigest()[:32]


def group_send(group: str, message: dict) -> None:
    """Send a message to a group. Never raises (see the module docstring)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:
        # Redis down or slow: the change is saved; clients catch up when they reconnect.
        logger.warning("Live broadcast to %s failed", group, exc_info=True)


def close_member_sockets(member_id: int) -> None:
    """Close every open socket of a member (log out everywhere, password change, deletion)."""
    group_send(member_group(member_id), {"type": "session.ended"})


def close_session_sockets(session_key: str) -> None:
    group_send(session_group(session_key), {"type": "session.ended"})
