"""A visitor finds the lines for where they are: Canada, then Illinois, with an honest badge."""

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from resources.models import Resource
from resources.seed import seed_resources
from tests.browser.conftest import wait_for
from tests.conftest import live_db

pytestmark = [pytest.mark.browser, live_db]


def choose_region(browser, name, code):
    Select(browser.find_element(By.NAME, "region")).select_by_visible_text(name)
    browser.find_element(By.CSS_SELECTOR, ".res-region-form button[type=submit]").click()
    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, "[data-region]")
             .get_attribute("data-region") == code)  # fmt: skip


def listed(browser, slug):
    return browser.find_elements(By.CSS_SELECTOR, f'[data-resource="{slug}"]')


def test_a_visitor_picks_canada_then_illinois_and_sees_the_right_lines_and_badge(
    browser, server_url
):
    seed_resources()  # a no-op unless an earlier test flushed the seeded rows
    browser.get(server_url + "/resources/")
    wait_for(lambda: browser.find_element(By.NAME, "region"))

    choose_region(browser, "Canada", "CA")
    (canada,) = listed(browser, "988-canada")
    call = canada.find_element(By.CSS_SELECTOR, 'a[href="tel:988"]')
    assert call.text == "988" and call.is_displayed()
    assert canada.find_element(By.CSS_SELECTOR, 'a[href="sms:988"]')
    assert not listed(browser, "illinois-warm-line")
    assert "Illinois Warm Line" not in browser.find_element(By.ID, "main").text

    warm_line = Resource.objects.get(slug="illinois-warm-line")
    expected_before = warm_line.describe_status(timezone.now())
    choose_region(browser, "Illinois", "US-IL")
    expected_after = warm_line.describe_status(timezone.now())
    (entry,) = listed(browser, "illinois-warm-line")
    badge = entry.find_element(By.CSS_SELECTOR, "[data-badge]")
    # Computed with the same hours function either side of the page load, so the test is
    # right even if the line opens or closes while it runs.
    assert badge.text in {expected_before, expected_after}
    assert badge.get_attribute("data-badge") == ("open" if badge.text.startswith("Open now")
                                                 else "closed")  # fmt: skip
    assert entry.find_element(By.CSS_SELECTOR, 'a[href="tel:8663597953"]').is_displayed()
    assert "Hours vary by source; call to confirm." in entry.text
    assert "Last checked 25 Nov 2026" in entry.text
    assert listed(browser, "988-lifeline") and not listed(browser, "988-canada")

    browser.get(server_url + "/resources/")  # the choice is remembered
    wait_for(lambda: listed(browser, "illinois-warm-line"))
