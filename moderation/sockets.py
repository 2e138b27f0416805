"""Sanctions on sockets: a muted member's thread sockets still receive everything, but their
"someone is writing" frames go nowhere.

An ASGI wrapper around the thread routes (see config.routing), so forum.consumers stays
unaware of sanctions. Whether the member is muted is looked up on their first typing frame and
again at most every RECHECK_SECONDS, so a mute reaches an open socket within that time and an
ordinary reader's socket costs no query at all.
"""

import json
import time

from channels.db import database_sync_to_async
from django.urls import URLPattern, path

RECHECK_SECONDS = 30.0


def _is_typing(message: dict) -> bool:
    text = message.get("text")
    if message.get("type") != "websocket.receive" or not text or "typing" not in text:
        return False
    try:
        frame = json.loads(text)
    except ValueError:
        return False
    return isinstance(frame, dict) and frame.get("type") == "typing"


class MutedMembersDoNotType:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if user is None or not user.is_authenticated:
            return await self.app(scope, receive, send)
        member_id = user.pk
        state = {"checked_at": None, "silenced": False}

        async def receive_without_muted_typing():
            while True:
                message = await receive()
                if not _is_typing(message):
                    return message
                now = time.monotonic()
                if state["checked_at"] is None or now - state["checked_at"] > RECHECK_SECONDS:
                    state["silenced"] = await _silenced(member_id)
                    state["checked_at"] = now
                if not state["silenced"]:
                    return message

        return await self.app(scope, receive_without_muted_typing, send)


@database_sync_to_async
def _silenced(member_id: int) -> bool:
    from moderation.sanctions import is_silenced

    return is_silenced(member_id)


def muted_members_do_not_type(patterns: list[URLPattern]) -> list[URLPattern]:
    """The same routes, each wrapped in MutedMembersDoNotType."""
    return [path(str(p.pattern), MutedMembersDoNotType(p.callback), name=p.name) for p in patterns]
