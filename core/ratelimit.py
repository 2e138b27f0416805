"""Flood control in the shared cache, so every process counts together.

A fixed window per key: simple, predictable for members ("3 threads in 10 minutes"), and one
cache round trip per check.
"""

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


def _window_key(limit: Limit, key: str, now: float) -> tuple[str, int]:
    window = int(now // limit.seconds)
    return f"rl:{limit.name}:{key}:{window}", (window + 1) * limit.seconds


def _cache_down(limit: Limit) -> Verdict:
    # The forum must stay usable while the cache (Redis) is away: people in crisis still need
    # to log in and post. Limits resume when it returns; the outage is logged.
    logger.warning("Rate limit %s not checked: the cache is unavailable", limit.name, exc_info=True)
    return Verdict(True)


def peek(limit: Limit, key: str) -> Verdict:
    """Would one more hit be allowed? Counts nothing."""
    now = time.time()
    cache_key, window_end = _window_key(limit, key, now)
    try:
        used = cache.get(cache_key, 0)
    except Exception:
        return _cache_down(limit)
    if used >= limit.count:
        return Verdict(False, max(1, int(window_end - now)))
    return Verdict(True)


def hit(limit: Limit, key: str) -> Verdict:
    """Count one attempt and say whether it was within the limit."""
    now = time.time()
    cache_key, window_end = _window_key(limit, key, now)
    try:
        cache.add(cache_key, 0, timeout=limit.seconds + 5)
        try:
            used = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=limit.seconds + 5)
            used = 1
    except Exception:
        return _cache_down(limit)
    if used > limit.count:
        return Verdict(False, max(1, int(window_end - now)))
    return Verdict(True)


def reset(limit: Limit, key: str) -> None:
    try:
        cache.delete(_window_key(limit, key, time.time())[0])
    except Exception:
        _cache_down(limit)
