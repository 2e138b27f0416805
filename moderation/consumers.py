"""The moderators' socket: the live queue. Listen-only; it refuses everyone but moderators.

Like the thread sockets, it never writes to the database and never renders: rows arrive
rendered once (moderation.live) and are filtered here only by the boards a moderator covers.
"""

import json
import logging

from channels.db import database_sync_to_async

from forum.group_consumer import CLOSE_LISTEN_ONLY, GroupConsumer
from moderation.live import MODERATORS_GROUP

logger = logging.getLogger(__name__)

CLOSE_NOT_ALLOWED = 4403


class ModerationConsumer(GroupConsumer):
    NO_DATABASE_HANDLERS = GroupConsumer.NO_DATABASE_HANDLERS | {"moderation.item"}

    async def connect(self):
        user = self.scope.get("user")
        boards = await self._boards_moderated_by(user)
        if boards is False:
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        self.boards: frozenset[int] | None = boards
        if await self.join_groups([MODERATORS_GROUP], user=user):
            await self.accept()

    async def receive(self, text_data=None, bytes_data=None):
        await self.close(code=CLOSE_LISTEN_ONLY)

    async def moderation_item(self, event):
        if self.boards is not None and event.get("board") not in self.boards:
            return
        await self.send(text_data=json.dumps(event["payload"]))

    @database_sync_to_async
    def _boards_moderated_by(self, user):
        """False for anyone but a moderator; else None (every board) or their boards."""
        if user is None or not user.is_authenticated or not user.is_moderator:
            return False
        from moderation.selectors import moderated_board_ids

        boards = moderated_board_ids(user)
        return None if boards is None else frozenset(boards)
