"""Walks accounts.permissions.RULES: every accounts URL for every kind of person."""

import pytest
from django.urls import get_resolver, reverse

from accounts.permissions import (
    ALLOW,
    AWAY,
    DENY,
    LOGIN,
    MEMBER,
    MODERATOR,
    OTHER_MEMBER,
    ROLES,
    RULES,
    VISITOR,
)

CASES = [(name, role) for name in RULES for role in ROLES]


def test_every_accounts_url_has_a_row_in_the_table():
    resolver = get_resolver()
    names = {
        f"accounts:{name}"
        for name in resolver.namespace_dict["accounts"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == set(RULES)


@pytest.mark.parametrize("name", [n for n, rule in RULES.items() if not rule.names_member])
def test_urls_about_ones_own_account_treat_every_member_alike(name):
    rule = RULES[name]
    assert rule.member == rule.other_member


@pytest.fixture
def actors(make_member, moderator):
    owner = make_member("ProfileOwner")
    return {
        VISITOR: None,
        MEMBER: owner,  # for profile URLs, the member the URL names
        OTHER_MEMBER: make_member("SomeoneElse"),
        MODERATOR: moderator,
    }, owner


@pytest.mark.parametrize(("name", "role"), CASES)
@pytest.mark.django_db
def test_who_may_do_what_with_accounts(client, actors, name, role):
    people, owner = actors
    rule = RULES[name]
    args = [owner.pseudonym] if rule.names_member else []
    url = reverse(name, args=args)
    actor = people[role]
    if actor is not None:
        client.force_login(actor)

    response = getattr(client, rule.method)(url)
    expected = rule.outcome(role)

    location = response.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302 and location.startswith("/accounts/login/?next=")
    elif expected == AWAY:
        assert response.status_code == 302 and location == reverse("accounts:settings")
    elif expected == DENY:
        assert response.status_code == 403
    else:
        assert expected == ALLOW
        assert response.status_code in (200, 302, 400), response.status_code
        assert not location.startswith("/accounts/login/")
        assert location != reverse("accounts:settings") or rule.method == "post"
