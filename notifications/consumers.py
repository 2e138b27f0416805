"""The member's own socket (`/ws/me/`): the bell's unread count, live, on every page.

It joins the member's bell group (only this consumer listens there, so no other socket needs a
handler for the count), the member's group and the session's group (so logging out, or out
everywhere, closes it). It sends the current count on connect, which also catches up anything
missed while disconnected. Listen-only; it never writes to the database.
"""

import json
import logging

from channels.db import database_sync_to_async

from core.consumers import GroupConsumer
from core.live import CloseCode
from notifications.live import COUNT_EVENT, bell_group

logger = logging.getLogger(__name__)


class MemberConsumer(GroupConsumer):
    NO_DATABASE_HANDLERS = GroupConsumer.NO_DATABASE_HANDLERS | {"notifications.count"}

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CloseCode.FORBIDDEN)
            return
        if not await self.join_groups([bell_group(user.pk)], user=user):
            return
        await self.accept()
        count = await self._unread_count(user)
        await self.send(text_data=json.dumps({"type": COUNT_EVENT, "count": count}))

    async def receive(self, text_data=None, bytes_data=None):
        await self.close(code=CloseCode.BAD_FRAME)

    async def notifications_count(self, event):
        await self.send(text_data=json.dumps({"type": COUNT_EVENT, "count": event["count"]}))

    @database_sync_to_async
    def _unread_count(self, user) -> int:
        from notifications.selectors import unread_count

        return unread_count(user)
