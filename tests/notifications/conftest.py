"""Helpers for notification tests: run the posting services as a request would, so the
after-commit hooks (forum.signals) fire."""

import pytest

from forum import services


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Call a service and run its after-commit callbacks, as a committed request would."""

    def run(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)

    return run


@pytest.fixture
def reply(committed):
    def make(thread, author, body="You're not alone in this.", **kwargs):
        return committed(
            services.create_post, thread=thread, author=author, body=body, **kwargs
        ).post

    return make


@pytest.fixture
def react(committed):
    def make(post, member, kind="hug"):
        return committed(services.toggle_reaction, post=post, member=member, kind=kind)

    return make
