"""What static/js/room.js sends and receives: the message form posted with fetch (Accept:
application/json, the CSRF token in X-CSRFToken as static/js/live.js sends it), answered with
JSON; a crisis message comes back held with the support panel. And a reader's muted words apply
in the room as in threads (forum.reading), on the page, in catch-up and on the socket."""

import json
import re
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from config.routing import websocket_urlpatterns
from forum.models import ReaderSettings
from groups.models import MessageState, ParticipantState, RoomMessage
from groups.room_services import post_room_message
from tests.conftest import live_db
from tests.groups import room_helpers
from tests.groups.room_helpers import IMMINENT, place

facilitator = room_helpers.facilitator
live_session = room_helpers.live_session

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def strict_client(live_session, member):
    """A browser as room.js is: CSRF enforced, the token read from the page's meta tag."""
    place(live_session, member)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page = client.get(f"/groups/{live_session.pk}/").content.decode()
    client.token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    assert 'id="room-form"' in page and "js/room.js" in page
    return client


def send(client, session, body, **extra):
    headers = {**JSON, "HTTP_X_CSRFTOKEN": client.token, **extra}
    return client.post(f"/groups/{session.pk}/", {"body": body}, **headers)


@pytest.mark.django_db
def test_a_fetch_post_with_the_csrf_header_gets_the_message_as_json(strict_client, live_session):
    response = send(strict_client, live_session, "Hello, everyone")
    assert response.status_code == 200
    answer = response.json()
    message = RoomMessage.objects.get()
    assert answer["message"] == message.pk and answer["seq"] == message.seq
    assert f'id="message-{message.pk}"' in answer["html"] and answer["held"] is False
    assert answer["panel"] == ""


@pytest.mark.django_db
def test_a_fetch_post_without_the_csrf_token_is_refused(strict_client, live_session):
    response = send(strict_client, live_session, "Hello", HTTP_X_CSRFTOKEN="")
    assert response.status_code == 403
    assert not RoomMessage.objects.exists()


@pytest.mark.django_db
def test_a_crisis_message_by_fetch_comes_back_held_with_the_support_panel(
    strict_client, live_session
):
    answer = send(strict_client, live_session, IMMINENT).json()
    assert answer["held"] is True
    assert 'data-state="held"' in answer["html"]
    assert "<section data-support-panel" in answer["panel"]
    assert RoomMessage.objects.get().state == MessageState.HELD


@pytest.mark.django_db
def test_a_crisis_message_without_javascript_shows_the_author_held_and_the_panel(
    client, live_session, member
):
    place(live_session, member)
    client.force_login(member)
    response = client.post(f"/groups/{live_session.pk}/", {"body": IMMINENT})
    assert response.status_code == 303
    page = client.get(response["Location"]).content.decode()
    assert 'data-state="held"' in page and "<section data-support-panel" in page


@pytest.mark.django_db
def test_a_refused_fetch_post_says_why_in_json_and_room_js_keeps_the_text(
    strict_client, live_session
):
    response = send(strict_client, live_session, "   ")
    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.django_db
def test_a_member_who_left_gets_a_json_refusal_from_fetch(live_session, other_member):
    place(live_session, other_member, state=ParticipantState.LEFT, left_at=timezone.now())
    client = Client()
    client.force_login(other_member)
    response = client.post(f"/groups/{live_session.pk}/", {"body": "Hi"}, **JSON)
    assert response.status_code == 403
    assert response.json()["errors"]
    assert not RoomMessage.objects.exists()


def test_room_js_and_the_view_agree_on_the_request():
    """The view reads `Accept` and X-CSRFToken; room.js and live.js must send them."""
    room_js = Path("static/js/room.js").read_text()
    live_js = Path("static/js/live.js").read_text()
    assert '"Accept": "application/json"' in room_js and "Live.post(form.action" in room_js
    assert '"X-CSRFToken"' in live_js
    for key in ("answer.json.html", "answer.json.panel", "answer.json.errors"):
        assert key in room_js


# --- Muted words ------------------------------------------------------------------------------


@pytest.fixture
def muting(live_session, member, other_member):
    place(live_session, member)
    place(live_session, other_member)
    ReaderSettings.objects.create(member=member, muted_words="relapse")
    return member


@pytest.mark.django_db
def test_a_message_with_a_muted_word_is_folded_on_the_page_for_that_reader_only(
    client, live_session, muting, other_member
):
    post_room_message(session=live_session, author=other_member, body="My relapse story")
    client.force_login(muting)
    page = client.get(f"/groups/{live_session.pk}/").content.decode()
    assert '<details class="muted-post">' in page and "word you muted" in page
    client.force_login(other_member)
    assert "word you muted" not in client.get(f"/groups/{live_session.pk}/").content.decode()


@pytest.mark.django_db
def test_catch_up_sends_a_muted_message_without_its_words(
    client, live_session, muting, other_member
):
    message = post_room_message(
        session=live_session, author=other_member, body="My Relapse story"
    ).message
    client.force_login(muting)
    events = client.get(f"/groups/{live_session.pk}/events/?after=0").json()["events"]
    assert events == [{"type": "message.muted", "message": message.pk, "seq": message.seq}]


@live_db
@pytest.mark.asyncio
async def test_the_socket_sends_a_muted_message_without_its_words(
    room_sockets, live_session, muting, other_member
):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/groups/{live_session.pk}/"
    )
    communicator.scope["user"] = muting
    assert (await communicator.connect())[0]
    await sync_to_async(post_room_message, thread_sensitive=False)(
        session=live_session, author=other_member, body="a relapse again"
    )
    frame = json.loads(await communicator.receive_from(timeout=3))
    assert frame["type"] == "message.muted" and "html" not in frame
    await communicator.disconnect()
