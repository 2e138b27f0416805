"""The live connection (static/js/live.js) as a reader lives it: a dropped socket comes back by
itself and catches up on what was said meanwhile; when the session ends, the bell's socket
stays closed and the thread's comes back as a visitor's (reading never needs an account)."""

import time

import pytest
from selenium.webdriver.common.by import By

from forum import services
from tests.browser.conftest import log_in, wait_for
from tests.conftest import live_db

pytestmark = [pytest.mark.browser, live_db]

# Keeps every socket the page opens in window.__sockets, with the code it closed with. It is
# added through DevTools (as WebDriver's own scripts are), outside the page's CSP.
RECORD_SOCKETS = """
(function () {
  var Native = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      var socket = this;
      window.__sockets.push(socket);
      socket.addEventListener("close", function (event) { socket.closedWith = event.code; });
    }
  };
})();
"""


def record_sockets(driver):
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_SOCKETS})


def sockets_to(driver, path: str) -> list[dict]:
    """Each socket the page opened to `path`, oldest first: open or not, and its close code."""
    return driver.execute_script(
        "var path = arguments[0];"
        "return window.__sockets.filter(function (s) { return s.url.endsWith(path); })"
        ".map(function (s) { return {open: s.readyState === 1, code: s.closedWith || null}; });",
        path,
    )


def test_a_dropped_thread_socket_comes_back_and_catches_up_on_what_it_missed(
    second_browser, server_url, other_member, make_thread
):
    thread = make_thread(title="Night shifts")
    reader = second_browser
    record_sockets(reader)
    reader.get(f"{server_url}/threads/{thread.pk}/")
    reader.execute_script("window.__noReload = true;")
    path = f"/ws/threads/{thread.pk}/"
    wait_for(lambda: sockets_to(reader, path) == [{"open": True, "code": None}])

    # Saved by this process, whose channel layer the page's server never hears: the reply
    # reaches the reader only through the catch-up that follows a reconnect.
    services.create_post(thread=thread, author=other_member, body="Nights are long, I know.")
    assert "Nights are long" not in reader.find_element(By.ID, "posts").text
    reader.execute_script("window.__sockets[0].close();")

    wait_for(lambda: "Nights are long" in reader.find_element(By.ID, "posts").text, timeout=20)
    assert [s["open"] for s in sockets_to(reader, path)] == [False, True]
    assert reader.execute_script("return window.__noReload === true;")


def test_when_the_session_ends_the_bell_stays_away_and_the_thread_reconnects_as_a_visitor(
    browser, server_url, member, make_thread
):
    thread = make_thread(title="Quiet mornings")
    record_sockets(browser)
    log_in(browser, server_url, member.pseudonym)
    browser.get(f"{server_url}/threads/{thread.pk}/")
    paths = [f"/ws/threads/{thread.pk}/", "/ws/me/"]
    wait_for(
        lambda: all(sockets_to(browser, path) == [{"open": True, "code": None}] for path in paths)
    )
    codes = browser.execute_script(
        "return JSON.parse(document.getElementById('close-codes').textContent);"
    )
    reading = browser.current_window_handle

    # Logging out in another tab ends the session both sockets belong to.
    browser.switch_to.new_window("tab")
    browser.get(f"{server_url}/")
    browser.find_element(By.XPATH, "//button[normalize-space()='Log out']").click()
    wait_for(lambda: "Log in" in browser.find_element(By.TAG_NAME, "header").text)
    browser.switch_to.window(reading)

    ended = {"open": False, "code": codes["SESSION_ENDED"]}
    bell, thread_path = "/ws/me/", f"/ws/threads/{thread.pk}/"
    wait_for(lambda: sockets_to(browser, bell) == [ended])
    wait_for(lambda: sockets_to(browser, thread_path) == [ended, {"open": True, "code": None}])
    time.sleep(4)  # longer than the first backoff (1-2 s): a retry would have opened by now
    assert sockets_to(browser, bell) == [ended]
