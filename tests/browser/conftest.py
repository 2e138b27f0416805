"""The browser suite: a real daphne serving the test database, and headless Chromium.

Tests that use `server_url` need `@pytest.mark.django_db(transaction=True)` so the rows they
create are committed and visible to the server process.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import requires_service

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return (
            f"sqlite:///{db['NAME']}" if db["NAME"].startswith("/") else f"sqlite:///{db['NAME']}"
        )
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def server_url(django_db_setup, django_db_blocker):
    """A daphne process on a free port, reading and writing the test database."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # No network here: the quick exit goes somewhere that always loads.
        "NEUTRAL_EXIT_URL": "about:blank",
    }
    log = open(ROOT / ".browser-server.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "--access-log",
            "/dev/null",
            "config.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)  # noqa: S310
            break
        except Exception:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("daphne did not start for the browser tests")
    if process.poll() is not None:
        pytest.fail(f"daphne exited: see {ROOT / '.browser-server.log'}")
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def _chromium_paths() -> tuple[str | None, str | None]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return binary, driver


def new_chromium():
    """Headless Debian Chromium through Selenium, with no background network chatter."""
    binary, driver = _chromium_paths()
    if not (binary and driver):
        requires_service("chromium and chromium-driver", "install with `make test` (apt-get)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1200,900",
    ):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(driver), options=options)
    drv.implicitly_wait(0)
    return drv


def policy_violations(drv) -> list[str]:
    """Console messages saying the Content-Security-Policy blocked something."""
    return [
        entry["message"]
        for entry in drv.get_log("browser")
        if "Content Security Policy" in entry["message"]
        or "Content-Security-Policy" in entry["message"]
    ]


@pytest.fixture
def browser():
    drv = new_chromium()
    yield drv
    violations = policy_violations(drv)
    drv.quit()
    assert violations == [], violations


@pytest.fixture
def second_browser():
    """Another window with its own cookies, for a second person in the same journey."""
    drv = new_chromium()
    yield drv
    violations = policy_violations(drv)
    drv.quit()
    assert violations == [], violations


def wait_for(condition, timeout=10.0, interval=0.1):
    """Poll until `condition()` is truthy; return its value or fail with a clear message."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = condition()
            if last:
                return last
        except Exception as exc:  # element not there yet
            last = exc
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout}s (last: {last!r})")


def log_in(browser, server_url, pseudonym, password="a calm long passphrase 7"):
    from selenium.webdriver.common.by import By

    browser.get(f"{server_url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(pseudonym)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "#main form button[type=submit]").click()
    wait_for(lambda: "/accounts/login/" not in browser.current_url)
