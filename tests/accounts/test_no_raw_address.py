import logging
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import Member

ADDRESS = "203.0.113.7"
CODE = re.compile(r"\b[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}\b")


@pytest.mark.django_db
def test_no_column_cache_key_or_log_line_holds_a_raw_address(
    caplog, other_member, make_thread, database_dump, monkeypatch
):
    from safety.services import Assessment

    monkeypatch.setattr("safety.account_receivers.assess_text", lambda text: Assessment("none"))
    caplog.set_level(logging.DEBUG)
    browser = Client(REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=ADDRESS)
    make_thread(other_member, title="Hello")
    password = "a quiet heron by the river"

    browser.get("/accounts/signup/", {"suggest": 1})
    browser.get(reverse("accounts:check"), {"pseudonym": "Egret"})
    browser.post(
        "/accounts/signup/",
        {"pseudonym": "CalmFinch", "password1": password, "password2": password, "age_ok": "on"},
    )
    code = CODE.findall(browser.get("/accounts/recovery-codes/").content.decode())[0]
    browser.get("/accounts/recovery-codes/download/")
    browser.post(reverse("accounts:edit_about"), {"about": "Tea helps"})
    browser.post(reverse("accounts:block", args=["BrightOtter"]))
    browser.post(reverse("accounts:logout_everywhere"))
    browser.post(reverse("accounts:export"), {"password": password})
    browser.post("/accounts/logout/")
    browser.post("/accounts/login/", {"username": "CalmFinch", "password": "wrong"})
    new = "a brand new lantern by the sea"
    browser.post(
        "/accounts/recover/",
        {"pseudonym": "CalmFinch", "code": code, "password1": new, "password2": new},
    )
    browser.post("/accounts/login/", {"username": "CalmFinch", "password": new})
    browser.get(reverse("accounts:profile", args=["CalmFinch"]))
    assert Member.objects.get(pseudonym="CalmFinch").last_login is not None

    assert ADDRESS not in database_dump()
    for record in caplog.records:
        assert ADDRESS not in record.getMessage()
        assert ADDRESS not in repr(record.__dict__)
    keys = cache_keys()
    assert any("rl:" in key for key in keys), "the requests above were rate-counted"
    assert all(ADDRESS not in key for key in keys)


def cache_keys() -> list[str]:
    from django.conf import settings

    if settings.REDIS_URL:
        import redis

        prefix = settings.CACHES["default"]["KEY_PREFIX"]
        client = redis.Redis.from_url(settings.REDIS_URL)
        return [key.decode() for key in client.scan_iter(match=f"{prefix}:*")]
    return [str(key) for key in cache._cache]
