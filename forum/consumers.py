"""Thread sockets: readers join the thread's group and receive its events.

The consumer never writes to the database and never renders per reader.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from forum.events import thread_group
from forum.models import Thread, Visibility


class ThreadConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        if not await self._thread_is_public():
            await self.close(code=4404)
            return
        self.group = thread_group(self.thread_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # Visitors only listen; members' small messages (presence, typing) come with live threads.
        return

    async def thread_event(self, event):
        await self.send_json(event["payload"])

    @database_sync_to_async
    def _thread_is_public(self) -> bool:
        return Thread.objects.filter(pk=self.thread_id, state=Visibility.PUBLISHED).exists()
