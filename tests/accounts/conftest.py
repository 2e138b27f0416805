"""Factories for the accounts tests, local so these tests need nothing from other apps' work.

They shadow tests/conftest.py's `make_member`, `member` and friends on purpose: these tests
assert on their exact pseudonyms and password. Rate-limit windows are cleared per test by
tests/conftest.py (`_fresh_cache`), which deletes only this run's keys in a shared Redis.
"""

import itertools

import pytest

from accounts.models import Member
from forum.models import Board, Post, Thread

PASSWORD = "a quiet heron by the river"
_numbers = itertools.count(1)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def make_member(db):
    def make(pseudonym=None, password=PASSWORD, **extra):
        pseudonym = pseudonym or f"Member{next(_numbers)}x"
        return Member.objects.create_user(pseudonym, password, **extra)

    return make


@pytest.fixture
def member(make_member):
    return make_member("QuietHeron")


@pytest.fixture
def other_member(make_member):
    return make_member("BrightOtter")


@pytest.fixture
def moderator(make_member):
    from django.contrib.auth.models import Group

    person = make_member("SteadyWillow")
    person.groups.add(Group.objects.get(name="Peer moderators"))
    return person


@pytest.fixture
def board(db):
    return Board.objects.create(slug="accounts-tests", name="Accounts tests", description="Talk.")


@pytest.fixture
def make_thread(board):
    """A published thread with its opening post, written straight to the database so these
    tests do not depend on the crisis scanner's verdicts."""

    def make(author, title="A thread", body="Opening words", anonymous=False, **post_extra):
        thread = Thread.objects.create(board=board, title=title, author=author, anonymous=anonymous)
        Post.objects.create(
            thread=thread,
            author=author,
            anonymous=anonymous,
            is_opening=True,
            body=body,
            html=f"<p>{body}</p>",
            **post_extra,
        )
        return thread

    return make


@pytest.fixture
def make_reply():
    def make(thread, author, body="A reply", anonymous=False, **extra):
        post = Post.objects.create(
            thread=thread,
            author=author,
            anonymous=anonymous,
            body=body,
            html=f"<p>{body}</p>",
            **extra,
        )
        if post.state == "published":
            Thread.objects.filter(pk=thread.pk).update(reply_count=thread.reply_count + 1)
            thread.refresh_from_db()
        return post

    return make


@pytest.fixture
def logged_in(client):
    """Log `member` in on the default client and return the client."""

    def log_in(person, on=None):
        on = on or client
        on.force_login(person)
        return on

    return log_in


def dump_database() -> str:
    """Every row of every table as text, sessions decoded, for "is this anywhere?" checks."""
    from django.apps import apps
    from django.contrib.sessions.models import Session

    lines = []
    for model in apps.get_models(include_auto_created=True):
        for row in model._default_manager.all().values():
            lines.append(f"{model._meta.label} {row!r}")
    for session in Session.objects.all():
        lines.append(f"session-decoded {session.get_decoded()!r}")
    return "\n".join(lines)


@pytest.fixture
def database_dump():
    return dump_database
