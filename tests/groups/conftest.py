"""Fixtures for the group-session tests: a peer supporter and sessions they facilitate."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import GroupSession


@pytest.fixture
def supporter(make_member):
    return make_member("KindHarbour5", is_peer_supporter=True)


@pytest.fixture
def make_session(board, supporter):
    def make(*, facilitator=None, starts_in=timedelta(days=2), capacity=12, **fields):
        return GroupSession.objects.create(
            facilitator=facilitator or supporter,
            board=fields.pop("board", board),
            title=fields.pop("title", "Tuesday evening circle"),
            description=fields.pop("description", "A gentle group for heavy weeks."),
            ground_rules=fields.pop("ground_rules", "- Be kind to yourself and each other."),
            starts_at=timezone.now() + starts_in,
            capacity=capacity,
            **fields,
        )

    return make


@pytest.fixture
def session(make_session):
    return make_session()


@pytest.fixture
def room_sockets(open_sockets):
    """The communicators this test connected (tests/conftest.py disconnects them)."""
    return open_sockets
