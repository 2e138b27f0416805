"""The crisis scan runs before any row lock is taken: with the model on it can take 100+ ms,
and every other reply to the thread would wait behind the lock all that time."""

import pytest
from django.db.models.query import QuerySet

from forum import services
from forum.models import Post

pytestmark = pytest.mark.django_db

IMMINENT = "I have the pills counted out and I'm taking them all tonight."


@pytest.fixture
def timeline(monkeypatch):
    """What happened, in order: ("scan", text) for each rating, ("lock", model) for each
    select_for_update. The real rating and the real lock still run."""
    events = []
    rate = services.assess_text
    lock = QuerySet.select_for_update

    def recording_rate(text, **views):
        events.append(("scan", text))
        return rate(text, **views)

    def recording_lock(queryset, *args, **kwargs):
        events.append(("lock", queryset.model.__name__))
        return lock(queryset, *args, **kwargs)

    monkeypatch.setattr(services, "assess_text", recording_rate)
    monkeypatch.setattr(QuerySet, "select_for_update", recording_lock)
    return events


def scanned_while_locked(events) -> bool:
    first_lock = next((i for i, (kind, _) in enumerate(events) if kind == "lock"), len(events))
    return any(kind == "scan" for kind, _ in events[first_lock:])


def test_a_reply_is_rated_before_the_thread_row_is_locked(client, thread, other_member, timeline):
    client.force_login(other_member)
    client.post(f"/threads/{thread.pk}/", {"body": IMMINENT})
    assert ("lock", "Thread") in timeline and ("lock", "QueueItem") in timeline
    assert [kind for kind, _ in timeline].count("scan") == 1
    assert not scanned_while_locked(timeline), timeline


def test_an_edit_is_rated_before_the_post_row_is_locked(thread, other_member, timeline):
    post = services.create_post(thread=thread, author=other_member, body="A calm day.").post
    timeline.clear()
    post = Post.objects.select_related("thread").get(pk=post.pk)
    services.edit_post(post=post, editor=other_member, body=IMMINENT)
    assert ("lock", "Post") in timeline
    assert not scanned_while_locked(timeline), timeline


def test_a_new_thread_is_rated_before_anything_is_written(timeline, member, board):
    services.create_thread(board=board, author=member, title="Tonight", body=IMMINENT)
    assert timeline[0][0] == "scan"
    assert not scanned_while_locked(timeline), timeline


def test_a_reply_to_a_locked_thread_is_still_refused(thread, other_member):
    services.lock_thread(thread=thread)
    with pytest.raises(services.PostingRefused):
        services.create_post(thread=thread, author=other_member, body="hello")
