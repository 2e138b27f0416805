"""Thread sockets: readers join the thread's group and receive its events.

The consumer never writes to the database and never renders per reader. Visitors only listen;
members may send two small messages (typing, and nothing else yet), each validated and
size- and rate-limited.
"""

import asyncio
import json
import logging
import time

from channels.db import database_sync_to_async

from accounts.selectors import blocked_member_ids
from core.consumers import GroupConsumer
from core.live import CloseCode
from forum import presence
from forum.events import thread_group
from forum.models import Thread, Visibility
from forum.reading import payload_for_reader, reader_filters

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 512
FRAMES_PER_WINDOW = 10
FRAME_WINDOW_SECONDS = 10.0
TYPING_INTERVAL_SECONDS = 3.0


class ThreadConsumer(GroupConsumer):
    NO_DATABASE_HANDLERS = GroupConsumer.NO_DATABASE_HANDLERS | {
        "thread.event",
        "thread.typing",
        "thread.presence",
    }

    async def connect(self):
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        self.frame_times: list[float] = []
        self.last_typing = 0.0
        user = self.scope.get("user")
        self.member_id = user.pk if user is not None and user.is_authenticated else None
        self.blocked: frozenset[int] = frozenset()
        self.muted_words: tuple[str, ...] = ()
        if not await self._thread_is_public():
            await self.close(code=CloseCode.NOT_FOUND)
            return
        if self.member_id is not None:
            self.blocked, self.muted_words = await self._reader_choices()
        if not await self.join_groups([thread_group(self.thread_id)], user=user):
            return
        await self.accept()
        self.presence_task = asyncio.ensure_future(self._keep_presence())

    async def disconnect(self, code):
        task = getattr(self, "presence_task", None)
        if task is not None:
            task.cancel()
            await self._announce_presence(await self._safely(presence.leave))
        await super().disconnect(code)

    # Incoming frames -------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.member_id is None:
            await self.close(code=CloseCode.FORBIDDEN)
            return
        if not self._within_rate():
            await self.close(code=CloseCode.TOO_MANY)
            return
        message = self._parse(text_data, bytes_data)
        if message is None:
            await self.close(code=CloseCode.BAD_FRAME)
            return
        if message.get("type") == "typing":
            await self._typing()

    def _within_rate(self) -> bool:
        now = time.monotonic()
        self.frame_times = [t for t in self.frame_times if now - t < FRAME_WINDOW_SECONDS]
        self.frame_times.append(now)
        return len(self.frame_times) <= FRAMES_PER_WINDOW

    @staticmethod
    def _parse(text_data, bytes_data) -> dict | None:
        if bytes_data is not None or text_data is None:
            return None
        if len(text_data.encode("utf-8", "surrogatepass")) > MAX_FRAME_BYTES:
            return None
        try:
            message = json.loads(text_data)
        except ValueError:
            return None
        if not isinstance(message, dict) or message.get("type") not in {"typing"}:
            return None
        return message

    async def _typing(self):
        now = time.monotonic()
        if now - self.last_typing < TYPING_INTERVAL_SECONDS:
            return
        self.last_typing = now
        await self.channel_layer.group_send(
            thread_group(self.thread_id),
            {"type": "thread.typing", "sender": self.channel_name},
        )

    # Group events ----------------------------------------------------------------------

    async def thread_event(self, event):
        """A post or thread event, rendered once by the sender; this reader's variant is picked
        by forum.reading, the same function catch-up uses."""
        payload = payload_for_reader(event, blocked_ids=self.blocked, muted_words=self.muted_words)
        await self.send(text_data=json.dumps(payload))
        if event["payload"].get("type") == "thread.hidden":
            await self.close(code=CloseCode.NOT_FOUND)

    async def thread_typing(self, event):
        if event.get("sender") != self.channel_name:
            await self.send(text_data=json.dumps({"type": "typing"}))

    async def thread_presence(self, event):
        await self.send(text_data=json.dumps(event["payload"]))

    # Presence --------------------------------------------------------------------------

    async def _keep_presence(self):
        try:
            while True:
                await self._announce_presence(await self._safely(presence.join))
                await asyncio.sleep(presence.RENEW_SECONDS)
                await self.rejoin_groups()
        except asyncio.CancelledError:
            pass

    async def _safely(self, action) -> int | None:
        try:
            return await action(self.thread_id, self.channel_name)
        except Exception:
            logger.warning("Presence update failed for thread %s", self.thread_id, exc_info=True)
            return None

    async def _announce_presence(self, count: int | None):
        if count is None or not presence.should_announce(self.thread_id, count):
            return
        payload = {"type": "presence", "count": count, "text": presence.describe(count)}
        try:
            await self.channel_layer.group_send(
                thread_group(self.thread_id), {"type": "thread.presence", "payload": payload}
            )
        except Exception:
            logger.warning("Presence broadcast failed", exc_info=True)

    # Database reads --------------------------------------------------------------------

    @database_sync_to_async
    def _thread_is_public(self) -> bool:
        return Thread.objects.filter(pk=self.thread_id, state=Visibility.PUBLISHED).exists()

    @database_sync_to_async
    def _reader_choices(self) -> tuple[frozenset[int], tuple[str, ...]]:
        """Whom the member blocked and which words they muted, read once when they connect."""
        member = self.scope["user"]
        return frozenset(blocked_member_ids(member)), reader_filters(member).muted_words
