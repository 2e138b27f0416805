"""Nobody is watching: a member's high-risk post is held and they are told, plainly, that
moderators are offline and which lines answer 24/7. A moderator opens the queue, which lifts
the policy, finds the item counting down to its target with its text blurred until they choose
to read it, and the next high-risk post publishes again."""

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import log_in, wait_for
from tests.conftest import live_db

pytestmark = [pytest.mark.browser, live_db]

HIGH = "I have been thinking about suicide a lot lately and I don't know who to tell."
LATER = "Thinking about suicide again tonight, but I'm reading the replies here."


def reply(browser, server_url, thread_id: int, text: str):
    browser.get(f"{server_url}/threads/{thread_id}/")
    browser.find_element(By.CSS_SELECTOR, "#reply textarea[name=body]").send_keys(text)
    browser.find_element(By.XPATH, "//button[normalize-space()='Post reply']").click()


def blur_of(browser, element) -> str:
    return browser.execute_script("return getComputedStyle(arguments[0]).filter", element)


def test_an_unstaffed_forum_holds_a_high_risk_post_until_a_moderator_opens_the_queue(
    browser, second_browser, server_url, make_thread, other_member, moderator
):
    thread = make_thread(title="Evenings are the worst", body="How do you all get through them?")

    # No moderator is on duty: the member's high-risk reply is held, and the panel says why.
    log_in(browser, server_url, other_member.pseudonym)
    reply(browser, server_url, thread.pk, HIGH)
    held = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#posts [data-state=held]"))
    assert "who to tell" in held.text
    panel = browser.find_element(By.CSS_SELECTOR, "section[data-support-panel]")
    offline = panel.find_element(By.CSS_SELECTOR, "[data-unstaffed]")
    assert "Peer moderators are not online right now." in offline.text
    assert "24/7" in offline.text and "988" in offline.text

    # The moderator opens the queue: the policy lifts, and the banner says since when.
    log_in(second_browser, server_url, moderator.pseudonym)
    second_browser.get(f"{server_url}/moderation/")
    banner = second_browser.find_element(By.CSS_SELECTOR, "#staffing [data-policy]")
    assert banner.get_attribute("data-policy") == "lifted"
    assert "You lifted the unstaffed policy" in banner.text

    # The held item counts down to its 60-minute target, its text blurred until chosen.
    row = second_browser.find_element(By.CSS_SELECTOR, "#queue > li.queue-item:first-child")
    clock = row.find_element(By.CSS_SELECTOR, "[data-clock]")
    assert clock.get_attribute("data-clock") == "running"
    assert "Claim within" in clock.text and "min" in clock.text
    text = row.find_element(By.CSS_SELECTOR, ".care-text")
    assert "blur" in blur_of(second_browser, text)
    row.find_element(By.CSS_SELECTOR, "label.care-toggle").click()
    wait_for(lambda: blur_of(second_browser, text) == "none")
    assert "who to tell" in text.text

    # With a moderator on duty, the next high-risk post publishes (and is flagged).
    reply(browser, server_url, thread.pk, LATER)
    wait_for(lambda: "reading the replies" in browser.find_element(By.ID, "posts").text)
    newest = browser.find_elements(By.CSS_SELECTOR, "#posts [id^=post-]")[-1]
    assert newest.get_attribute("data-state") != "held"
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-unstaffed]")
