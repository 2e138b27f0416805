"""Privacy, proven: no raw address anywhere, and no page asks another origin for anything."""

import logging
import re
from datetime import timedelta
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


def _group_session(make_member, board, *, started: bool):
    from datetime import timedelta

    from django.utils import timezone

    from groups.models import GroupSession
    from supporters.services import grant_supporter_role

    helper = make_member("SteadyWren5")
    grant_supporter_role(member=helper, via="test")
    starts = timezone.now() + (timedelta(minutes=-5) if started else timedelta(days=2))
    session = GroupSession.objects.create(
        facilitator=helper, board=board, title="Tuesday evening circle",
        description="See [a warm line](https://warmline.org).", ground_rules="- Be kind.",
        starts_at=starts, duration_minutes=60,
    )  # fmt: skip
    return helper, session


def test_joining_talking_in_a_room_scheduling_and_applying_store_and_log_no_raw_address(
    caplog, member, make_member, board
):
    from tests.supporters.conftest import pass_training

    caplog.set_level(logging.DEBUG)
    helper, session = _group_session(make_member, board, started=True)
    browser = Client(REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=ADDRESS, HTTP_X_REAL_IP=ADDRESS)
    browser.force_login(member)
    assert browser.post(f"/groups/{session.pk}/join/").status_code in (302, 303)
    browser.post(f"/groups/{session.pk}/", {"body": "Glad to be here"})
    browser.post(f"/groups/{session.pk}/", {"body": "I want to end my life"})  # held
    browser.get(f"/groups/{session.pk}/events/?since=0")
    browser.post(f"/groups/{session.pk}/leave/")
    browser.post("/groups/zone/", {"timezone": "America/Chicago", "next": "/groups/"})
    pass_training(member)
    browser.post("/peer-support/apply/", {"why": "I came through it and want to give back."})
    browser.force_login(helper)
    starts = (session.starts_at + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    browser.post("/groups/new/", {
        "title": "Sunday check-in", "description": "How the week went.", "board": board.pk,
        "starts_at": starts, "timezone": "UTC", "duration_minutes": 60, "capacity": 8,
        "ground_rules": "- Listen first.", "repeat": "none",
    })  # fmt: skip
    browser.post(f"/groups/{session.pk}/debrief/", {"went_well": "Calm", "was_hard": ""})
    assert session.messages.count() == 2
    assert member.supporter_applications.exists()
    assert ADDRESS not in dump_database()
    for record in caplog.records:
        assert ADDRESS not in record.getMessage()
        assert ADDRESS not in repr(record.__dict__)


def test_no_group_or_peer_support_page_makes_the_browser_fetch_from_another_origin(
    client, member, moderator, make_member, board
):
    from groups.models import Participant, ParticipantState
    from groups.room_services import post_room_message

    helper, session = _group_session(make_member, board, started=True)
    Participant.objects.create(session=session, member=member, state=ParticipantState.JOINED)
    post_room_message(session=session, author=member, body="A [link](https://example.org) here")
    visitor_pages = ["/groups/", f"/groups/{session.pk}/"]
    member_pages = [*visitor_pages, f"/groups/{session.pk}/events/?since=0",
                    "/peer-support/apply/", "/peer-support/training/",
                    "/peer-support/training/listening/"]  # fmt: skip
    for who, pages in [(None, visitor_pages), (member, member_pages),
                       (helper, ["/groups/new/", "/groups/mine/", "/peer-support/me/",
                                 f"/groups/{session.pk}/", f"/groups/{session.pk}/debrief/"]),
                       (moderator, ["/peer-support/applications/", "/peer-support/supporters/",
                                    "/groups/mine/", f"/groups/{session.pk}/"])]:  # fmt: skip
        if who:
            client.force_login(who)
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            assert fetched_origins(response.content.decode()) == [], path
