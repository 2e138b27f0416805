"""Members start threads with content warnings, reply anonymously and send hugs, live."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import log_in, wait_for
from tests.conftest import live_db

pytestmark = [pytest.mark.browser, live_db]


def post_button(driver, label):
    return driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']")


def test_warning_anonymous_reply_and_hug_reach_the_starter(
    browser, second_browser, server_url, member, other_member, board
):
    # The first member starts a thread behind a content warning.
    log_in(browser, server_url, member.pseudonym)
    browser.get(f"{server_url}/boards/{board.slug}/new/")
    browser.find_element(By.NAME, "title").send_keys("Scars and summer")
    browser.find_element(By.NAME, "body").send_keys("Summer makes me anxious about my arms.")
    Select(browser.find_element(By.NAME, "warning_category")).select_by_value("self_harm")
    browser.find_element(By.NAME, "warning").send_keys("mentions of old scars")
    post_button(browser, "Post thread").click()
    wait_for(lambda: "/threads/" in browser.current_url)
    thread_url = browser.current_url.split("#")[0].split("?")[0]

    # A second member opens the warning, replies anonymously and sends a hug.
    log_in(second_browser, server_url, other_member.pseudonym)
    second_browser.get(thread_url)
    warning = second_browser.find_element(By.CSS_SELECTOR, "details.content-warning")
    assert not warning.get_attribute("open")
    warning.find_element(By.TAG_NAME, "summary").click()
    assert warning.get_attribute("open")
    assert "anxious about my arms" in warning.text
    second_browser.find_element(By.CSS_SELECTOR, "#reply textarea[name=body]").send_keys(
        "Long sleeves in July club here. You're not alone."
    )
    second_browser.find_element(By.NAME, "anonymous").click()
    post_button(second_browser, "Post reply").click()
    wait_for(lambda: "#post-" in second_browser.current_url)
    hug_selector = "#posts article:first-child button.reaction[data-kind=hug]"
    second_browser.find_element(By.CSS_SELECTOR, hug_selector).click()
    # The button is re-found each time: the live update replaces the post in place.
    wait_for(
        lambda: (
            second_browser.find_element(By.CSS_SELECTOR, hug_selector).get_attribute("aria-pressed")
            == "true"
        )
    )

    # The first member sees both: live, without reloading.
    def sees_reply_and_hug():
        posts = browser.find_element(By.ID, "posts").text
        count = browser.find_element(
            By.CSS_SELECTOR, "#posts article:first-child button[data-kind=hug] [data-count]"
        ).text
        return "Long sleeves in July club here." in posts and count == "1"

    wait_for(sees_reply_and_hug, timeout=15)
    page = browser.find_element(By.ID, "posts").text
    assert "Anonymous member" in page and other_member.pseudonym not in page


def test_two_windows_see_a_reply_and_a_hug_live_without_reload(
    browser, second_browser, server_url, member, other_member, make_thread
):
    thread = make_thread(title="Evenings")
    reader = second_browser
    reader.get(f"{server_url}/threads/{thread.pk}/")  # a visitor, no account
    reader.execute_script("window.__noReload = true;")
    log_in(browser, server_url, other_member.pseudonym)
    browser.get(f"{server_url}/threads/{thread.pk}/")
    browser.find_element(By.CSS_SELECTOR, "#reply textarea[name=body]").send_keys("Hello there")
    post_button(browser, "Post reply").click()
    wait_for(lambda: "Hello there" in reader.find_element(By.ID, "posts").text, timeout=15)
    wait_for(lambda: "New reply" in reader.find_element(By.ID, "live-status").text)
    browser.find_element(
        By.CSS_SELECTOR, "#posts article:first-child button.reaction[data-kind=hug]"
    ).click()
    wait_for(
        lambda: (
            reader.find_element(
                By.CSS_SELECTOR, "#posts article:first-child button[data-kind=hug] [data-count]"
            ).text
            == "1"
        ),
        timeout=15,
    )
    assert reader.execute_script("return window.__noReload === true;")
