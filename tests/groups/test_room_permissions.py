"""Walk groups.room_permissions.RULES: every URL of the room answers every role as the table
says, on a session under way with a message, a participant to act on and a review."""

import pytest
from django.urls import reverse

from core.permissions import ALLOW, DENY, HIDDEN, LOGIN
from groups import room_urls
from groups.holds import report_message
from groups.room_permissions import ROLES, RULES
from groups.room_services import post_room_message
from tests.groups import room_helpers
from tests.groups.room_helpers import place

facilitator = room_helpers.facilitator
live_session = room_helpers.live_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(live_session, make_member):
    """A speaker with a message someone reported, and a second participant to mute or remove."""
    speaker = make_member("QuietHeron")
    place(live_session, speaker)
    target = place(live_session, make_member("StillBrook"))
    message = post_room_message(session=live_session, author=speaker, body="Hello all").message
    reporter = make_member("KeenOtter")
    place(live_session, reporter)
    review = report_message(message=message, reporter=reporter, reason="Seems unkind")
    return {"session": live_session, "message": message, "target": target, "review": review}


def url_for(name: str, room: dict) -> str:
    session_id = room["session"].pk
    args = {
        "groups:room_mute": [session_id, room["target"].pk],
        "groups:room_remove": [session_id, room["target"].pk],
        "groups:room_report": [session_id, room["message"].pk],
        "groups:room_review": [room["review"].pk],
        "groups:room_release": [room["review"].pk],
        "groups:room_keep_hidden": [room["review"].pk],
    }.get(name, [session_id])
    return reverse(name, args=args)


@pytest.fixture
def sign_in_as(client, room, make_member, moderator, facilitator):
    def sign_in(role):
        if role == "visitor":
            return
        who = {
            "member": lambda: make_member(),
            "participant": lambda: place(room["session"], make_member()).member,
            "supporter": lambda: make_member(is_peer_supporter=True),
            "facilitator": lambda: facilitator,
            "moderator": lambda: moderator,
        }[role]()
        client.force_login(who)

    return sign_in


def test_every_room_url_is_in_the_table_with_every_role():
    assert {f"groups:{entry.name}" for entry in room_urls.urlpatterns} == set(RULES)
    assert all(set(rule.outcomes) == set(ROLES) for rule in RULES.values())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(RULES))
def test_room_urls_answer_as_the_table_says(client, room, sign_in_as, name, role):
    sign_in_as(role)
    rule = RULES[name]
    url = url_for(name, room)
    response = client.post(url, {}) if rule.method == "post" else client.get(url)
    expected = rule.outcome(role)
    if expected == LOGIN:
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif expected == DENY:
        assert response.status_code == 403
    elif expected == HIDDEN:
        assert response.status_code == 404
        assert "Hello all" not in response.content.decode()
    else:
        assert expected == ALLOW
        assert response.status_code not in (403, 404, 405)
        assert "/login/" not in response.get("Location", "")


@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.method == "post"))
def test_a_form_url_refuses_get(client, room, facilitator, moderator, name):
    allowed = RULES[name].outcome("facilitator") == ALLOW
    client.force_login(facilitator if allowed else moderator)
    assert client.get(url_for(name, room)).status_code == 405
