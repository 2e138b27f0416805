"""Walk groups.permissions.RULES: every group-session URL answers every role as the table says."""

import pytest
from django.urls import reverse

from core.permissions import ALLOW, DENY, LOGIN
from groups import room_urls
from groups.permissions import ROLES, RULES, URL_NAMES
from tests.groups.session_factories import place
from tests.security.test_authorization import all_url_names

NEEDS_NO_SESSION = {"groups:list", "groups:zone", "groups:new", "groups:mine"}


@pytest.fixture
def reader_as(client, session, make_member, moderator, supporter):
    def sign_in(role):
        if role == "visitor":
            return
        who = {
            "member": lambda: make_member(),
            "participant": lambda: place(session, make_member()).member,
            "supporter": lambda: make_member(is_peer_supporter=True),
            "facilitator": lambda: supporter,
            "moderator": lambda: moderator,
        }[role]()
        client.force_login(who)

    return sign_in


def test_every_group_url_is_in_the_table():
    # The room's own URLs (groups/room_urls.py) are the room's to list.
    room_names = {f"groups:{entry.name}" for entry in room_urls.urlpatterns}
    ours = {n for n in all_url_names() if n.startswith("groups:")} - room_names
    assert ours == URL_NAMES
    assert all(set(rule.outcomes) == set(ROLES) for rule in RULES.values())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method"), sorted(RULES))
def test_group_urls_answer_as_the_table_says(client, session, reader_as, name, method, role):
    reader_as(role)
    args = [] if name in NEEDS_NO_SESSION else [session.pk]
    url = reverse(name, args=args)
    response = client.post(url, {}) if method == "post" else client.get(url)
    expected = RULES[(name, method)].outcome(role)
    if expected == LOGIN:
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif expected == DENY:
        assert response.status_code == 403
    else:
        assert expected == ALLOW
        assert response.status_code not in (403, 404, 405)
        assert "/login/" not in response.get("Location", "")


def test_a_method_the_table_does_not_list_is_refused(client, member):
    client.force_login(member)
    assert client.post("/groups/").status_code == 405
