"""/resources/: the reader's chosen region decides what is listed, never their address."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from resources.models import Resource
from resources.regions import REGIONS
from resources.selectors import REGION_COOKIE, REGION_SESSION_KEY

pytestmark = pytest.mark.django_db

TEL = re.compile(r"^tel:\+?\d{3,15}$")
SMS = re.compile(r"^sms:\+?\d{3,15}(\?body=[A-Za-z0-9]+)?$")
HREF = re.compile(r'href="((?:tel|sms):[^"]*)"')
UK_ADDRESS = "81.2.69.160"


def page(client, **params):
    response = client.get("/resources/", params)
    assert response.status_code == 200
    return response, response.content.decode()


def badge_for(html, slug):
    entry = re.search(rf'data-resource="{slug}".*?</article>', html, re.S)
    assert entry, f"{slug} is not listed"
    badge = re.search(r'data-badge="(\w+)">([^<]+)<', entry.group(0))
    return badge and (badge.group(1), badge.group(2))


def test_the_default_page_shows_988_741741_and_the_illinois_warm_line_with_a_badge(client):
    before = Resource.objects.get(slug="illinois-warm-line").describe_status(timezone.now())
    _, html = page(client)
    after = Resource.objects.get(slug="illinois-warm-line").describe_status(timezone.now())
    assert 'href="tel:988"' in html
    assert 'href="sms:741741?body=HOME"' in html and "HOME to 741741" in html
    state, text = badge_for(html, "illinois-warm-line")
    assert text in {before, after}
    assert state == ("open" if text.startswith("Open now") else "closed")
    assert "Hours vary by source; call to confirm." in html
    assert 'data-region="US-IL"' in html


def test_crisis_lines_come_first_then_the_emergency_number_then_warm_lines_then_peer_support(
    client,
):
    _, html = page(client)
    order = [
        html.index(f'data-section="{name}"')
        for name in ("crisis", "emergency", "warm-lines", "peer-support", "directories")
    ]
    assert order == sorted(order)
    assert 'href="tel:911"' in html


def test_choosing_canada_lists_canadas_lines_and_not_illinois(client):
    response, html = page(client, region="CA")
    assert "9-8-8 Suicide Crisis Helpline" in html and 'href="tel:988"' in html
    assert "877-330-6366" in html
    assert "Illinois Warm Line" not in html and "741741" not in html
    assert response.cookies[REGION_COOKIE].value == "CA"


def test_the_region_choice_is_remembered_by_cookie(client):
    page(client, region="GB")
    _, html = page(client)
    assert "Samaritans" in html and 'href="tel:116123"' in html and 'href="tel:999"' in html
    assert "Illinois Warm Line" not in html


def test_a_member_s_choice_is_kept_in_their_session_too(client, member):
    client.force_login(member)
    page(client, region="AU")
    assert client.session[REGION_SESSION_KEY] == "AU"
    client.cookies.pop(REGION_COOKIE)
    _, html = page(client)
    assert "Lifeline Australia" in html and 'href="tel:000"' in html


def test_the_whole_united_states_shows_national_lines_without_any_state_s(client):
    _, html = page(client, region="US")
    assert 'href="tel:988"' in html and "Illinois Warm Line" not in html


def test_another_state_shows_national_lines_but_not_the_illinois_warm_line(client):
    _, html = page(client, region="US-CA")
    assert 'href="tel:988"' in html and "Illinois Warm Line" not in html


def test_elsewhere_shows_worldwide_directories_and_general_emergency_advice(client):
    _, html = page(client, region="INT")
    assert "Find A Helpline" in html and "https://findahelpline.com/" in html
    assert "local emergency number" in html and 'href="tel:112"' in html
    assert 'href="tel:988"' not in html


def test_an_unknown_region_falls_back_to_the_saved_one_and_is_not_saved(client):
    response, html = page(client, region="Narnia")
    assert REGION_COOKIE not in response.cookies
    assert "We don't list lines for that region" in html and 'data-region="US-IL"' in html


def test_a_junk_region_cookie_is_ignored(client):
    client.cookies[REGION_COOKIE] = "<script>"
    _, html = page(client)
    assert 'data-region="US-IL"' in html


def test_a_uk_client_address_does_not_change_the_region(client):
    response = client.get(
        "/resources/", REMOTE_ADDR=UK_ADDRESS, HTTP_X_FORWARDED_FOR=UK_ADDRESS,
        HTTP_X_REAL_IP=UK_ADDRESS, HTTP_CF_IPCOUNTRY="GB", HTTP_ACCEPT_LANGUAGE="en-GB",
    )  # fmt: skip
    html = response.content.decode()
    assert 'data-region="US-IL"' in html and "Illinois Warm Line" in html
    assert "Samaritans" not in html and "tel:999" not in html


def test_no_code_in_the_resources_app_reads_the_client_address():
    app = Path(__file__).resolve().parents[2] / "resources"
    source = "\n".join(p.read_text() for p in app.rglob("*") if p.suffix in {".py", ".html"})
    for clue in ("REMOTE_ADDR", "FORWARDED", "X_REAL_IP", "IPCOUNTRY", "geoip", "ip_address",
                 "ACCEPT_LANGUAGE", ".META", "request.headers", "client_ip"):  # fmt: skip
        assert clue.lower() not in source.lower(), clue


def test_the_page_varies_by_cookie_so_no_cache_serves_one_region_to_another(client):
    response, _ = page(client)
    assert "Cookie" in response["Vary"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("code", sorted({"US-IL", "US", "CA", "GB", "IE", "AU", "INT"}))
def test_every_call_and_text_link_is_well_formed(client, code):
    _, html = page(client, region=code)
    links = HREF.findall(html)
    assert links or code == "INT"
    for link in links:
        link = link.replace("&amp;", "&")
        assert TEL.match(link) or SMS.match(link), link


def test_every_region_in_the_list_renders(client):
    for code in REGIONS:
        response = client.get("/resources/", {"region": code})
        assert response.status_code == 200, code
        assert f'data-region="{code}"' in response.content.decode()


def test_each_entry_says_when_it_was_last_checked_and_where_it_was_read(client):
    _, html = page(client)
    assert html.count("Last checked") == html.count('class="res-entry"') > 5
    assert '<time datetime="2026-11-25">25 Nov 2026</time>' in html
    assert '988lifeline.org "what to expect"' in html.replace("&quot;", '"')


def test_an_entry_not_verified_for_a_year_shows_please_check_to_administrators(client, staff):
    Resource.objects.filter(slug="988-lifeline").update(verified_on=date(2025, 1, 2))
    client.force_login(staff)
    _, html = page(client)
    assert html.count("data-please-check") == 1
    assert "Please check" in html
    lifeline = Resource.objects.get(slug="988-lifeline")
    assert f"/admin/resources/resource/{lifeline.pk}/change/" in html


def test_please_check_is_not_shown_to_members_or_visitors(client, member):
    Resource.objects.filter(slug="988-lifeline").update(verified_on=date(2025, 1, 2))
    _, html = page(client)
    assert "Please check" not in html
    client.force_login(member)
    _, html = page(client)
    assert "Please check" not in html


def test_an_administrator_sees_no_please_check_on_recently_verified_entries(client, staff):
    client.force_login(staff)
    _, html = page(client)
    assert "Please check" not in html


def test_entries_without_verified_contact_details_are_listed_and_say_so(client):
    _, html = page(client)
    for name in ("Group Hope", "Health and Help Chat", "Mental Health America"):
        assert name in html
    assert "We have not verified how to contact them yet." in html


def test_the_page_links_the_peer_support_pages_and_has_no_inline_style_or_script(client):
    _, html = page(client)
    for path in ("/peer-support/", "/peer-support/before-you-join-a-group/",
                 "/peer-support/become-a-peer-support-worker/"):  # fmt: skip
        assert f'href="{path}"' in html
    assert "style=" not in html
    # Data blocks (the close codes, type="application/json") are not scripts: CSP never runs them.
    assert not re.search(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/json")[^>]*>', html)
    assert "css/resources.css" in html
    assert "press 3" not in html.lower()


@pytest.mark.parametrize(
    ("path", "facts"),
    [
        (
            "/peer-support/",
            [
                "lived experience",
                "peerness",
                "45%",
                "25%",
                "Warm lines",
                "Online forums",
                "Groups",
                "befriending",
            ],
        ),
        (
            "/peer-support/before-you-join-a-group/",
            ["How many people", "Who leads it", "How do sessions run", "friend or loved one"],
        ),
        (
            "/peer-support/become-a-peer-support-worker/",
            ["varies from state to state", "Illinois", "GED", "at least 100 hours of training"],
        ),
    ],
)
def test_the_peer_support_pages_say_what_the_seed_article_says(client, path, facts):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    for fact in facts:
        assert fact in html, fact
    assert "style=" not in html
