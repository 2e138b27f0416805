"""Room sockets: people who may read a session's room live (its facilitator and joined
participants) receive its events at /ws/groups/<id>/.

The consumer never writes to the database and never renders: the sender renders each event
once, and this picks the reader's variant with groups.room_events.payload_for_reader, the same
function the catch-up view uses. It listens only: messages are posted through the form.
"""

import json

from channels.db import database_sync_to_async

from accounts.selectors import blocked_member_ids
from core.consumers import GroupConsumer
from core.live import CloseCode
from forum.reading import reader_filters
from groups.models import GroupSession
from groups.room_events import payload_for_reader, room_group, room_member_group
from groups.room_selectors import room_access


class RoomConsumer(GroupConsumer):
    NO_DATABASE_HANDLERS = GroupConsumer.NO_DATABASE_HANDLERS | {"room.event", "room.close"}

    async def connect(self):
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CloseCode.FORBIDDEN)
            return
        self.member_id = user.pk
        verdict = await self._may_listen(user)
        if verdict is not None:
            await self.close(code=verdict)
            return
        groups = [room_group(self.session_id), room_member_group(self.session_id, user.pk)]
        if not await self.join_groups(groups, user=user):
            return
        await self.accept()

    async def receive(self, text_data=None, bytes_data=None):
        # The room is written to through its form (rated, rate-limited, guarded); a socket
        # that sends anything is not a client of ours.
        await self.close(code=CloseCode.BAD_FRAME)

    async def room_event(self, event):
        payload = payload_for_reader(
            event,
            member_id=self.member_id,
            blocked_ids=self.blocked,
            muted_words=self.muted_words,
        )
        if payload is not None:
            await self.send(text_data=json.dumps(payload))

    async def room_close(self, event):
        await self.close(code=event.get("code", CloseCode.NOT_FOUND))

    @database_sync_to_async
    def _may_listen(self, user) -> int | None:
        """None when the member may listen live; otherwise the close code. Also reads, once,
        whom they blocked and which words they muted."""
        session = GroupSession.objects.filter(pk=self.session_id).first()
        if session is None or session.cancelled_at:
            return CloseCode.NOT_FOUND
        access = room_access(session=session, member=user)
        if not access.is_live:
            return CloseCode.FORBIDDEN
        if session.is_over():
            return CloseCode.NOT_FOUND
        self.blocked = frozenset(blocked_member_ids(user))
        self.muted_words = reader_filters(user).muted_words
        return None
