"""The bell's live count: one small event to the member's own bell group, never to anyone
else's. Sent after commit; a failed send is logged and never fails a request (the page shows
the true count on the next load, and a reconnecting socket is sent the count again).

Why not the member's group (core.live.member_group)? Every socket of the member joins that
one, thread and moderation sockets too, and each would need a handler for the count. Only the
`/ws/me/` socket (notifications.consumers) joins the bell group.
"""

from core.live import group_send
from notifications.selectors import unread_counts

COUNT_EVENT = "notifications.count"


def bell_group(member_id: int) -> str:
    return f"bell-{member_id}"


def count_message(count: int) -> dict:
    return {"type": COUNT_EVENT, "count": count}


def send_unread_counts(member_ids) -> None:
    """Tell each member's open pages their unread count (one query for all of them)."""
    member_ids = sorted(set(member_ids))
    if not member_ids:
        return
    for member_id, count in unread_counts(member_ids).items():
        group_send(bell_group(member_id), count_message(count))
