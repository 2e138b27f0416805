"""Every body and screen: axe-core finds no serious or critical problem, keyboard-only
journeys work, and pages hold at 320 px and at 200% zoom."""

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from forum import services
from tests.browser.conftest import log_in, wait_for
from tests.conftest import live_db, requires_service

pytestmark = [pytest.mark.browser, live_db]
AXE = Path(__file__).resolve().parents[2] / ".cache/node/node_modules/axe-core/axe.min.js"


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        requires_service("axe-core", "`make test` installs it from the npm registry")
    return AXE.read_text()


def serious_violations(browser, axe_source) -> list[str]:
    # WebDriver evaluates scripts through DevTools, outside the page's CSP: the test serves
    # axe to the page without loosening the policy for anyone else.
    browser.execute_script(axe_source)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def content(make_thread, other_member, member):
    thread = make_thread(title="Evenings are long", body="Some days are heavy.")
    services.create_post(
        thread=thread, author=other_member, body="Hugs. It gets lighter.",
        warning_category="self_harm", warning_text="mentions scars",
    )  # fmt: skip
    return thread


def pages_for(thread):
    return ["/", f"/boards/{thread.board.slug}/", f"/threads/{thread.pk}/", "/resources/",
            "/accounts/signup/", "/accounts/login/", "/search/?q=heavy", "/waiting/",
            "/peer-support/", "/privacy/"]  # fmt: skip


def test_public_pages_have_no_serious_or_critical_axe_violations(
    browser, server_url, axe_source, content
):
    problems = {}
    for path in pages_for(content):
        browser.get(server_url + path)
        found = serious_violations(browser, axe_source)
        if found:
            problems[path] = found
    assert problems == {}


def test_member_and_moderator_pages_have_no_serious_or_critical_axe_violations(
    browser, server_url, axe_source, content, member, moderator
):
    log_in(browser, server_url, member.pseudonym)
    problems = {}
    for path in [f"/threads/{content.pk}/", f"/boards/{content.board.slug}/new/",
                 "/accounts/settings/", "/accounts/settings/safety/", "/notifications/",
                 "/notifications/settings/", "/moderation/notes/"]:  # fmt: skip
        browser.get(server_url + path)
        found = serious_violations(browser, axe_source)
        if found:
            problems[path] = found
    # A crisis item in the queue: its countdown, blurred text and the staffing banner.
    from forum import services

    services.create_post(
        thread=content, author=member, body="I have been thinking about suicide a lot lately"
    )
    browser.delete_all_cookies()
    log_in(browser, server_url, moderator.pseudonym)
    for path in ["/moderation/", "/moderation/dashboard/"]:
        browser.get(server_url + path)
        found = serious_violations(browser, axe_source)
        if found:
            problems[path] = found
    assert problems == {}


def focus_by_tabbing(browser, predicate, limit=80):
    """Press Tab until the focused element satisfies `predicate`, as a keyboard user would."""
    body = browser.find_element(By.TAG_NAME, "body")
    body.click()
    for _ in range(limit):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        if predicate(active):
            return active
    pytest.fail("could not reach the element with the keyboard")


def test_keyboard_only_open_a_warning_react_and_reply(browser, server_url, content, member):
    log_in(browser, server_url, member.pseudonym)
    browser.get(f"{server_url}/threads/{content.pk}/")
    summary = focus_by_tabbing(browser, lambda el: el.tag_name == "summary")
    summary.send_keys(Keys.ENTER)
    assert browser.find_element(By.CSS_SELECTOR, "details.content-warning").get_attribute("open")

    hug = focus_by_tabbing(browser, lambda el: el.get_attribute("data-kind") == "hug")
    hug.send_keys(Keys.ENTER)
    wait_for(
        lambda: browser.find_element(
            By.CSS_SELECTOR, "#posts article:first-child button[data-kind=hug] [data-count]"
        ).text == "1"
    )  # fmt: skip

    box = focus_by_tabbing(browser, lambda el: el.get_attribute("name") == "body")
    box.send_keys("Typed with the keyboard alone.")
    post = focus_by_tabbing(browser, lambda el: el.text == "Post reply")
    post.send_keys(Keys.ENTER)
    wait_for(lambda: "Typed with the keyboard alone." in browser.find_element(By.ID, "posts").text)


def test_keyboard_only_leave_quickly_from_the_first_tab_stop(browser, server_url, content):
    browser.get(server_url + "/")
    button = focus_by_tabbing(browser, lambda el: el.get_attribute("data-quick-exit") is not None)
    button.send_keys(Keys.ENTER)
    wait_for(lambda: browser.current_url == "about:blank")


def overflowing(browser) -> list[str]:
    """Elements that stick out past the viewport and would make the page scroll sideways."""
    return browser.execute_script(
        "const w = document.documentElement.clientWidth;"
        "if (document.documentElement.scrollWidth <= w + 1) return [];"
        "return [...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > w + 1)"
        ".map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))"
        ".slice(0, 8);"
    )


@pytest.mark.parametrize("width,scale", [(320, 1), (640, 2)], ids=["320px", "200%-zoom"])
def test_pages_fit_a_narrow_phone_and_200_percent_zoom(browser, server_url, content, width, scale):
    # 200% zoom of a 1280 px window lays pages out at 640 CSS pixels.
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 800, "deviceScaleFactor": scale, "mobile": width < 400},
    )
    for path in pages_for(content):
        browser.get(server_url + path)
        assert overflowing(browser) == [], path
        assert browser.find_element(By.CSS_SELECTOR, "[data-quick-exit]").is_displayed(), path


# --- Group sessions and peer supporters (issue 20) ---------------------------------------------


@pytest.fixture
def group_pages(board, make_member, member, moderator):
    """A live session with the member in its room and a message there, an upcoming one, a
    supporter who runs them, and an application waiting for the moderators."""
    from datetime import timedelta

    from django.utils import timezone

    from groups.models import GroupSession, Participant, ParticipantState
    from groups.room_services import post_room_message
    from supporters import services as supporter_services
    from tests.supporters.conftest import pass_training

    helper = make_member("SteadyWren5")
    supporter_services.grant_supporter_role(member=helper, via="test")
    live = GroupSession.objects.create(
        facilitator=helper, board=board, title="Tuesday evening circle",
        description="A gentle hour for heavy weeks.",
        ground_rules="- Be kind.\n- Stay as long as you like.",
        starts_at=timezone.now() - timedelta(minutes=5), duration_minutes=60,
    )  # fmt: skip
    GroupSession.objects.create(
        facilitator=helper, board=board, title="Sunday morning check-in",
        description="Coffee and how the week went.", ground_rules="- Listen first.",
        starts_at=timezone.now() + timedelta(days=2),
    )  # fmt: skip
    Participant.objects.create(session=live, member=member, state=ParticipantState.JOINED)
    post_room_message(session=live, author=member, body="Glad to be here tonight.")
    applicant = make_member("HopefulFinch8")
    pass_training(applicant)
    supporter_services.submit_application(
        member=applicant, why="I came through a long depression and want to give back.",
        experience="Depression, anxiety.", availability="Tuesday evenings",
    )  # fmt: skip
    return {"live": live, "supporter": helper, "applicant": applicant}


def sweep(browser, server_url, axe_source, paths) -> dict[str, list[str]]:
    problems = {}
    for path in paths:
        browser.get(server_url + path)
        found = serious_violations(browser, axe_source)
        if found:
            problems[path] = found
    return problems


def test_group_session_pages_have_no_serious_or_critical_axe_violations(
    browser, server_url, axe_source, group_pages, member
):
    live = group_pages["live"].pk
    problems = sweep(browser, server_url, axe_source, ["/groups/", f"/groups/{live}/"])
    log_in(browser, server_url, member.pseudonym)  # a participant: the room is on the page
    problems |= {
        f"{path} (participant)": found
        for path, found in sweep(browser, server_url, axe_source, [f"/groups/{live}/"]).items()
    }
    browser.delete_all_cookies()
    log_in(browser, server_url, group_pages["supporter"].pseudonym)
    problems |= sweep(browser, server_url, axe_source, ["/groups/new/", "/groups/mine/",
                                                         f"/groups/{live}/debrief/"])  # fmt: skip
    assert problems == {}


def test_peer_supporter_pages_have_no_serious_or_critical_axe_violations(
    browser, server_url, axe_source, group_pages, member, moderator
):
    log_in(browser, server_url, member.pseudonym)
    problems = sweep(browser, server_url, axe_source, [
        "/peer-support/apply/", "/peer-support/training/", "/peer-support/training/listening/",
        "/peer-support/training/at-risk/",
    ])  # fmt: skip
    browser.delete_all_cookies()
    log_in(browser, server_url, group_pages["supporter"].pseudonym)
    problems |= sweep(browser, server_url, axe_source, ["/peer-support/me/"])
    browser.delete_all_cookies()
    log_in(browser, server_url, moderator.pseudonym)
    application = group_pages["applicant"].supporter_applications.get()
    problems |= sweep(browser, server_url, axe_source, [
        "/peer-support/applications/", f"/peer-support/applications/{application.pk}/",
        "/peer-support/supporters/",
    ])  # fmt: skip
    assert problems == {}


def test_group_pages_fit_a_narrow_phone(browser, server_url, group_pages, member):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": True},
    )
    log_in(browser, server_url, member.pseudonym)
    for path in ["/groups/", f"/groups/{group_pages['live'].pk}/", "/peer-support/apply/",
                 "/peer-support/training/boundaries/"]:  # fmt: skip
        browser.get(server_url + path)
        assert overflowing(browser) == [], path
        assert browser.find_element(By.CSS_SELECTOR, "[data-quick-exit]").is_displayed(), path
