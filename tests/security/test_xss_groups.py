"""Issue #11's XSS corpus against the pages of issue 20 (group sessions and peer supporters),
through the real views: each payload is a session's title, description and ground rules, a
message in a live room, a facilitator's debrief and a supporter application's text, and every
page that shows them is parsed as a browser would. Nothing of theirs may be able to run.

The corpus, its sources and the checks are shared with tests/security/test_xss.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.text import clean_text
from groups.models import Debrief, GroupSession, Participant, ParticipantState, RoomMessage
from groups.views import SESSIONS_PER_PAGE
from supporters import services as supporter_services
from supporters.models import Application
from tests.security.test_xss import PAGE_SAMPLE_STRIDE, _check_pages, _page
from tests.security.xss_corpus import (
    AVAILABILITY_MAX,
    SESSION_TITLE_MAX,
    as_parsed,
    calm_scanner,
    descendant_tags,
    elements_by_tag,
    elements_with_class,
    payloads,
)
from tests.supporters.conftest import pass_training

pytestmark = pytest.mark.django_db
SAMPLE = payloads()[::PAGE_SAMPLE_STRIDE]


@pytest.fixture(autouse=True)
def scan_says_none(monkeypatch):
    calm_scanner(monkeypatch)


@pytest.fixture
def facilitator(make_member):
    helper = make_member("SteadyWren5")
    supporter_services.grant_supporter_role(member=helper, via="test")
    return helper


def _or_placeholder(text: str, payload) -> str:
    """A payload that cleans to nothing would be refused as empty; give the field words."""
    return text if clean_text(text).strip() else f"({payload.id})"


def _schedule(client, board, payload) -> GroupSession:
    """Through /groups/new/, as a supporter types it; then moved to have started five minutes
    ago, so its room is open."""
    starts = (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    fields = {
        "title": _or_placeholder(payload.cut(SESSION_TITLE_MAX), payload),
        "description": _or_placeholder(payload.text, payload),
        "ground_rules": _or_placeholder(payload.text, payload),
        "board": board.pk, "starts_at": starts, "timezone": "UTC",
        "duration_minutes": 60, "capacity": 50, "repeat": "none",
    }  # fmt: skip
    response = client.post("/groups/new/", fields)
    assert response.status_code in (302, 303), (payload.id, response.content.decode()[:2000])
    session = GroupSession.objects.order_by("-pk").first()
    begun = timezone.now() - timedelta(minutes=5)
    GroupSession.objects.filter(pk=session.pk).update(
        starts_at=begun, scheduled_end=begun + timedelta(minutes=60)
    )
    return session


def test_group_session_pages_escape_each_payload_as_title_description_rules_and_message(
    client, board, make_member, moderator, facilitator, django_capture_on_commit_callbacks
):
    """A session per payload, scheduled through the form; a member joins it and says the
    payload in its room through the plain form; the facilitator writes it in the debrief.
    Then the list, each session page (visitor, participant, facilitator, moderator), the
    facilitator's and moderators' /groups/mine/ and the debrief page are parsed."""
    sessions, speakers = {}, {}
    client.force_login(facilitator)
    for payload in SAMPLE:
        sessions[payload.id] = _schedule(client, board, payload)
    with django_capture_on_commit_callbacks(execute=True):
        for payload in SAMPLE:
            session = sessions[payload.id]
            speaker = speakers[payload.id] = make_member(f"Room{payload.index:03d}")
            Participant.objects.create(
                session=session, member=speaker, state=ParticipantState.JOINED
            )
            client.force_login(speaker)
            response = client.post(f"/groups/{session.pk}/", {"body": payload.text})
            if clean_text(payload.text).strip():
                assert response.status_code in (302, 303), (payload.id, response.status_code)
    assert RoomMessage.objects.count() == sum(1 for p in SAMPLE if clean_text(p.text).strip())

    pages = {}

    def fetch(path, label="", **kwargs):
        pages[f"{path} {label}".strip()] = _page(client, path, **kwargs)

    client.logout()
    fetch("/groups/", "visitor")
    for payload in SAMPLE:
        fetch(f"/groups/{sessions[payload.id].pk}/", "visitor")
    for payload in SAMPLE:
        session = sessions[payload.id]
        client.force_login(speakers[payload.id])
        fetch(f"/groups/{session.pk}/", "participant")
        fetch(f"/groups/{session.pk}/events/?since=0", "catch-up")
        fetch("/groups/", payload.id)
    client.force_login(facilitator)
    for payload in SAMPLE:
        session = sessions[payload.id]
        debrief = {"went_well": payload.text[:2000], "was_hard": payload.text[:2000],
                   "needs_follow_up": "on", "follow_up_note": payload.text[:2000]}  # fmt: skip
        client.post(f"/groups/{session.pk}/debrief/", debrief)
        fetch(f"/groups/{session.pk}/debrief/", payload.id)
        fetch(f"/groups/{session.pk}/", "facilitator")
    assert Debrief.objects.filter(needs_follow_up=True).count() == len(SAMPLE)
    fetch("/groups/mine/", "facilitator")
    client.force_login(moderator)
    fetch("/groups/mine/", "moderator")
    for payload in SAMPLE[::3]:
        fetch(f"/groups/{sessions[payload.id].pk}/", "moderator")
    # The titles arrive whole, as text: a link each in the list, nothing more.
    titles = {as_parsed(s.title).strip() for s in GroupSession.objects.all()}
    listed = list(elements_with_class(pages["/groups/ visitor"], "group-title"))
    assert len(listed) == min(len(SAMPLE), SESSIONS_PER_PAGE)
    for heading in listed:
        assert descendant_tags(heading) == ["a"]
        assert "".join(heading.itertext()).strip() in titles
    for payload in SAMPLE:
        heading = next(elements_by_tag(pages[f"/groups/{sessions[payload.id].pk}/ visitor"], "h1"))
        assert descendant_tags(heading) == []
        assert "".join(heading.itertext()) == as_parsed(sessions[payload.id].title)
    participant_pages = [html for key, html in pages.items() if key.endswith("participant")]
    shown = sum(len(list(elements_with_class(html, "room-message"))) for html in participant_pages)
    assert shown >= RoomMessage.objects.count() > 0, "the room pages show no messages"
    _check_pages(pages)
    print(f"\n{len(SAMPLE)} payloads through the group views, {len(pages)} pages parsed")


def test_supporter_application_text_is_escaped_for_the_applicant_and_the_moderators(
    client, make_member, moderator
):
    """Each payload is an application's why, experience and availability, posted through the
    form; one the form refuses (it looks like contact details) is re-rendered with the text
    (checked too) and then saved directly, so the moderators' pages still meet it."""
    pages = {}
    for payload in SAMPLE:
        applicant = make_member(f"Apply{payload.index:03d}")
        pass_training(applicant)
        fields = {"why": _or_placeholder(payload.text, payload), "experience": payload.text,
                  "availability": payload.cut(AVAILABILITY_MAX)}  # fmt: skip
        client.force_login(applicant)
        response = client.post("/peer-support/apply/", fields)
        if response.status_code == 400:
            pages[f"/peer-support/apply/ {payload.id} refused"] = response.content.decode()
            supporter_services.submit_application(member=applicant, **fields)
        pages[f"/peer-support/apply/ {payload.id}"] = _page(client, "/peer-support/apply/")
    assert Application.objects.count() == len(SAMPLE)
    client.force_login(moderator)
    pages["/peer-support/applications/"] = _page(client, "/peer-support/applications/")
    for application in Application.objects.all():
        path = f"/peer-support/applications/{application.pk}/"
        pages[path] = _page(client, path)
    _check_pages(pages)
