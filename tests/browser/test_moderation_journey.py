"""A member in danger posts; a peer moderator's open queue shows it at once, at the top; the
moderator claims it, approves it and writes to the member, who reads the note in their inbox
while everyone else can now read the post."""

import urllib.request

import pytest
from selenium.webdriver.common.by import By

from moderation.reports import report_post
from tests.browser.conftest import log_in, wait_for
from tests.conftest import live_db

pytestmark = [pytest.mark.browser, live_db]

CRISIS = "I have the pills counted out and I'm taking them all tonight."


def first_row(browser):
    return browser.find_element(By.CSS_SELECTOR, "#queue > li.queue-item:first-child")


def click_button(browser, form_selector: str):
    browser.find_element(By.CSS_SELECTOR, f"{form_selector} button[type=submit]").click()


def test_a_crisis_post_reaches_a_moderator_live_and_the_member_gets_a_note(
    browser, second_browser, server_url, make_thread, make_member, other_member, moderator
):
    moderators_view = second_browser
    thread = make_thread(title="Can't sleep again", body="Anyone else up?")
    # Something less urgent is already waiting, so "at the top" means something.
    older = make_thread(title="A spammy thread", body="Buy now").posts.get(is_opening=True)
    report_post(post=older, reporter=make_member("WatchfulWren"), reason="spam")

    log_in(moderators_view, server_url, moderator.pseudonym)
    moderators_view.get(f"{server_url}/moderation/")
    wait_for(lambda: moderators_view.find_element(By.ID, "queue").get_attribute("data-live"))
    assert "A spammy thread" in first_row(moderators_view).text

    # The member posts; the post is held for a moderator.
    log_in(browser, server_url, other_member.pseudonym)
    browser.get(f"{server_url}/threads/{thread.pk}/")
    browser.find_element(By.CSS_SELECTOR, "#reply textarea[name=body]").send_keys(CRISIS)
    browser.find_element(By.XPATH, "//button[normalize-space()='Post reply']").click()
    held = wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "#posts [data-state=held]"))
    assert "pills counted out" in held.text

    # The moderator's open queue shows it at once, at the top, with its waiting time.
    wait_for(lambda: "pills counted out" in first_row(moderators_view).text)
    row = first_row(moderators_view)
    assert "Imminent risk" in row.text and "waiting" in row.text
    assert row.find_elements(By.CSS_SELECTOR, "mark.hit")

    # Claim, approve, and send a supportive note.
    click_button(moderators_view, "#queue > li.queue-item:first-child form.claim-form")
    wait_for(lambda: "You are handling this" in moderators_view.find_element(By.ID, "main").text)
    click_button(moderators_view, "#action-approve")
    wait_for(lambda: "Approved" in moderators_view.find_element(By.ID, "main").text)
    click_button(moderators_view, "#action-note")
    wait_for(
        lambda: (
            "The note is in the author's inbox." in moderators_view.find_element(By.ID, "main").text
        )
    )

    # The member reads the note, with the support panel, in their inbox.
    browser.get(f"{server_url}/moderation/notes/")
    main = browser.find_element(By.ID, "main")
    assert "A peer moderator is thinking of you" in main.text
    assert "It sounds like you're going through a really difficult time" in main.text
    assert main.find_element(By.CSS_SELECTOR, "section[data-support-panel]").is_displayed()
    assert moderator.pseudonym not in main.text

    # And the post is visible to everyone else now.
    page = urllib.request.urlopen(f"{server_url}/threads/{thread.pk}/").read().decode()  # noqa: S310
    assert "pills counted out" in page
