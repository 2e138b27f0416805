"""Fixtures for the moderation tests: posts in every state, a second moderator, an
administrator, and a way to act as a moderator through the pages."""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from forum import services as forum
from moderation.models import QueueItem
from moderation.services import flag_post
from safety.services import Assessment

IMMINENT = "I have the pills counted out and I'm taking them all tonight."


@pytest.fixture
def second_moderator(make_member):
    person = make_member("SteadyWillow9")
    person.groups.add(Group.objects.get(name="Peer moderators"))
    return person


@pytest.fixture
def administrator(make_member):
    return make_member("HarbourKeeper", is_superuser=True, is_staff=True)


@pytest.fixture
def reply(thread, other_member):
    """A published reply by other_member in member's thread."""
    return forum.create_post(thread=thread, author=other_member, body="Hang in there.").post


@pytest.fixture
def held_reply(thread, other_member):
    """other_member's reply, held by the scanner as imminent risk."""
    outcome = forum.create_post(thread=thread, author=other_member, body=IMMINENT)
    assert outcome.held
    return outcome.post


def assessment(severity: str, *categories: str, failed: bool = False) -> Assessment:
    return Assessment(severity=severity, categories=categories, failed=failed)


def flagged(post, severity: str, *categories: str) -> QueueItem:
    # As the forum does: flag_post locks the post's queue item, so it runs inside a transaction
    # (SQLite ignores the lock; PostgreSQL refuses it outside one).
    with transaction.atomic():
        flag_post(post=post, assessment=assessment(severity, *categories))
    return QueueItem.objects.get(post=post)


def version_of(post) -> int:
    item = QueueItem.objects.filter(post=post).first()
    return item.version if item else 0


def act(client, slug: str, post, **data):
    """Post an action form as a moderator's page would, with the item's current version."""
    data.setdefault("version", version_of(post))
    return client.post(f"/moderation/posts/{post.pk}/{slug}/", data)
