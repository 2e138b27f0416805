"""The member's own socket (`/ws/me/`): the bell's unread count, live, on every page.

It joins the member's bell group (only this consumer listens there, so no other socket needs a
handler for the count), the member's group and the session's group (so logging out, or out
everywhere, closes it). It sends the current count on connect, which also catches up anything
missed while disconnected. Listen-only; it never writes to the database.
"""

import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from forum.events import member_group, session_group
from notifications.live import COUNT_EVENT, bell_group

logger = logging.getLogger(__name__)

CLOSE_VISITOR = 4403
CLOSE_LISTEN_ONLY = 4400
CLOSE_SESSION_ENDED = 4401
CLOSE_TRY_AGAIN = 1011


class MemberConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.groups_joined: list[str] = []
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_VISITOR)
            return
        groups = [bell_group(user.pk), member_group(user.pk)]
        session_key = getattr(self.scope.get("session"), "session_key", None)
        if session_key:
            groups.append(session_group(session_key))
        try:
            for group in groups:
                await self.channel_layer.group_add(group, self.channel_name)
                self.groups_joined.append(group)
        except Exception:
            logger.warning("Could not join the member's groups", exc_info=True)
            await self.close(code=CLOSE_TRY_AGAIN)
            return
        await self.accept()
        count = await self._unread_count(user)
        await self.send(text_data=json.dumps({"type": COUNT_EVENT, "count": count}))

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:
                logger.info("Could not leave group %s", group, exc_info=True)

    async def receive(self, text_data=None, bytes_data=None):
        await self.close(code=CLOSE_LISTEN_ONLY)

    async def notifications_count(self, event):
        await self.send(text_data=json.dumps({"type": COUNT_EVENT, "count": event["count"]}))

    async def session_ended(self, event):
        await self.close(code=CLOSE_SESSION_ENDED)

    @database_sync_to_async
    def _unread_count(self, user) -> int:
        from notifications.selectors import unread_count

        return unread_count(user)
