"""Flood control in the shared cache, so every process counts together.

A fixed window per key: simple, predictable for members ("3 threads in 10 minutes"), and one
cache round trip per check.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache


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


def peek(limit: Limit, key: str) -> Verdict:
    """Would one more hit be allowed? Counts nothing."""
    now = time.time()
    cache_key, window_end = _window_key(limit, key, now)
    used = cache.get(cache_key, 0)
    if used >= limit.count:
        return Verdict(False, max(1, int(window_end - now)))
    return Verdict(True)


def hit(limit: Limit, key: str) -> Verdict:
    """Count one attempt and say whether it was within the limit."""
    now = time.time()
    cache_key, window_end = _window_key(limit, key, now)
    cache.add(cache_key, 0, timeout=limit.seconds + 5)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=limit.seconds + 5)
        used = 1
    if used > limit.count:
        return Verdict(False, max(1, int(window_end - now)))
    return Verdict(True)


def reset(limit: Limit, key: str) -> None:
    cache.delete(_window_key(limit, key, time.time())[0])
