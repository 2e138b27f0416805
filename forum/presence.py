"""How many people are reading a thread, counted across processes, with no identities.

With Redis, each socket is a member of a sorted set scored by when its lease ends; sockets
renew their lease while open, so a process that dies stops counting within one lease. Without
Redis (one process, the embedded default) a dictionary does the same job.
"""

import asyncio
import time

from django.conf import settings

LEASE_SECONDS = 60
RENEW_SECONDS = 20

_local: dict[int, dict[str, float]] = {}
_redis = None


def _client():
    """A synchronous client with short timeouts, used from a worker thread. An asyncio Redis
    connection belongs to one event loop, and one cancelled mid-command can hang the loop's
    shutdown; presence is rare enough (join, leave, a renewal every 20 s) for a thread hop."""
    global _redis
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
    return _redis


def _key(thread_id: int) -> str:
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "peerhaven")
    return f"{prefix}:presence:{thread_id}"


def _join_redis(thread_id: int, socket_id: str, expires: float) -> int:
    key = _key(thread_id)
    pipe = _client().pipeline(transaction=False)
    pipe.zadd(key, {socket_id: expires})
    pipe.zremrangebyscore(key, 0, time.time())
    pipe.zcard(key)
    pipe.expire(key, LEASE_SECONDS * 2)
    return int(pipe.execute()[2])


def _leave_redis(thread_id: int, socket_id: str) -> int:
    key = _key(thread_id)
    pipe = _client().pipeline(transaction=False)
    pipe.zrem(key, socket_id)
    pipe.zremrangebyscore(key, 0, time.time())
    pipe.zcard(key)
    return int(pipe.execute()[2])


async def join(thread_id: int, socket_id: str) -> int:
    """Register (or renew) a reader and return how many are reading."""
    expires = time.time() + LEASE_SECONDS
    if not settings.REDIS_URL:
        readers = _local.setdefault(thread_id, {})
        readers[socket_id] = expires
        return _count_local(thread_id)
    return await asyncio.to_thread(_join_redis, thread_id, socket_id, expires)


async def leave(thread_id: int, socket_id: str) -> int:
    if not settings.REDIS_URL:
        _local.get(thread_id, {}).pop(socket_id, None)
        return _count_local(thread_id)
    return await asyncio.to_thread(_leave_redis, thread_id, socket_id)


def _count_local(thread_id: int) -> int:
    now = time.time()
    readers = _local.get(thread_id, {})
    for socket_id in [s for s, until in readers.items() if until < now]:
        del readers[socket_id]
    return len(readers)


ANNOUNCE_INTERVAL_SECONDS = 5.0
_announced: dict[int, tuple[float, int]] = {}


def should_announce(thread_id: int, count: int) -> bool:
    """At most one presence message per thread per interval from this process, and only when
    the number changed: 500 readers connecting must not cause 500 x 500 frames."""
    now = time.monotonic()
    last_time, last_count = _announced.get(thread_id, (0.0, -1))
    if count == last_count or now - last_time < ANNOUNCE_INTERVAL_SECONDS:
        return False
    _announced[thread_id] = (now, count)
    return True


def describe(count: int) -> str:
    if count <= 1:
        return ""
    return f"{count} people are reading"
