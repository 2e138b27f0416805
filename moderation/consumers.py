"""The moderators' socket: the live queue. Listen-only; it refuses everyone but moderators.

Like the thread sockets, it never writes to the database and never renders: rows arrive
rendered once (moderation.live) and are filtered here only by the boards a moderator covers.
"""

import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from forum.events import member_group, session_group
from moderation.live import MODERATORS_GROUP

logger = logging.getLogger(__name__)

CLOSE_NOT_ALLOWED = 4403
CLOSE_SESSION_ENDED = 4401
CLOSE_LISTEN_ONLY = 4400
CLOSE_TRY_AGAIN = 1011


class ModerationConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.groups_joined: list[str] = []
        user = self.scope.get("user")
        boards = await self._boards_moderated_by(user)
        if boards is False:
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        self.boards: frozenset[int] | None = boards
        groups = [MODERATORS_GROUP, member_group(user.pk)]
        session_key = getattr(self.scope.get("session"), "session_key", None)
        if session_key:
            groups.append(session_group(session_key))
        try:
            for group in groups:
                await self.channel_layer.group_add(group, self.channel_name)
                self.groups_joined.append(group)
        except Exception:
            logger.warning("Could not join the moderators' group", exc_info=True)
            await self.close(code=CLOSE_TRY_AGAIN)
            return
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:
                logger.info("Could not leave group %s", group, exc_info=True)

    async def receive(self, text_data=None, bytes_data=None):
        await self.close(code=CLOSE_LISTEN_ONLY)

    async def moderation_item(self, event):
        if self.boards is not None and event.get("board") not in self.boards:
            return
        await self.send(text_data=json.dumps(event["payload"]))

    async def session_ended(self, event):
        await self.close(code=CLOSE_SESSION_ENDED)

    @database_sync_to_async
    def _boards_moderated_by(self, user):
        """False for anyone but a moderator; else None (every board) or their boards."""
        if user is None or not user.is_authenticated or not user.is_moderator:
            return False
        from moderation.selectors import moderated_board_ids

        boards = moderated_board_ids(user)
        return None if boards is None else frozenset(boards)
