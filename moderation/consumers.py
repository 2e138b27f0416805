"""The moderators' socket: the live queue. Listen-only; it refuses everyone but moderators.

Like the thread sockets, it never renders: rows arrive rendered once (moderation.live) and are
filtered here only by the boards a moderator covers. Its one write is the duty heartbeat: while
the socket is open the moderator has the queue open, so they count as on duty
(moderation.staffing) until a break pauses the alerts.
"""

import asyncio
import json
import logging

from channels.db import database_sync_to_async
from django.conf import settings

from core.consumers import GroupConsumer
from core.live import CloseCode
from moderation.live import MODERATORS_GROUP, moderator_group

logger = logging.getLogger(__name__)


def heartbeat_seconds() -> float:
    """Often enough that an open queue never lapses out of the duty window."""
    return max(1.0, settings.MODERATION_QUEUE_OPEN_SECONDS / 3)


class ModerationConsumer(GroupConsumer):
    NO_DATABASE_HANDLERS = GroupConsumer.NO_DATABASE_HANDLERS | {
        "moderation.item",
        "moderation.paused",
    }

    async def connect(self):
        user = self.scope.get("user")
        access = await self._access_of(user)
        if access is False:
            await self.close(code=CloseCode.FORBIDDEN)
            return
        self.boards, self.paused = access
        self.moderator_id = user.pk
        if await self.join_groups([MODERATORS_GROUP, moderator_group(user.pk)], user=user):
            await self.accept()
            self.heartbeat = asyncio.ensure_future(self._keep_on_duty())

    async def disconnect(self, code):
        heartbeat = getattr(self, "heartbeat", None)
        if heartbeat is not None:
            heartbeat.cancel()
        await super().disconnect(code)

    async def receive(self, text_data=None, bytes_data=None):
        await self.close(code=CloseCode.BAD_FRAME)

    async def moderation_item(self, event):
        if self.paused:
            return  # on a break: no live alerts
        if self.boards is not None and event.get("board") not in self.boards:
            return
        await self.send(text_data=json.dumps(event["payload"]))

    async def moderation_paused(self, event):
        self.paused = bool(event["paused"])
        await self.send(text_data=json.dumps({"type": "moderator.paused", "paused": self.paused}))

    async def _keep_on_duty(self):
        from moderation.staffing import record_queue_seen

        record = database_sync_to_async(record_queue_seen)
        while True:
            try:
                await record(self.moderator_id)
            except Exception:
                # The database is away: duty lapses on its own, the queue keeps working.
                logger.warning("Could not record moderator duty", exc_info=True)
            await asyncio.sleep(heartbeat_seconds())

    @database_sync_to_async
    def _access_of(self, user):
        """False for anyone but a moderator; else (boards, on a break). Boards is None for
        every board."""
        if user is None or not user.is_authenticated or not user.is_moderator:
            return False
        from moderation.selectors import moderated_board_ids
        from moderation.staffing import is_on_break

        boards = moderated_board_ids(user)
        return (None if boards is None else frozenset(boards)), is_on_break(user)
