"""Privacy, proven: no raw address anywhere, and no page asks another origin for anything."""

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

from tests.accounts.conftest import dump_database

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.7"
ROOT = Path(__file__).resolve().parents[2]


def test_posting_reacting_searching_and_reading_store_and_log_no_raw_address(
    caplog, member, other_member, board
):
    caplog.set_level(logging.DEBUG)
    browser = Client(REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=ADDRESS, HTTP_X_REAL_IP=ADDRESS)
    browser.force_login(member)
    browser.post(f"/boards/{board.slug}/new/", {"title": "Hello", "body": "First words"})
    thread = board.threads.get(title="Hello")
    browser.post(f"/threads/{thread.pk}/", {"body": "A reply", "anonymous": "on"})
    browser.post(f"/threads/{thread.pk}/", {"body": "I want to end my life"})  # flagged
    post = thread.posts.first()
    browser.post(f"/posts/{post.pk}/react/", {"kind": "hug"})
    browser.post(f"/posts/{post.pk}/edit/", {"body": "First words, edited"})
    browser.get("/search/?q=hello")
    browser.get(f"/threads/{thread.pk}/events/?since=0")
    browser.get("/healthz")
    browser.get("/resources/?region=CA")
    assert ADDRESS not in dump_database()
    for record in caplog.records:
        assert ADDRESS not in record.getMessage()
        assert ADDRESS not in repr(record.__dict__)


class _ResourceFinder(HTMLParser):
    """Every address a page would make the browser fetch by itself (not links to click)."""

    FETCHING = {
        ("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
        ("source", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"),
        ("object", "data"), ("embed", "src"), ("input", "src"), ("track", "src"),
        ("form", "action"), ("button", "formaction"),
    }  # fmt: skip

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if (tag, name) in self.FETCHING and value:
                self.urls.append(value)
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        if "style" in attrs:
            self.urls.append("inline-style:" + attrs["style"])


def fetched_origins(html: str) -> list[str]:
    finder = _ResourceFinder()
    finder.feed(html)
    return [url for url in finder.urls if urlsplit(url).netloc or url.startswith("inline")]


def test_no_page_makes_the_browser_fetch_from_another_origin(client, member, make_thread):
    thread = make_thread(body="See [a warm line](https://warmline.org) and https://988lifeline.org")
    pages = ["/", "/boards/depression/", f"/threads/{thread.pk}/", "/resources/",
             "/resources/?region=GB", "/peer-support/", "/waiting/", "/search/?q=warm",
             "/accounts/login/", "/accounts/signup/", "/privacy/", "/guidelines/"]  # fmt: skip
    for who in (None, member):
        if who:
            client.force_login(who)
        for path in pages:
            html = client.get(path).content.decode()
            assert fetched_origins(html) == [], path


def test_stylesheets_and_scripts_reference_no_other_origin():
    for path in [*ROOT.glob("static/css/*.css"), *ROOT.glob("static/js/*.js")]:
        text = path.read_text()
        if path.suffix == ".css":
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), path
            assert "@import" not in text, path
        else:
            # Scripts only talk to this origin: relative fetches and our own socket.
            for call in re.findall(r"(?:fetch|WebSocket|XMLHttpRequest)\(([^)]*)", text):
                assert "http" not in call, (path, call)
