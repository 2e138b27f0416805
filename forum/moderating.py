"""Moderators' changes to posts and threads (moderation.actions calls them).

Each takes the row's lock, checks the change still makes sense, and keeps what readers see
right: counters and thread state (forum.bookkeeping) and their live events after commit.
A change that makes no sense raises PostingRefused and changes nothing.
"""

from django.db import transaction
from django.utils import timezone

from core.errors import PostingRefused
from core.text import clean_text
from forum import events, signals
from forum.bookkeeping import keep_revision, republish, unpublish
from forum.models import Post, Thread, Visibility
from forum.rendering import render_markdown


def _locked_post(post: Post) -> Post:
    return Post.objects.select_for_update().select_related("thread").get(pk=post.pk)


@transaction.atomic
def publish_held_post(*, post: Post) -> Post:
    """A moderator approved a held post: readers receive it as `post.created`, the thread
    counts it, and a held opening post publishes its thread."""
    post = _locked_post(post)
    if post.state != Visibility.HELD:
        raise PostingRefused("This post is not waiting for approval.")
    post.state = Visibility.PUBLISHED
    post.hold_reason = ""
    post.save(update_fields=["state", "hold_reason"])
    republish(post, bump=True)
    events.post_changed(post, "post.created")
    signals.announce_published(post)  # replies and follows notify once it is visible
    return post


@transaction.atomic
def hide_post(*, post: Post) -> Post:
    """A moderator hides a post: readers lose it (`post.hidden`), counters follow, and a
    hidden opening post hides its thread (`thread.hidden`)."""
    post = _locked_post(post)
    if post.state in (Visibility.HIDDEN, Visibility.DELETED):
        raise PostingRefused("This post is already out of view.")
    was_published = post.state == Visibility.PUBLISHED
    post.state = Visibility.HIDDEN
    post.save(update_fields=["state"])
    if was_published:
        unpublish(post)
        events.post_changed(post, "post.hidden")
        if post.is_opening:
            events.thread_changed(post.thread, "thread.hidden")
    elif post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(state=Visibility.HIDDEN)
    return post


@transaction.atomic
def restore_post(*, post: Post) -> Post:
    """A moderator undoes a hide: readers get the post back (`post.restored`); restoring an
    opening post restores its thread."""
    post = _locked_post(post)
    if post.state != Visibility.HIDDEN:
        raise PostingRefused("This post is not hidden.")
    post.state = Visibility.PUBLISHED
    post.hold_reason = ""
    post.save(update_fields=["state", "hold_reason"])
    republish(post, bump=False)
    events.post_changed(post, "post.restored")
    return post


@transaction.atomic
def replace_post_text(*, post: Post, body: str, title: str | None = None) -> Post:
    """A moderator's edit, e.g. taking out method details. The original stays as a revision
    for moderators; readers of a published post get `post.edited`. Not scanned again: a
    moderator has read it."""
    post = _locked_post(post)
    if post.state == Visibility.DELETED:
        raise PostingRefused("The author removed this post.")
    keep_revision(post)
    post.body = body = clean_text(body)
    post.html = render_markdown(body)
    post.edited = timezone.now()
    post.save(update_fields=["body", "html", "edited"])
    if title is not None and post.is_opening:
        post.thread.title = clean_text(title).strip()
        post.thread.save(update_fields=["title"])
    if post.state == Visibility.PUBLISHED:
        events.post_changed(post, "post.edited")
    return post


@transaction.atomic
def set_post_warning(*, post: Post, warning_category: str, warning_text: str = "") -> Post:
    """A moderator adds (or changes) a content warning; the earlier version is kept."""
    post = _locked_post(post)
    if post.state == Visibility.DELETED:
        raise PostingRefused("The author removed this post.")
    keep_revision(post)
    post.warning_category = warning_category
    post.warning_text = clean_text(warning_text).strip()
    post.save(update_fields=["warning_category", "warning_text"])
    if post.state == Visibility.PUBLISHED:
        events.post_changed(post, "post.edited")
    return post


@transaction.atomic
def lock_thread(*, thread: Thread) -> Thread:
    """No new replies; readers' reply forms go away (`thread.locked`)."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.locked:
        raise PostingRefused("This thread is already locked.")
    thread.locked = True
    thread.save(update_fields=["locked"])
    events.thread_changed(thread, "thread.locked")
    return thread


@transaction.atomic
def hide_thread(*, thread: Thread) -> Thread:
    """The whole thread leaves every list and page; open sockets close (`thread.hidden`)."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.state == Visibility.HIDDEN:
        raise PostingRefused("This thread is already hidden.")
    thread.state = Visibility.HIDDEN
    thread.save(update_fields=["state"])
    events.thread_changed(thread, "thread.hidden")
    return thread


@transaction.atomic
def restore_thread(*, thread: Thread) -> Thread:
    """Undo hide_thread: the thread is public again."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.state != Visibility.HIDDEN:
        raise PostingRefused("This thread is not hidden.")
    thread.state = Visibility.PUBLISHED
    thread.save(update_fields=["state"])
    return thread
