"""The conversation's live events: group names, and closing its sockets at once.

Owned by the conversation part; other parts call `close_sockets` (ending, blocking, reassigning).
"""

from core.live import CloseCode, group_send


def conversation_group(befriending_id: int) -> str:
    return f"befriending-{befriending_id}"


def close_sockets(befriending_id: int, *, code: int = CloseCode.NOT_FOUND) -> None:
    """Close every socket on the conversation now (call after commit)."""
    group_send(conversation_group(befriending_id), {"type": "befriending.close", "code": int(code)})
