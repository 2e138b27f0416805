"""With Redis gone, the cache reads as empty instead of failing the page."""

import pytest

from config.cache import ResilientRedisCache
from tests.servers import private_redis

pytestmark = pytest.mark.services


def test_reads_miss_and_writes_fail_quietly_while_redis_is_down_then_work_again():
    with private_redis() as redis:
        cache = ResilientRedisCache(redis.url, {"OPTIONS": {"socket_connect_timeout": 1,
                                                            "socket_timeout": 1}})  # fmt: skip
        cache.set("panel", ["988"], 60)
        assert cache.get("panel") == ["988"]
        redis.kill()
        assert cache.get("panel", "fallback") == "fallback"
        assert cache.add("k", 1) is False
        cache.set("panel", ["988"], 60)  # no exception
        cache.delete("panel")
        assert cache.get_many(["a", "b"]) == {}
        redis.start()
        cache.set("panel", ["741741"], 60)
        assert cache.get("panel") == ["741741"]


@pytest.mark.django_db
def test_the_resources_page_and_healthz_answer_while_the_cache_is_down(client, settings):
    with private_redis() as redis:
        # Django resets its cache connections when CACHES changes (a setting_changed receiver).
        settings.CACHES = {
            "default": {"BACKEND": "config.cache.ResilientRedisCache", "LOCATION": redis.url}
        }
        redis.kill()
        page = client.get("/resources/")
        assert page.status_code == 200 and 'href="tel:988"' in page.content.decode()
