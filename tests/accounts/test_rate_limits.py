import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts import throttles
from accounts.models import Member

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clock(monkeypatch):
    """Move time forward for the rate limiter (and the cache's expiry, which reads the same).

    Starts just after the turn of an hour, so no fixed window (10 min, 15 min, 1 hour) can roll
    over in the middle of a test and make it flaky."""
    real = time.time
    now = real()

    class Clock:
        offset = (now // 3600 + 1) * 3600 + 1 - now

        def advance(self, seconds):
            self.offset += seconds

    clock = Clock()
    monkeypatch.setattr(time, "time", lambda: real() + clock.offset)
    return clock


def from_address(address="198.51.100.20"):
    return Client(REMOTE_ADDR=address)


def signup(browser, pseudonym):
    return browser.post(
        "/accounts/signup/",
        {"pseudonym": pseudonym, "password1": "x", "password2": "y", "age_ok": "on"},
    )


def assert_limited(response):
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600


@pytest.mark.django_db
def test_signups_from_one_client_are_limited_and_the_typed_pseudonym_kept(clock):
    browser = from_address()
    for n in range(throttles.SIGNUP_PER_CLIENT.count):
        assert signup(browser, f"Person{n}x").status_code == 400  # mismatched passwords
    response = signup(browser, "KeptName")
    assert_limited(response)
    page = response.content.decode()
    assert 'value="KeptName"' in page and "try again in" in page
    assert signup(from_address("198.51.100.21"), "Other").status_code == 400  # another client

    clock.advance(throttles.SIGNUP_PER_CLIENT.seconds)
    assert signup(browser, "KeptName").status_code == 400


def log_in(browser, pseudonym, password):
    return browser.post("/accounts/login/", {"username": pseudonym, "password": password})


@pytest.mark.django_db
def test_login_failures_from_one_client_are_limited_then_recover(clock, member, password):
    browser = from_address()
    for _ in range(throttles.LOGIN_FAILURES_PER_CLIENT.count):
        assert log_in(browser, "QuietHeron", "wrong").status_code == 400
    limited = log_in(browser, "QuietHeron", password)  # even the right password waits
    assert_limited(limited)
    assert 'value="QuietHeron"' in limited.content.decode()
    assert log_in(from_address("198.51.100.99"), "QuietHeron", password).status_code == 302

    clock.advance(throttles.LOGIN_FAILURES_PER_CLIENT.seconds)
    assert log_in(browser, "QuietHeron", password).status_code == 302


@pytest.mark.django_db
def test_login_failures_against_one_account_are_limited_across_clients(clock, member, password):
    limit = throttles.LOGIN_FAILURES_PER_ACCOUNT
    for n in range(limit.count):
        log_in(from_address(f"10.0.{n // 200}.{n % 200}"), "quietheron", "wrong")
    assert_limited(log_in(from_address("10.9.9.9"), "QuietHeron", password))
    assert log_in(from_address("10.9.9.9"), "BrightOtter", "wrong").status_code == 400

    clock.advance(limit.seconds)
    assert log_in(from_address("10.9.9.9"), "QuietHeron", password).status_code == 302


def recover(browser, pseudonym="QuietHeron", code="aaaa-bbbb-cccc-dddd"):
    new = "a brand new lantern by the sea"
    return browser.post(
        "/accounts/recover/",
        {"pseudonym": pseudonym, "code": code, "password1": new, "password2": new},
    )


@pytest.mark.django_db
def test_recovery_attempts_are_limited_per_account_and_per_client(clock, member):
    from accounts import services

    code = services.issue_recovery_codes(member=member)[0]
    limit = throttles.RECOVERY_FAILURES_PER_ACCOUNT
    for n in range(limit.count):
        assert recover(from_address(f"10.1.0.{n}")).status_code == 400
    limited = recover(from_address("10.1.1.1"), code=code)
    assert_limited(limited)
    assert 'value="QuietHeron"' in limited.content.decode()
    assert not Member.objects.get(pk=member.pk).check_password("a brand new lantern by the sea")

    browser = from_address("10.2.0.1")
    clock.advance(limit.seconds)
    for n in range(throttles.RECOVERY_FAILURES_PER_CLIENT.count):
        recover(browser, pseudonym=f"Nobody{n}")
    assert_limited(recover(browser, code=code))

    clock.advance(limit.seconds)
    assert recover(browser, code=code).status_code == 302


@pytest.mark.django_db
def test_pseudonym_checks_are_limited_then_recover(clock):
    browser = from_address()
    for _ in range(throttles.PSEUDONYM_CHECKS_PER_CLIENT.count):
        assert browser.get(reverse("accounts:suggest")).status_code == 200
    assert_limited(browser.get(reverse("accounts:check"), {"pseudonym": "Egret"}))
    assert_limited(browser.get(reverse("accounts:suggest")))
    assert_limited(browser.get("/accounts/signup/", {"suggest": 1}))
    assert browser.get("/accounts/signup/").status_code == 200  # joining itself stays open

    clock.advance(throttles.PSEUDONYM_CHECKS_PER_CLIENT.seconds)
    assert browser.get(reverse("accounts:suggest")).status_code == 200


@pytest.mark.django_db
def test_pseudonym_changes_count_per_account(clock, member):
    browser = from_address()
    browser.force_login(member)
    for n in range(throttles.PSEUDONYM_CHECKS_PER_ACCOUNT.count):
        browser.post("/accounts/settings/pseudonym/", {"pseudonym": "sam@example.org"})
    other_address = from_address("198.51.100.77")
    other_address.force_login(member)
    limited = other_address.post("/accounts/settings/pseudonym/", {"pseudonym": "GentleMaple"})
    assert_limited(limited)
    assert 'value="GentleMaple"' in limited.content.decode()


# Run in a separate interpreter: counts one client's login failures against the shared cache.
CHILD = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from django.test import RequestFactory
    from accounts import throttles
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="203.0.113.50")
    verdicts = []
    for _ in range(int(sys.argv[1])):
        verdicts.append(throttles.login_allowed(request, "SharedHeron").allowed)
        throttles.login_failed(request, "SharedHeron")
    print(json.dumps(verdicts))
    """
)


def run_child(failures: int) -> list[bool]:
    # The test settings give both children this run's cache key prefix (PEERHAVEN_TEST_RUN_ID is
    # inherited), so they share counters with each other but with no other run or server.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DJANGO_SECRET_KEY": "shared-by-both-processes",
        "REDIS_URL": os.environ["REDIS_URL"],
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(failures)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a shared cache)")
def test_rate_limits_are_shared_by_two_processes_through_redis():
    assert os.environ.get("PEERHAVEN_TEST_RUN_ID"), "config.test_settings sets the run's prefix"
    limit = throttles.LOGIN_FAILURES_PER_CLIENT.count
    first = run_child(limit - 5)
    second = run_child(10)
    assert all(first)
    # The second process sees the first one's failures: only five more were allowed.
    assert second == [True] * 5 + [False] * 5
