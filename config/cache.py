"""A Redis cache that degrades to "nothing cached" while Redis is unreachable.

Every cache read in Peerhaven is an optimisation or a soft limit: the support panel's
resource list, the lexicon's version key, rate-limit counters, unread counts. None of them
may take a page down, least of all the crisis lines, when Redis restarts. Reads return the
default, writes report failure, and the outage is logged (once a minute per process).
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
_LOG_EVERY_SECONDS = 60.0


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0

    def _degraded(self, operation: str, default):
        now = time.monotonic()
        if now - ResilientRedisCache._last_logged > _LOG_EVERY_SECONDS:
            ResilientRedisCache._last_logged = now
            logger.warning("Cache unavailable during %s; carrying on without it", operation,
                           exc_info=True)  # fmt: skip
        return default

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except (RedisError, OSError):
            return self._degraded("get", default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except (RedisError, OSError):
            return self._degraded("get_many", {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except (RedisError, OSError):
            return self._degraded("has_key", False)

    def set(self, key, value, timeout=None, version=None, **kwargs):
        try:
            return super().set(key, value, timeout, version, **kwargs)
        except (RedisError, OSError):
            return self._degraded("set", None)

    def add(self, key, value, timeout=None, version=None, **kwargs):
        try:
            return super().add(key, value, timeout, version, **kwargs)
        except (RedisError, OSError):
            return self._degraded("add", False)

    def set_many(self, data, timeout=None, version=None, **kwargs):
        try:
            return super().set_many(data, timeout, version, **kwargs)
        except (RedisError, OSError):
            return self._degraded("set_many", list(data))

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except (RedisError, OSError):
            return self._degraded("delete", False)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except (RedisError, OSError):
            return self._degraded("delete_many", None)

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except (RedisError, OSError):
            return self._degraded("touch", False)
