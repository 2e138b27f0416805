"""Every supporter URL answers each role as supporters.permissions.RULES says."""

import pytest
from django.urls import reverse

from core.permissions import ALLOW, DENY, LOGIN
from supporters.permissions import ROLES, RULES

pytestmark = pytest.mark.django_db


@pytest.fixture
def url_kwargs(make_member, supporter):
    from supporters import services

    applicant = make_member("Applicant9")
    application = services.submit_application(member=applicant, why="To help.").application
    return {
        "supporters:training_part": {"part": "listening"},
        "supporters:review": {"application_id": application.pk},
        "supporters:change_role": {"member_id": supporter.pk},
    }


def login_as(client, role, *, member, supporter, moderator):
    who = {"member": member, "supporter": supporter, "moderator": moderator}.get(role)
    if who is not None:
        client.force_login(who)


@pytest.mark.parametrize("name", sorted(RULES))
@pytest.mark.parametrize("role", ROLES)
def test_each_url_answers_as_the_table_says(
    client, member, supporter, moderator, url_kwargs, name, role
):
    rule = RULES[name]
    login_as(client, role, member=member, supporter=supporter, moderator=moderator)
    url = reverse(name, kwargs=url_kwargs.get(name, {}))
    data = {"change": "pause", "reason": "checking"} if name == "supporters:change_role" else {}
    response = client.post(url, data) if rule.method == "post" else client.get(url)
    expected = rule.outcome(role)
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif expected == DENY:
        assert response.status_code == 403
    else:
        assert expected == ALLOW
        assert response.status_code in (200, 303), response.status_code
        assert "/accounts/login/" not in response.get("Location", "")


def test_the_table_covers_every_supporter_url():
    from tests.security.test_authorization import all_url_names

    names = {n for n in all_url_names() if n.startswith("supporters:")}
    assert names == set(RULES)
