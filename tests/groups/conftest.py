"""Fixtures for the group-session tests: a peer supporter and sessions they facilitate."""

import contextlib
from datetime import timedelta

import pytest
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers
from channels.testing import WebsocketCommunicator
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
async def room_sockets(monkeypatch):
    """Every WebsocketCommunicator a test connects is disconnected when it ends, so no consumer
    task outlives its test (over channels-redis an abandoned one hangs the event loop's
    teardown: cancelling its pending receive never finishes)."""
    opened = []
    connect = WebsocketCommunicator.connect

    async def connect_and_track(self, *args, **kwargs):
        opened.append(self)
        return await connect(self, *args, **kwargs)

    monkeypatch.setattr(WebsocketCommunicator, "connect", connect_and_track)
    yield opened
    for communicator in opened:
        with contextlib.suppress(Exception):
            await communicator.disconnect()
    # A fresh channel layer for the next test: a consumer the server closed mid-receive can
    # leave the shared layer's receive state bound to this test's event loop.
    with contextlib.suppress(Exception):
        await channel_layers[DEFAULT_CHANNEL_LAYER].close_pools()
    channel_layers.backends.clear()
