"""A visitor joins with the suggested pseudonym, keeps their recovery codes, forgets their
password, and gets back in with one code: no email address anywhere."""

import re

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import wait_for
from tests.conftest import live_db

pytestmark = [pytest.mark.browser, live_db]

PASSWORD = "a quiet heron by the river"
NEW_PASSWORD = "a brand new lantern by the sea"
CODE = re.compile(r"\b[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}\b")


def in_main(browser, selector):
    return browser.find_element(By.CSS_SELECTOR, f"#main {selector}")


def test_a_visitor_joins_saves_codes_forgets_the_password_and_gets_back_in(browser, server_url):
    # Join with the suggested pseudonym (asking once for another, through accounts.js).
    browser.get(server_url + "/")
    browser.find_element(By.LINK_TEXT, "Sign up").click()
    wait_for(lambda: "/accounts/signup/" in browser.current_url)
    field = browser.find_element(By.NAME, "pseudonym")
    first = field.get_attribute("value")
    assert first
    in_main(browser, "[data-suggest]").click()
    wait_for(lambda: field.get_attribute("value") != first)
    pseudonym = field.get_attribute("value")
    assert "/accounts/signup/" in browser.current_url  # the script answered, no reload

    browser.find_element(By.NAME, "password1").send_keys(PASSWORD)
    browser.find_element(By.NAME, "password2").send_keys(PASSWORD)
    browser.find_element(By.NAME, "age_ok").click()
    in_main(browser, "form button[type=submit]").click()
    wait_for(lambda: browser.current_url.endswith("/accounts/recovery-codes/"))

    # Ten codes on the page, and the same ten in the "download as text" file.
    shown = [el.text for el in browser.find_elements(By.CSS_SELECTOR, "[data-recovery-codes] code")]
    assert len(set(shown)) == 10
    link = in_main(browser, "[data-download-codes]")
    assert link.get_attribute("download") == "recovery-codes.txt"
    downloaded = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done);",
        link.get_attribute("href"),
    )
    assert CODE.findall(downloaded) == shown
    in_main(browser, "form button[type=submit]").click()  # "I've saved them"
    wait_for(lambda: browser.current_url == server_url + "/")

    # Log out from the header, on the home page where the journey landed.
    browser.find_element(By.CSS_SELECTOR, "header form[action='/accounts/logout/'] button").click()
    wait_for(lambda: browser.find_elements(By.LINK_TEXT, "Log in"))

    # Forgot the password: the pseudonym and one code set a new one.
    browser.find_element(By.LINK_TEXT, "Log in").click()
    wait_for(lambda: "/accounts/login/" in browser.current_url)
    browser.find_element(By.LINK_TEXT, "Forgot your password?").click()
    wait_for(lambda: "/accounts/recover/" in browser.current_url)
    browser.find_element(By.NAME, "pseudonym").send_keys(pseudonym.lower())
    browser.find_element(By.NAME, "code").send_keys(shown[3])
    browser.find_element(By.NAME, "password1").send_keys(NEW_PASSWORD)
    browser.find_element(By.NAME, "password2").send_keys(NEW_PASSWORD)
    in_main(browser, "form button[type=submit]").click()
    wait_for(lambda: "/accounts/login/" in browser.current_url)
    assert "9 recovery codes left" in browser.find_element(By.ID, "main").text

    # And log in with the new password.
    browser.find_element(By.NAME, "username").send_keys(pseudonym)
    browser.find_element(By.NAME, "password").send_keys(NEW_PASSWORD)
    in_main(browser, "form button[type=submit]").click()
    wait_for(lambda: "/accounts/login/" not in browser.current_url)
    settings_link = browser.find_element(By.CSS_SELECTOR, "header a[href='/accounts/settings/']")
    assert settings_link.text == pseudonym
