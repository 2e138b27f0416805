"""A member in a dark moment posts, and help is on the page they land on."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import log_in, wait_for
from tests.conftest import live_db

pytestmark = [pytest.mark.browser, live_db]


def test_a_member_posting_i_dont_want_to_wake_up_sees_the_support_panel(
    browser, server_url, make_thread, other_member
):
    thread = make_thread(title="Rough week")
    log_in(browser, server_url, other_member.pseudonym)
    browser.get(f"{server_url}/threads/{thread.pk}/")
    browser.find_element(By.CSS_SELECTOR, "#reply textarea[name=body]").send_keys(
        "I don't want to wake up tomorrow"
    )
    browser.find_element(By.XPATH, "//button[normalize-space()='Post reply']").click()
    panel = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "section[data-support-panel]"))
    assert panel.is_displayed()
    call = panel.find_element(By.CSS_SELECTOR, "a[href='tel:988']")
    text = panel.find_element(By.CSS_SELECTOR, "a[href^='sms:741741']")
    assert call.is_displayed() and call.is_enabled()
    assert text.get_attribute("href") == "sms:741741?body=HOME"
    assert "cannot send help" in panel.text
    # The reply itself was published (high, not imminent) and is on the page.
    assert "I don't want to wake up tomorrow" in browser.find_element(By.ID, "posts").text
