"""`POST /send/` puts one event (its body as the `html`) on the group with the time it was
sent; every socket on `/ws/floor/` receives it as a JSON text frame, as Peerhaven's readers do."""

import json
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "floor_channels.settings")
django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.layers import get_channel_layer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

GROUP = "floor"
_seq = 0


class FloorConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def floor_event(self, event):
        await self.send(text_data=json.dumps(event["payload"]))


async def send_event(scope, receive, send):
    """The sender: stamps the time just before group_send (the floor's "commit")."""
    global _seq
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    status = 404
    if scope["path"] == "/send/" and scope["method"] == "POST":
        _seq += 1
        payload = {"type": "post.created", "seq": _seq, "t0": time.time(), "html": body.decode()}
        await get_channel_layer().group_send(GROUP, {"type": "floor.event", "payload": payload})
        status = 204
    elif scope["path"] == "/":
        status = 200
    await send(
        {"type": "http.response.start", "status": status, "headers": [(b"content-length", b"0")]}
    )
    await send({"type": "http.response.body", "body": b""})


application = ProtocolTypeRouter(
    {
        "http": send_event,
        "websocket": URLRouter([path("ws/floor/", FloorConsumer.as_asgi())]),
    }
)
