"""Every response carries the headers that keep members' words private and scripts ours."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = ["/", "/boards/depression/", "/resources/", "/waiting/", "/search/?q=sleep",
         "/accounts/login/", "/accounts/signup/", "/privacy/"]  # fmt: skip


def csp_directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split("; ")}


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_a_strict_content_security_policy(client, path):
    directives = csp_directives(client.get(path))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in client.get(path)["Content-Security-Policy"]


def test_the_policy_allows_our_own_websocket_and_no_other(client):
    connect = csp_directives(client.get("/", HTTP_HOST="127.0.0.1:8123"))["connect-src"]
    assert connect.split() == ["'self'", "ws://127.0.0.1:8123", "wss://127.0.0.1:8123"]


@pytest.mark.parametrize("path", PAGES)
def test_referrer_nosniff_permissions_and_framing_headers(client, path):
    response = client.get(path)
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_for_members_are_never_stored_by_caches(client, member, thread):
    client.force_login(member)
    for path in ("/", f"/threads/{thread.pk}/", "/accounts/settings/"):
        assert client.get(path)["Cache-Control"] == "no-store", path


def test_session_and_csrf_cookies_are_httponly_and_samesite_lax(client, member):
    response = client.post(
        "/accounts/login/", {"username": member.pseudonym, "password": "a calm long passphrase 7"}
    )
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    csrf = Client().get("/accounts/login/").cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"


def test_no_inline_scripts_or_styles_in_any_template():
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(__file__).resolve().parents[2]
    apps = [a for a in settings.INSTALLED_APPS if (root / a).is_dir()]
    templates = [*root.glob("templates/**/*.html")]
    for app in apps:
        templates += (root / app).glob("templates/**/*.html")
    assert templates
    for path in templates:
        html = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r"\son[a-z]+=\"", html), path
