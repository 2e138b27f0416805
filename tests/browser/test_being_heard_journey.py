"""Being heard: a member posts, another finds it waiting and answers, and the first member's
bell rings live and leads straight to the reply."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import log_in, wait_for
from tests.conftest import live_db

pytestmark = [pytest.mark.browser, live_db]


def button(driver, label):
    return driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']")


def bell_number(driver) -> str:
    badge = driver.find_element(By.CSS_SELECTOR, "[data-bell-count]")
    return (
        ""
        if not badge.is_displayed()
        else badge.find_element(By.CSS_SELECTOR, "[data-bell-number]").text
    )


def test_a_waiting_post_is_answered_and_its_author_hears_live(
    browser, second_browser, server_url, member, other_member, board
):
    # A writes in a dark moment.
    log_in(browser, server_url, member.pseudonym)
    browser.get(f"{server_url}/boards/{board.slug}/new/")
    browser.find_element(By.NAME, "title").send_keys("Nobody ever answers me")
    browser.find_element(By.NAME, "body").send_keys("Another night awake. Is anyone there?")
    button(browser, "Post thread").click()
    wait_for(lambda: "/threads/" in browser.current_url)
    assert bell_number(browser) == ""

    # B finds it under "Waiting for a reply" and answers.
    log_in(second_browser, server_url, other_member.pseudonym)
    second_browser.get(f"{server_url}/")
    second_browser.find_element(By.LINK_TEXT, "Waiting for a reply").click()
    wait_for(lambda: "/waiting/" in second_browser.current_url)
    second_browser.find_element(By.LINK_TEXT, "Nobody ever answers me").click()
    second_browser.find_element(By.CSS_SELECTOR, "#reply textarea[name=body]").send_keys(
        "I'm here. Nights like that are so long. What keeps you up?"
    )
    button(second_browser, "Post reply").click()
    wait_for(lambda: "#post-" in second_browser.current_url)
    reply_id = second_browser.current_url.rsplit("#post-", 1)[1]

    # A's bell counts up without a reload, and leads to B's reply.
    wait_for(lambda: bell_number(browser) == "1", timeout=15)
    browser.find_element(By.CSS_SELECTOR, "a[data-bell]").click()
    wait_for(lambda: "/notifications/" in browser.current_url)
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "replied to your thread")
    assert other_member.pseudonym in link.text
    link.click()
    wait_for(lambda: browser.current_url.endswith(f"#post-{reply_id}"))
    reply = browser.find_element(By.ID, f"post-{reply_id}")
    assert "What keeps you up?" in reply.text
    assert bell_number(browser) == ""
