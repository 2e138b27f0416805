"""Walks moderation.permissions.RULES: every moderation URL for every kind of person."""

import pytest
from django.urls import get_resolver, reverse

from core.permissions import ALLOW, DENY, HIDDEN, LOGIN
from forum import services as forum
from moderation.access import (
    ADMINISTRATOR,
    AUTHOR,
    MEMBER,
    MODERATOR,
    NOTE,
    POST,
    ROLES,
    SANCTION,
    VISITOR,
)
from moderation.models import Note, Sanction
from moderation.permissions import RULES

CASES = [(name, role) for name in RULES for role in ROLES]
SECRET = "zq-words-only-the-author-and-moderators-may-see"


def test_every_moderation_url_has_a_row_in_the_table():
    resolver = get_resolver()
    names = {
        f"moderation:{name}"
        for name in resolver.namespace_dict["moderation"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == set(RULES)


def test_no_rule_lets_a_plain_member_or_visitor_into_moderators_pages():
    for name, rule in RULES.items():
        if name in ("moderation:report", "moderation:inbox", "moderation:read_note"):
            continue
        assert (rule.visitor, rule.member) == (LOGIN, DENY), name


@pytest.fixture
def people(make_member, moderator, administrator, thread):
    author = make_member("PostAuthor")
    post = forum.create_post(thread=thread, author=author, body=SECRET).post
    objects = {
        POST: post,
        NOTE: Note.objects.create(recipient=author, kind="support", subject="s", body=SECRET),
        SANCTION: Sanction.objects.create(member=author, kind="warning", reason=SECRET),
    }
    actors = {
        VISITOR: None,
        MEMBER: make_member("Bystander"),
        AUTHOR: author,
        MODERATOR: moderator,
        ADMINISTRATOR: administrator,
    }
    return actors, objects


@pytest.mark.parametrize(("name", "role"), CASES)
@pytest.mark.django_db
def test_who_may_do_what_in_moderation(client, people, name, role):
    actors, objects = people
    rule = RULES[name]
    args = [objects[rule.about].pk] if rule.about else []
    actor = actors[role]
    if actor is not None:
        client.force_login(actor)

    response = getattr(client, rule.method)(reverse(name, args=args))
    expected = rule.outcome(role)

    location = response.get("Location", "")
    body = response.content.decode()
    if expected == LOGIN:
        assert response.status_code == 302 and location.startswith("/accounts/login/?next=")
    elif expected == DENY:
        assert response.status_code == 403 and SECRET not in body
    elif expected == HIDDEN:
        assert response.status_code == 404 and SECRET not in body
    else:
        assert expected == ALLOW
        assert response.status_code in (200, 303, 400, 409), response.status_code
        assert not location.startswith("/accounts/login/")


@pytest.mark.django_db
def test_members_never_learn_which_post_ids_exist_behind_moderators_urls(client, member):
    client.force_login(member)
    assert client.get("/moderation/posts/987654/").status_code == 403
