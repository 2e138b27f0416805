"""Factories and shared fixtures. Real database, real channel layer; only the outside is mocked."""

import asyncio
import contextlib
import inspect
import itertools
import os
from datetime import UTC, datetime

import pytest
from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.cache import cache

from forum.models import Board

_names = itertools.count(1)
# The lexicon rates this "none"; the model, which reads meaning rather than words, does not.
IMPLICIT = "I looked up how many of my pills it would take."


def requires_service(name: str, reason: str):
    """Skip when a service is missing, except under CI, where a missing service is a failure."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{name} is required under CI=true: {reason}")
    pytest.skip(f"{name} unavailable: {reason}")


def clear_our_cache_keys() -> None:
    """Forget rate-limit windows between tests without flushing a shared Redis."""
    if not settings.REDIS_URL:
        cache.clear()
        return
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    for key in client.scan_iter(match=f"{prefix}:*", count=500):
        client.delete(key)


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_our_cache_keys()
    yield


@pytest.fixture
async def open_sockets(monkeypatch):
    """Every WebsocketCommunicator an async test connects, disconnected when the test ends, then
    a fresh channel layer. Over channels-redis a consumer left receiving, or one the server
    closed mid-receive, keeps the layer's receive state bound to the finished test's event loop;
    cancelling it at the loop's teardown can then wait forever and stall the whole run."""
    opened = []
    connect = WebsocketCommunicator.connect

    async def connect_and_track(self, *args, **kwargs):
        opened.append(self)
        return await connect(self, *args, **kwargs)

    monkeypatch.setattr(WebsocketCommunicator, "connect", connect_and_track)
    yield opened
    for communicator in opened:
        if communicator.future.done():
            continue  # the consumer already finished, or the test cancelled it
        # CancelledError is a BaseException: a consumer cancelled mid-disconnect raises it.
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await communicator.disconnect()
    close_pools = getattr(channel_layers[DEFAULT_CHANNEL_LAYER], "close_pools", None)
    if close_pools is not None:  # channels-redis only; the in-memory layer has nothing to close
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(close_pools(), timeout=5)
    channel_layers.backends.clear()


def pytest_collection_modifyitems(items):
    """Every async test gets `open_sockets` (fixtures are resolved from this list at setup);
    listed last, it is torn down first, before the database is flushed."""
    for item in items:
        if inspect.iscoroutinefunction(getattr(item, "obj", None)):
            if "open_sockets" not in item.fixturenames:
                item.fixturenames.append("open_sockets")


@pytest.fixture
def make_member(db):
    from django.utils import timezone

    from accounts.models import Member

    def make(pseudonym=None, password="a calm long passphrase 7", *, new=False, **extra):
        pseudonym = pseudonym or f"Member{next(_names)}"
        if not new:
            extra.setdefault("date_joined", timezone.now() - timezone.timedelta(days=90))
        return Member.objects.create_user(pseudonym, password, **extra)

    return make


@pytest.fixture
def member(make_member):
    return make_member("QuietHeron42")


@pytest.fixture
def other_member(make_member):
    return make_member("BraveOtter7")


@pytest.fixture
def moderator(make_member):
    from django.contrib.auth.models import Group

    mod = make_member("GentleLark3")
    mod.groups.add(Group.objects.get(name="Peer moderators"))
    return mod


@pytest.fixture
def board(db):
    return Board.objects.get(slug="depression")


@pytest.fixture
def make_thread(board, member):
    from forum import services

    def make(
        *,
        author=None,
        title="Finding it hard this week",
        body="Some days are heavy.",
        anonymous=False,
        replies=0,
        reply_author=None,
        on_board=None,
    ):
        outcome = services.create_thread(
            board=on_board or board,
            author=author or member,
            title=title,
            body=body,
            anonymous=anonymous,
        )
        thread = outcome.post.thread
        for n in range(replies):
            services.create_post(
                thread=thread,
                author=reply_author or author or member,
                body=f"Reply number {n + 1}: you are not alone.",
            )
        thread.refresh_from_db()
        return thread

    return make


@pytest.fixture
def thread(make_thread):
    return make_thread()


# For tests whose rows another thread or process must see (sockets, daphne, browsers): commit
# for real, and restore the migration-seeded rows (boards, groups, resources) afterwards.
live_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def model_on(settings):
    """The crisis model layer on (the test settings turn it off), loaded afresh."""
    from safety import layers

    settings.CRISIS_MODEL_ENABLED = True
    layers.crisis_model_layer.cache_clear()
    yield
    layers.crisis_model_layer.cache_clear()


# A fixed evening for tests of the crisis lane's clocks (time-machine).
T0 = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    """Time frozen at T0."""
    import time_machine

    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def on_duty(moderator, clock):
    """A staffed forum: the moderator has the queue open right now."""
    from moderation import staffing

    staffing.record_queue_seen(moderator.pk)
    return moderator
