"""What every Peerhaven socket does with channel-layer groups, in one place."""

import logging

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer

from core.live import CloseCode, member_group, session_group

logger = logging.getLogger(__name__)


class GroupConsumer(AsyncWebsocketConsumer):
    """Joins its groups, plus a signed-in member's own groups (so logging out, "log out
    everywhere", a password change, deletion or suspension close the socket), leaves them
    on disconnect, and closes when the session ends."""

    groups_joined: list[str]
    # Handlers that never touch the database. Channels hops to a worker thread before every
    # handler to close stale database connections; for these forwarders that hop was most of
    # the cost of a broadcast (bench/fanout.py: p95 at 500 readers 9.1 s -> 2.4 s without it).
    NO_DATABASE_HANDLERS = frozenset({"session.ended"})

    async def dispatch(self, message):
        if message["type"] in self.NO_DATABASE_HANDLERS:
            await getattr(self, get_handler_name(message))(message)
        else:
            await super().dispatch(message)

    async def join_groups(self, groups: list[str], *, user=None) -> bool:
        """Join, or close with "try again" if the layer (Redis) is away. True when joined."""
        self.groups_joined = []
        groups = list(groups)
        if user is not None and user.is_authenticated:
            groups.append(member_group(user.pk))
            session_key = getattr(self.scope.get("session"), "session_key", None)
            if session_key:
                groups.append(session_group(session_key))
        try:
            for group in groups:
                await self.channel_layer.group_add(group, self.channel_name)
                self.groups_joined.append(group)
        except Exception:
            # The client's backoff brings it back; the page works and catch-up fills gaps.
            logger.warning("Could not join %s", groups[0], exc_info=True)
            await self.close(code=CloseCode.TRY_AGAIN)
            return False
        return True

    async def rejoin_groups(self) -> None:
        """Join again (idempotent): a Redis that restarted comes back without our groups."""
        for group in getattr(self, "groups_joined", []):
            try:
                await self.channel_layer.group_add(group, self.channel_name)
            except Exception:
                logger.info("Could not rejoin %s; will retry", group, exc_info=True)
                return

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:
                # Group membership expires on its own in the layer; nothing is lost.
                logger.info("Could not leave group %s", group, exc_info=True)

    async def close(self, code=None, reason=None):
        # Daphne's Autobahn takes only a plain int as a close code: given a CloseCode (an
        # IntEnum) it raised, and the browser saw 1011 instead of the reason.
        if isinstance(code, CloseCode):
            code = int(code)
        await super().close(code=code, reason=reason)

    async def session_ended(self, event):
        await self.close(code=CloseCode.SESSION_ENDED)
