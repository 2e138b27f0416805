"""The moderators' live queue: one socket group, one rendering per change.

Services register `broadcast_item` with `transaction.on_commit`; it renders the item's queue
row once and sends it to every moderator's socket. The row names who holds a claim; each
page's script marks the moderator's own claims, so nothing is rendered per moderator.
"""

import logging

from django.template.loader import render_to_string

from core.live import group_send
from moderation import selectors

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "moderators"


def moderator_group(moderator_id: int) -> str:
    """One moderator's queue sockets (not their thread sockets, which know no moderation
    events)."""
    return f"moderator-{moderator_id}"


def item_payload(item) -> dict:
    return {
        "type": "item.changed",
        "item": item.pk,
        "post": item.post_id,
        "version": item.version,
        "status": item.status,
        "priority": item.priority,
        "claimed_by": item.claimed_by.pseudonym if item.claim_active else None,
        "change": item.last_change,
        "html": render_to_string("moderation/_item.html", {"item": item, "live": True}),
    }


def broadcast_item(item_id: int) -> None:
    """Send an item's current row to moderators. Never raises: the change is saved, and a
    queue page that missed it refreshes itself when its socket reconnects."""
    item = selectors.queue_item(item_id)
    if item is None:
        return
    try:
        payload = item_payload(item)
    except Exception:
        logger.exception("Could not render queue item %s for moderators", item_id)
        return
    board_id = item.post.thread.board_id
    group_send(MODERATORS_GROUP, {"type": "moderation.item", "board": board_id, "payload": payload})


def moderator_paused(moderator_id: int, *, paused: bool) -> None:
    """Tell a moderator's open queues that they started or ended a break: no live alerts
    while paused. Never raises (see broadcast_item)."""
    group_send(moderator_group(moderator_id), {"type": "moderation.paused", "paused": paused})
