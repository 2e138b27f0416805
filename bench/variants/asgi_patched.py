"""Peerhaven's ASGI app with one bench-only change, named in BENCH_OFF / BENCH_PATCH.

The app has no switch for these (bench/README.md proposes each), so the benches measure the
proposal by patching it in here, never in the app's code.

BENCH_OFF (comma-separated), for the posting bench's "what do they cost" comparison:
  scan:      forum.services.assess_text answers "none" without scanning (no flag is made);
  broadcast: forum.events.broadcast_post does nothing, so no post is rendered for readers nor
             sent to the group (the event is still numbered and logged for catch-up).
BENCH_PATCH (comma-separated), proposed optimisations, or an applied one taken back:
  fastdispatch: ThreadConsumer handles group events without Channels' per-message
             `aclose_old_connections()` (a thread-pool hop per reader per event), which only
             matters for handlers that use the database; these three never do.
  nopagecache: visitors' posts block rendered on every request (forum.page_cache with a
             cache that keeps nothing), to measure what the cache alone brings.
"""

import os

from config.asgi import application  # noqa: F401 - what daphne serves
from forum import events, services
from forum.consumers import ThreadConsumer
from safety.services import Assessment


def _names(variable: str) -> set[str]:
    return {part.strip() for part in os.environ.get(variable, "").split(",") if part.strip()}


OFF = _names("BENCH_OFF")
PATCH = _names("BENCH_PATCH")

if "scan" in OFF:

    def assess_text(text: str, **views) -> Assessment:
        return Assessment(severity="none")

    services.assess_text = assess_text

if "broadcast" in OFF:

    def broadcast_post(post_id: int, event_type: str, seq: int) -> None:
        return None

    events.broadcast_post = broadcast_post

if "nopagecache" in PATCH:
    from variants import without_page_cache

    without_page_cache()

if "fastdispatch" in PATCH:
    NO_DATABASE = {"thread.event", "thread.typing", "thread.presence"}
    _dispatch = ThreadConsumer.dispatch

    async def dispatch(self, message):
        if message["type"] in NO_DATABASE:
            await getattr(self, message["type"].replace(".", "_"))(message)
        else:
            await _dispatch(self, message)

    ThreadConsumer.dispatch = dispatch
