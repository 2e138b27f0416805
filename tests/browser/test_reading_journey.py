"""A newcomer reads without signing up, finds the crisis line, and can leave in an instant."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import wait_for
from tests.conftest import live_db

pytestmark = [pytest.mark.browser, live_db]


def test_a_visitor_reads_a_board_and_a_thread_then_leaves_with_escape_twice(
    browser, server_url, make_thread
):
    thread = make_thread(title="Getting through the evenings", body="Evenings are the hardest.")
    browser.get(server_url + "/")
    assert "Peerhaven" in browser.title

    crisis = browser.find_element(By.LINK_TEXT, "In crisis? Call or text 988")
    assert crisis.get_attribute("href") == server_url + "/resources/"

    browser.find_element(By.LINK_TEXT, thread.board.name).click()
    wait_for(lambda: f"/boards/{thread.board.slug}/" in browser.current_url)
    browser.find_element(By.LINK_TEXT, "Getting through the evenings").click()
    wait_for(lambda: f"/threads/{thread.pk}/" in browser.current_url)
    assert "Evenings are the hardest." in browser.find_element(By.ID, "main").text

    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.ESCAPE)
    body.send_keys(Keys.ESCAPE)
    wait_for(lambda: browser.current_url == "about:blank")


def test_the_leave_button_leaves_with_one_click(browser, server_url):
    browser.get(server_url + "/")
    browser.find_element(By.CSS_SELECTOR, "[data-quick-exit]").click()
    wait_for(lambda: browser.current_url == "about:blank")
