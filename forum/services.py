"""Every change members make to threads and posts goes through these functions.

They render and sanitise once and scan once, before taking any row lock; then, in one
transaction, save, ask for a peer moderator's review when the rating or a hold calls for it
(forum.signals.post_needs_review), and register live broadcasts to run after commit, so the
crisis scanner, moderation and the live layer each hook in at one place. Moderators' changes
live in forum.moderating; they are importable from here too, as moderation.actions calls them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.errors import PostingRefused
from core.guards import ensure_member_can_write
from core.text import clean_text
from forum import events, review, signals
from forum.bookkeeping import keep_revision, unpublish
from forum.models import Board, Post, Reaction, ReactionKind, Thread, Visibility
from forum.moderating import (  # noqa: F401  (moderation.actions calls them as forum.services.*)
    hide_post,
    hide_thread,
    lock_thread,
    publish_held_post,
    replace_post_text,
    restore_post,
    restore_thread,
    set_post_warning,
)
from forum.rendering import count_links, displayed_text, render_markdown
from safety.services import Assessment, asks_for_review, assess_text, is_crisis

HELD_FOR_MODERATOR = "Waiting for a peer moderator"
HELD_FOR_LINKS = "Posts with several links from new members wait for a peer moderator"
HELD_WHILE_UNSTAFFED = "Waiting for a peer moderator: none is online right now"


@dataclass(frozen=True)
class PostOutcome:
    post: Post
    assessment: Assessment
    # A crisis post written while no moderator was on duty (forum.review.unstaffed): its author
    # is told that nobody is watching right now, and given the 24/7 lines.
    unstaffed: bool = False

    @property
    def held(self) -> bool:
        return self.post.state == Visibility.HELD


def is_new_member(member) -> bool:
    age = timezone.now() - member.date_joined
    return age.days < settings.NEW_MEMBER_DAYS


def _crisis_hold(assessment: Assessment, *, unstaffed: bool) -> str:
    """Why a crisis post waits for a moderator, or "" when it publishes: a failed scan or an
    imminent rating always holds (fail closed); a high rating holds while nobody is on duty."""
    if assessment.failed or assessment.severity in settings.CRISIS_HOLD_SEVERITIES:
        return HELD_FOR_MODERATOR
    if unstaffed and assessment.severity in settings.CRISIS_FLAG_SEVERITIES:
        return HELD_WHILE_UNSTAFFED
    return ""


def _decide_state(*, author, assessment: Assessment, html: str, unstaffed: bool) -> tuple[str, str]:
    """Publish or hold, and why."""
    crisis_hold = _crisis_hold(assessment, unstaffed=unstaffed)
    if crisis_hold:
        return Visibility.HELD, crisis_hold
    if is_new_member(author) and count_links(html) > settings.NEW_MEMBER_MAX_LINKS:
        return Visibility.HELD, HELD_FOR_LINKS
    return Visibility.PUBLISHED, ""


def _ask_for_review(post: Post, assessment: Assessment, *, after_edit: bool = False) -> None:
    """Announce the post to its reviewers when its rating or its hold asks for it. An edit does
    not ask again for a links hold: the first ask still stands."""
    rating = assessment if asks_for_review(assessment) else None
    held_for_links = post.hold_reason == HELD_FOR_LINKS and not after_edit
    if rating is not None or held_for_links:
        signals.ask_for_review(post, assessment=rating, held_for_links=held_for_links)


@dataclass(frozen=True)
class _Draft:
    """A post's text made ready to save: cleaned, rendered, sanitised and rated."""

    body: str
    html: str
    warning_text: str
    assessment: Assessment


def _draft(*, title: str, body: str, warning_text: str) -> _Draft:
    """Clean, render and rate a post's text. Needs no lock, so callers do it before taking
    one: the rating can take a model's 100+ ms, and other replies to the thread would wait
    behind its row lock all that time.

    The post is rated as written and as readers will see it: the title and the warning are
    shown as plain text, the body as its rendered HTML. The written text is the one moderators'
    highlights index (moderation.selectors.scanned_text)."""
    body = clean_text(body)  # whatever the caller: PostgreSQL refuses NUL, overrides disguise
    html = render_markdown(body)
    warning_text = clean_text(warning_text).strip()
    written = f"{title}\n{body}\n{warning_text}".strip()
    displayed = f"{title}\n{displayed_text(html)}\n{warning_text}".strip()
    assessment = assess_text(written, displayed=displayed)
    return _Draft(body=body, html=html, warning_text=warning_text, assessment=assessment)


def _save_post(
    *, thread, author, draft: _Draft, anonymous, warning_category, opening
) -> PostOutcome:
    assessment = draft.assessment
    unstaffed = is_crisis(assessment) and review.unstaffed()
    state, hold_reason = _decide_state(
        author=author, assessment=assessment, html=draft.html, unstaffed=unstaffed
    )
    post = Post.objects.create(
        thread=thread,
        author=author,
        anonymous=anonymous,
        is_opening=opening,
        body=draft.body,
        html=draft.html,
        warning_category=warning_category,
        warning_text=draft.warning_text,
        state=state,
        hold_reason=hold_reason,
    )
    _ask_for_review(post, assessment)
    return PostOutcome(post=post, assessment=assessment, unstaffed=unstaffed)


@transaction.atomic
def create_thread(
    *,
    board: Board,
    author,
    title: str,
    body: str,
    anonymous: bool = False,
    warning_category: str = "",
    warning_text: str = "",
) -> PostOutcome:
    """Start a thread. Its title and opening post are scanned together; a held opening post
    holds the thread too, so nobody sees a thread they cannot read."""
    ensure_member_can_write(author)
    title = clean_text(title).strip()
    draft = _draft(title=title, body=body, warning_text=warning_text)
    thread = Thread.objects.create(board=board, title=title, author=author, anonymous=anonymous)
    outcome = _save_post(
        thread=thread,
        author=author,
        draft=draft,
        anonymous=anonymous,
        warning_category=warning_category,
        opening=True,
    )
    if outcome.held:
        thread.state = Visibility.HELD
        thread.save(update_fields=["state"])
    signals.announce_published(outcome.post)
    return outcome


@transaction.atomic
def create_post(
    *,
    thread: Thread,
    author,
    body: str,
    anonymous: bool = False,
    warning_category: str = "",
    warning_text: str = "",
) -> PostOutcome:
    """Reply in a thread; broadcast after commit unless the post is held. The reply is rated
    before the thread's row is locked (see _draft)."""
    ensure_member_can_write(author)
    draft = _draft(title="", body=body, warning_text=warning_text)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.locked:
        raise PostingRefused("This thread is locked, so it takes no new replies.")
    outcome = _save_post(
        thread=thread,
        author=author,
        draft=draft,
        anonymous=anonymous,
        warning_category=warning_category,
        opening=False,
    )
    if not outcome.held:
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=F("reply_count") + 1, last_activity=outcome.post.created
        )
        events.post_changed(outcome.post, "post.created")
        signals.announce_published(outcome.post)
    return outcome


@transaction.atomic
def edit_post(
    *, post: Post, editor, body: str, warning_category: str = "", warning_text: str = ""
) -> PostOutcome:
    """Change a post's text, keeping the earlier version for moderators. The edit is scanned
    again, before the post's row is locked (see _draft); it can raise a post into the queue or
    hold it, never clear an open flag. An opening post is rated with its thread's title as
    `post` carries it (callers load it with the post)."""
    ensure_member_can_write(editor)
    title = post.thread.title if post.is_opening else ""
    draft = _draft(title=title, body=body, warning_text=warning_text)
    assessment = draft.assessment
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    if post.author_id != editor.pk:
        raise PermissionDenied("Only the author can edit this post.")
    if post.state in (Visibility.DELETED, Visibility.HIDDEN):
        raise PostingRefused("This post can no longer be edited.")
    keep_revision(post)
    post.body = draft.body
    post.html = draft.html
    post.warning_category = warning_category
    post.warning_text = draft.warning_text
    post.edited = timezone.now()
    was_published = post.state == Visibility.PUBLISHED
    unstaffed = is_crisis(assessment) and review.unstaffed()
    crisis_hold = _crisis_hold(assessment, unstaffed=unstaffed)
    if crisis_hold:
        post.state = Visibility.HELD
        post.hold_reason = crisis_hold
    post.save()
    _ask_for_review(post, assessment, after_edit=True)
    if was_published and post.state == Visibility.HELD:
        # Readers must lose the post, never receive its new text.
        unpublish(post)
        events.post_changed(post, "post.hidden")
    elif was_published:
        events.post_changed(post, "post.edited")
    return PostOutcome(post=post, assessment=assessment, unstaffed=unstaffed)


@transaction.atomic
def delete_post(*, post: Post, member) -> Post:
    """The author removes their post; a placeholder keeps replies in context."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.author_id != member.pk:
        raise PermissionDenied("Only the author can delete this post.")
    if post.state == Visibility.DELETED:
        return post
    was_published = post.state == Visibility.PUBLISHED
    keep_revision(post)
    post.state = Visibility.DELETED
    post.body = ""
    post.html = ""
    post.warning_category = ""
    post.warning_text = ""
    post.reaction_counts = {}
    post.save()
    Reaction.objects.filter(post=post).delete()
    if was_published and not post.is_opening:
        Thread.objects.filter(pk=post.thread_id, reply_count__gt=0).update(
            reply_count=F("reply_count") - 1
        )
    if was_published:
        events.post_changed(post, "post.deleted")
    return post


@transaction.atomic
def toggle_reaction(*, post: Post, member, kind: str) -> dict:
    """Add the member's reaction of this kind, or take it back. Returns the new counts."""
    ensure_member_can_write(member)
    if kind not in ReactionKind.values:
        raise PostingRefused("That is not one of the reactions.")
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.state != Visibility.PUBLISHED:
        raise PostingRefused("This post cannot take reactions.")
    removed, _ = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
    if not removed:
        Reaction.objects.create(post=post, member=member, kind=kind)
    counts = dict(post.reaction_counts)
    counts[kind] = max(0, counts.get(kind, 0) + (-1 if removed else 1))
    post.reaction_counts = {k: v for k, v in counts.items() if v}
    post.save(update_fields=["reaction_counts"])
    events.post_changed(post, "reactions.changed")
    signals.announce_reaction(post=post, member=member, kind=kind, added=not removed)
    return post.reaction_counts
