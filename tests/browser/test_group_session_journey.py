"""A peer supporter schedules a group session, two members join it in their own windows and
talk live; one of them writes that tonight they will take their pills, and only they see
those words (with the support panel), while the facilitator is told without them."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import log_in, new_chromium, policy_violations, wait_for
from tests.browser.test_live_connection_journey import record_sockets, sockets_to
from tests.conftest import live_db

pytestmark = [pytest.mark.browser, live_db]

RISKY = "I have the pills saved up and tonight I'm going to take them all"
# How long the other participant's window is watched for the risky text: the held message
# is never broadcast, so it would arrive within a second or two if it were.
NEVER_ARRIVES_SECONDS = 4


@pytest.fixture
def third_browser():
    """The facilitator's window: a third person with their own cookies."""
    drv = new_chromium()
    yield drv
    violations = policy_violations(drv)
    drv.quit()
    assert violations == [], violations


def set_value(driver, name: str, value: str) -> None:
    """Type-independent input (a datetime-local field's keystrokes depend on the locale)."""
    field = driver.find_element(By.CSS_SELECTOR, f"form.group-form [name={name}]")
    driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        field,
        value,
    )


def schedule_session_open_now(driver, server_url) -> str:
    """Fill /groups/new/ as the supporter would; returns the new session's path."""
    driver.get(f"{server_url}/groups/new/")
    form = driver.find_element(By.CSS_SELECTOR, "form.group-form")
    form.find_element(By.NAME, "title").send_keys("Evening check-in")
    form.find_element(By.NAME, "description").send_keys("A gentle hour to talk about the week.")
    board = Select(driver.find_element(By.CSS_SELECTOR, "form.group-form select[name=board]"))
    board.select_by_index(len(board.options) - 1)
    # A few minutes ahead in the form's zone: the room opens before starts_at, so it is open.
    starts = datetime.now(UTC) + timedelta(minutes=3)
    set_value(driver, "starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    set_value(driver, "timezone", "UTC")
    set_value(driver, "duration_minutes", "60")
    set_value(driver, "capacity", "8")
    driver.find_element(By.XPATH, "//button[normalize-space()='Schedule']").click()
    wait_for(lambda: driver.current_url.rstrip("/").split("/")[-1].isdigit())
    return "/groups/" + driver.current_url.rstrip("/").split("/")[-1] + "/"


def join_and_open_room(driver, server_url, pseudonym: str, session_path: str) -> None:
    log_in(driver, server_url, pseudonym)
    record_sockets(driver)
    driver.get(f"{server_url}{session_path}")
    driver.find_element(By.XPATH, "//button[normalize-space()='Join']").click()
    wait_for(lambda: driver.find_element(By.ID, "room-form"))
    wait_for_room_socket(driver, session_path)


def wait_for_room_socket(driver, session_path: str) -> None:
    socket_path = "/ws" + session_path
    wait_for(lambda: any(s["open"] for s in sockets_to(driver, socket_path)))


def send_room_message(driver, text: str) -> None:
    driver.find_element(By.ID, "id_room_body").send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "#room-form button[type=submit]").click()


def assert_never_shows(driver, text: str, *, seconds: float) -> None:
    """Watch the page for `seconds`, failing the moment `text` appears anywhere in it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert text not in driver.page_source
        time.sleep(0.2)


def room_text(driver) -> str:
    return driver.find_element(By.ID, "room-messages").text


def test_a_supporter_schedules_two_members_talk_live_and_a_risky_message_reaches_only_its_author(
    browser, second_browser, third_browser, server_url, make_member
):
    from supporters.services import grant_supporter_role

    supporter = make_member("SteadyWren5")
    with transaction.atomic():
        grant_supporter_role(member=supporter, via="browser journey")
    make_member("QuietHeron42")
    make_member("BraveOtter7")
    facilitator, heron, otter = third_browser, browser, second_browser

    log_in(facilitator, server_url, "SteadyWren5")
    session_path = schedule_session_open_now(facilitator, server_url)
    record_sockets(facilitator)
    facilitator.get(f"{server_url}{session_path}")
    wait_for_room_socket(facilitator, session_path)

    join_and_open_room(heron, server_url, "QuietHeron42", session_path)
    join_and_open_room(otter, server_url, "BraveOtter7", session_path)

    # They talk live: each message appears in the other window without a reload.
    send_room_message(heron, "Hello everyone, first time here.")
    wait_for(lambda: "Hello everyone, first time here." in room_text(otter))
    send_room_message(otter, "Welcome, glad you came.")
    wait_for(lambda: "Welcome, glad you came." in room_text(heron))
    assert "Hello everyone, first time here." in room_text(facilitator)

    # The risky message: its author sees it held, with the support panel, at once.
    send_room_message(heron, RISKY)
    panel = wait_for(lambda: heron.find_element(By.CSS_SELECTOR, "section[data-support-panel]"))
    assert panel.is_displayed()
    assert RISKY in room_text(heron)

    # The facilitator is alerted, without the words.
    wait_for(lambda: "held for a moderator" in facilitator.find_element(By.ID, "room-alerts").text)
    assert RISKY not in facilitator.page_source

    # The other member never sees it: not live, and not after reloading the page either.
    assert_never_shows(otter, RISKY, seconds=NEVER_ARRIVES_SECONDS)
    otter.refresh()
    wait_for(lambda: otter.find_element(By.ID, "room-messages"))
    assert RISKY not in otter.page_source
    assert "Welcome, glad you came." in room_text(otter)
