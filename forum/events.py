"""Live events for thread readers: numbered, logged for catch-up and sent through core.live.

Services call `post_changed` inside their transaction. It numbers the event (a per-thread
sequence, taken under the thread's row lock so numbers follow commit order), logs it for
catch-up, and sends it to the thread's group after commit. A failed send is logged and never
fails the request: the post is saved, and readers catch up on reconnect.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.loader import render_to_string

from core.live import group_send
from forum.models import Post, ReactionKind, Thread, ThreadEvent, Visibility
from forum.reading import words_of

logger = logging.getLogger(__name__)

# Events whose payload carries the post's current HTML; the others only name the post.
EVENTS_WITH_HTML = {
    "post.created",
    "post.edited",
    "post.deleted",
    "post.restored",
    "reactions.changed",
}


def thread_group(thread_id: int) -> str:
    return f"thread-{thread_id}"


def render_post_for_readers(post: Post) -> str:
    """The post as every reader sees it: no viewer-specific controls, no author identity
    beyond what the page itself shows."""
    context = {
        "post": post,
        "thread": post.thread,
        "live": True,
        "reaction_kinds_all": ReactionKind.choices,
    }
    return render_to_string("forum/_post.html", context)


def render_post_collapsed(post: Post) -> str:
    """The post as a reader who blocked its author receives it: who and when, never its words
    (the thread's page, loaded afresh, holds them behind "Show the post anyway")."""
    return render_to_string("forum/_post_collapsed.html", {"post": post, "thread": post.thread})


def next_seq(thread_id: int) -> int:
    Thread.objects.filter(pk=thread_id).update(event_seq=F("event_seq") + 1)
    return Thread.objects.values_list("event_seq", flat=True).get(pk=thread_id)


def post_changed(post: Post, event_type: str) -> None:
    """Record an event about a post and broadcast it after commit. Call inside the service's
    transaction. Held posts are never announced."""
    if event_type in EVENTS_WITH_HTML and post.state not in (
        Visibility.PUBLISHED,
        Visibility.DELETED,
    ):
        return
    seq = next_seq(post.thread_id)
    ThreadEvent.objects.create(thread_id=post.thread_id, seq=seq, type=event_type, post=post)
    transaction.on_commit(lambda: broadcast_post(post.pk, event_type, seq))


def thread_changed(thread: Thread, event_type: str) -> None:
    seq = next_seq(thread.pk)
    ThreadEvent.objects.create(thread_id=thread.pk, seq=seq, type=event_type)
    transaction.on_commit(lambda: send(thread.pk, {"type": event_type, "seq": seq}))


# A name shown in the thread changed (an account deleted, a pseudonym changed). Clients have
# nothing to apply: their page keeps the names it had until it reloads.
AUTHORS_CHANGED = "thread.authors_changed"


def threads_changed(thread_ids, event_type: str) -> None:
    """`thread_changed` for many threads in three queries, whatever their number: for changes
    that touch a member's posts across the forum (an account deleted, a pseudonym changed).
    Call inside the service's transaction; the rows stay locked until it ends, so the numbers
    still follow commit order."""
    thread_ids = sorted(set(thread_ids))
    if not thread_ids:
        return
    Thread.objects.filter(pk__in=thread_ids).update(event_seq=F("event_seq") + 1)
    seqs = dict(Thread.objects.filter(pk__in=thread_ids).values_list("pk", "event_seq"))
    ThreadEvent.objects.bulk_create(
        ThreadEvent(thread_id=pk, seq=seq, type=event_type) for pk, seq in seqs.items()
    )

    def send_all():
        for pk, seq in seqs.items():
            send(pk, {"type": event_type, "seq": seq})

    transaction.on_commit(send_all)


def member_renamed(member) -> None:
    """A member's pseudonym changed: the threads that show it get an event, so cached pages
    (forum.page_cache) show the new name at once. Call inside the renaming transaction."""
    from forum.selectors import threads_naming_member

    threads_changed(threads_naming_member(member), AUTHORS_CHANGED)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="forum-member-renamed")
def _member_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    # accounts.services.change_pseudonym saves with update_fields naming "pseudonym"; a full
    # save (the admin) may have changed it too. Creation shows nobody's posts yet.
    if created or raw or (update_fields is not None and "pseudonym" not in update_fields):
        return
    member_renamed(instance)


def event_payload(event_type: str, post: Post | None, seq: int) -> dict:
    """The JSON a client receives. Hidden or held posts go out without their text."""
    payload = {"type": event_type, "seq": seq}
    if post is not None:
        payload["post"] = post.pk
        if post.state in (Visibility.PUBLISHED, Visibility.DELETED):
            payload["html"] = render_post_for_readers(post)
        elif event_type in EVENTS_WITH_HTML:
            payload["type"] = "post.hidden"
    return payload


def event_message(event_type: str, post: Post | None, seq: int, *, collapse=True) -> dict:
    """The message about one event that every reader's frame is picked from
    (forum.reading.payload_for_reader): the payload; with HTML, the post's words for readers'
    muted words; and for a named post with HTML its author and the collapsed variant for
    readers who blocked them. Each is worked out once, whatever the number of readers (a
    channels-redis process receives one copy for all its sockets).
    `collapse=False` leaves the author and the variant out, for a reader known not to block
    the author (catch-up knows its one reader).

    The author's id travels only to the consumers and the catch-up view, never to clients, and
    not at all for anonymous posts."""
    payload = event_payload(event_type, post, seq)
    message = {"type": "thread.event", "payload": payload}
    if "html" in payload:
        message["words"] = words_of(post)
    if collapse and post is not None and not post.anonymous and post.author_id is not None:
        message["author"] = post.author_id
        if "html" in payload:
            message["collapsed"] = {**payload, "html": render_post_collapsed(post)}
    return message


def broadcast_post(post_id: int, event_type: str, seq: int) -> None:
    post = Post.objects.select_related("thread", "author").filter(pk=post_id).first()
    if post is None:
        return
    try:
        message = event_message(event_type, post, seq)
    except Exception:
        logger.exception("Could not render live event %s for post %s", event_type, post_id)
        return
    group_send(thread_group(post.thread_id), message)


def send(thread_id: int, payload: dict) -> None:
    group_send(thread_group(thread_id), {"type": "thread.event", "payload": payload})
