"""What peer moderators do with a queue item: claim it, then approve, keep, hide, restore,
edit, warn, lock, escalate, write to the author or sanction them.

Each action locks the post and its item, checks that the item is still the version the
moderator saw and that nobody else holds it, makes the change through forum.services (which
keeps counters, thread state and readers' live events right), writes the audit line, and
tells the moderators' queues after commit. A refused action changes nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import safety
from forum import services as forum
from forum.models import Post, Visibility
from moderation import audit, escalation, notes, sanctions, staffing
from moderation.models import (
    AuditAction,
    Flag,
    ItemStatus,
    NoteKind,
    QueueItem,
    Report,
)
from moderation.selectors import may_moderate_board
from moderation.services import save_changed

DEFAULT_CLAIM_MINUTES = 15


class ModerationRefused(Exception):
    """Nothing was done; the message says why, for the moderator."""


class ItemChanged(ModerationRefused):
    """The item moved on since the moderator loaded it."""


class ItemClaimed(ModerationRefused):
    """Another moderator holds the item."""


def claim_duration() -> timedelta:
    return timedelta(minutes=getattr(settings, "MODERATION_CLAIM_MINUTES", DEFAULT_CLAIM_MINUTES))


def _name(moderator) -> str:
    return moderator.pseudonym


def _take(*, moderator, post: Post, version: int) -> QueueItem:
    """Lock the post and its item; refuse unless this moderator may act on what they saw."""
    post = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread", "author")
        .get(pk=post.pk)
    )
    if post.author_id == moderator.pk:
        raise ModerationRefused("This is your own post: another moderator will look at it.")
    if not may_moderate_board(moderator, post.thread.board_id):
        raise ModerationRefused("This board is looked after by other moderators.")
    item = QueueItem.objects.select_for_update().filter(post=post).first()
    if (item.version if item else 0) != version:
        raise ItemChanged(
            "This item changed after you opened it"
            + (f": {item.last_change}" if item and item.last_change else ".")
            + " Nothing was done. Here is how it looks now."
        )
    if item is not None and item.claimed_by_other_than(moderator):
        until = timezone.localtime(item.claimed_until).strftime("%H:%M %Z")
        raise ItemClaimed(
            f"{item.claimed_by.pseudonym} is handling this item (their claim runs until "
            f"{until}). Nothing was done."
        )
    if item is None:
        # Acting on a post nobody flagged (from the thread page): the item is its record.
        now = timezone.now()
        item = QueueItem.objects.create(
            post=post,
            status=ItemStatus.RESOLVED,
            opened_at=now,
            resolved_at=now,
            sources=["moderator"],
            version=0,
        )
    item.post = post
    # Acting at all answers the item (its response clock stops) and keeps the moderator on duty.
    now = timezone.now()
    escalation.stop_clock(item, now=now)
    staffing.record_action(moderator.pk, now)
    return item


def _finish(item: QueueItem, *, moderator, change: str, resolve: bool) -> QueueItem:
    now = timezone.now()
    if resolve:
        item.status = ItemStatus.RESOLVED
        item.resolved_at = now
        item.claimed_by = item.claimed_until = None
        Flag.objects.filter(item=item, resolved__isnull=True).update(resolved=now)
        Report.objects.filter(item=item, resolved__isnull=True).update(resolved=now)
    elif not item.is_resolved:
        # Acting keeps the item yours for a while longer.
        item.claimed_by = moderator
        item.claimed_until = now + claim_duration()
    save_changed(item, change=change)
    return item


def _log(moderator, action: str, item: QueueItem, *, reason: str = "", **detail) -> None:
    audit.record(
        actor=moderator,
        action=action,
        reason=reason,
        member=item.post.author,
        post=item.post,
        detail={"item": item.pk, **detail},
    )


def _tell_author(item: QueueItem, *, sentence: str, reason: str) -> None:
    """A moderator's reason reaches the author as a note; with no reason, nothing is sent."""
    post = item.post
    if not reason.strip() or post.author is None:
        return
    notes.send_note(
        recipient=post.author,
        kind=NoteKind.ACTION,
        subject=f"About your post in “{post.thread.title}”",
        body=f"{sentence}\n\nThe moderator's reason: {reason.strip()}",
        post=post,
        with_support_panel=item.severity in ("high", "imminent"),
    )


def _refuse_unless(condition: bool, message: str) -> None:
    if not condition:
        raise ModerationRefused(message)


def _same_text(first: str, second: str) -> bool:
    """Browsers send textareas back with CRLF line ends: that alone is not an edit."""
    return first.replace("\r\n", "\n").strip() == second.replace("\r\n", "\n").strip()


def _forum_change(change, **kwargs):
    try:
        return change(**kwargs)
    except forum.PostingRefused as refusal:
        raise ModerationRefused(str(refusal)) from None


# --- Claims --------------------------------------------------------------------------------


@transaction.atomic
def claim_item(*, moderator, post: Post, version: int) -> QueueItem:
    """Hold an item for a while so others can see someone is on it."""
    item = _take(moderator=moderator, post=post, version=version)
    _refuse_unless(not item.is_resolved, "This item is resolved: there is nothing to claim.")
    item.claimed_by = moderator
    item.claimed_until = timezone.now() + claim_duration()
    save_changed(item, change=f"{_name(moderator)} claimed it.")
    _log(moderator, AuditAction.ITEM_CLAIMED, item)
    return item


@transaction.atomic
def release_item(*, moderator, post: Post, version: int) -> QueueItem:
    item = _take(moderator=moderator, post=post, version=version)
    _refuse_unless(item.claimed_by_id == moderator.pk, "You are not holding this item.")
    item.claimed_by = item.claimed_until = None
    save_changed(item, change=f"{_name(moderator)} let it go.")
    _log(moderator, AuditAction.ITEM_RELEASED, item)
    return item


# --- Decisions about the post --------------------------------------------------------------


@transaction.atomic
def approve_post(
    *,
    moderator,
    post: Post,
    version: int,
    reason: str = "",
    body: str | None = None,
    title: str | None = None,
) -> QueueItem:
    """Publish a held post (readers get `post.created`; a held thread becomes public),
    optionally after editing it."""
    item = _take(moderator=moderator, post=post, version=version)
    post = item.post
    _refuse_unless(post.state == Visibility.HELD, "This post is not waiting for approval.")
    new_title = title if title is not None and post.is_opening else None
    body_changed = bool(body and body.strip()) and not _same_text(body, post.body)
    title_changed = new_title is not None and not _same_text(new_title, post.thread.title)
    if body_changed or title_changed:
        _forum_change(
            forum.replace_post_text,
            post=post,
            body=body if body_changed else post.body,
            title=new_title if title_changed else None,
        )
    _forum_change(forum.publish_held_post, post=post)
    _finish(item, moderator=moderator, change=f"{_name(moderator)} approved it.", resolve=True)
    _log(moderator, AuditAction.POST_APPROVED, item, reason=reason, edited=body_changed)
    _tell_author(
        item,
        sentence="A peer moderator approved your post, so everyone can read it now.",
        reason=reason,
    )
    return item


@transaction.atomic
def mark_reviewed(*, moderator, post: Post, version: int, reason: str = "") -> QueueItem:
    """Keep a published post up (or accept that its author removed it) and close the item."""
    item = _take(moderator=moderator, post=post, version=version)
    _refuse_unless(
        item.post.state in (Visibility.PUBLISHED, Visibility.DELETED),
        "Only a published post can be kept as it is. A held post needs approving.",
    )
    _finish(item, moderator=moderator, change=f"{_name(moderator)} reviewed it.", resolve=True)
    _log(moderator, AuditAction.POST_REVIEWED, item, reason=reason)
    _tell_author(
        item, sentence="A peer moderator looked at your post and kept it up.", reason=reason
    )
    return item


@transaction.atomic
def hide_post(*, moderator, post: Post, version: int, reason: str = "") -> QueueItem:
    """Take a post out of readers' view (`post.hidden`); it stays for moderators."""
    item = _take(moderator=moderator, post=post, version=version)
    _forum_change(forum.hide_post, post=item.post)
    _finish(item, moderator=moderator, change=f"{_name(moderator)} hid it.", resolve=True)
    _log(moderator, AuditAction.POST_HIDDEN, item, reason=reason)
    _tell_author(
        item,
        sentence="A peer moderator hid your post, so only the moderators can see it now.",
        reason=reason,
    )
    return item


@transaction.atomic
def restore_post(*, moderator, post: Post, version: int, reason: str = "") -> QueueItem:
    """Undo a hide (`post.restored`), or bring back a hidden thread."""
    item = _take(moderator=moderator, post=post, version=version)
    post = item.post
    if post.state == Visibility.HIDDEN:
        _forum_change(forum.restore_post, post=post)
    elif post.is_opening and post.thread.state == Visibility.HIDDEN:
        _forum_change(forum.restore_thread, thread=post.thread)
    else:
        raise ModerationRefused("This post is not hidden.")
    _finish(item, moderator=moderator, change=f"{_name(moderator)} restored it.", resolve=True)
    _log(moderator, AuditAction.POST_RESTORED, item, reason=reason)
    _tell_author(
        item,
        sentence="A peer moderator restored your post, so everyone can read it again.",
        reason=reason,
    )
    return item


@transaction.atomic
def edit_post_text(
    *, moderator, post: Post, version: int, body: str, title: str | None = None, reason: str = ""
) -> QueueItem:
    """Edit out method details; the original stays for moderators as a revision."""
    item = _take(moderator=moderator, post=post, version=version)
    _refuse_unless(bool(body.strip()), "The post can't be left empty. Hide it instead.")
    _forum_change(forum.replace_post_text, post=item.post, body=body, title=title)
    _finish(item, moderator=moderator, change=f"{_name(moderator)} edited it.", resolve=False)
    _log(moderator, AuditAction.POST_EDITED, item, reason=reason)
    _tell_author(
        item, sentence="A peer moderator edited your post to take some details out.", reason=reason
    )
    return item


@transaction.atomic
def add_content_warning(
    *,
    moderator,
    post: Post,
    version: int,
    warning_category: str,
    warning_text: str = "",
    reason: str = "",
) -> QueueItem:
    item = _take(moderator=moderator, post=post, version=version)
    _refuse_unless(
        bool(warning_category or warning_text.strip()), "Choose a warning or describe one."
    )
    _forum_change(
        forum.set_post_warning,
        post=item.post,
        warning_category=warning_category,
        warning_text=warning_text,
    )
    change = f"{_name(moderator)} added a content warning."
    _finish(item, moderator=moderator, change=change, resolve=False)
    _log(moderator, AuditAction.POST_WARNING, item, reason=reason, category=warning_category)
    _tell_author(
        item,
        sentence="A peer moderator added a content warning to your post, so readers can choose "
        "whether to open it.",
        reason=reason,
    )
    return item


@transaction.atomic
def lock_thread(*, moderator, post: Post, version: int, reason: str = "") -> QueueItem:
    item = _take(moderator=moderator, post=post, version=version)
    _forum_change(forum.lock_thread, thread=item.post.thread)
    change = f"{_name(moderator)} locked the thread."
    _finish(item, moderator=moderator, change=change, resolve=False)
    _log(moderator, AuditAction.THREAD_LOCKED, item, reason=reason)
    _tell_author(
        item,
        sentence="A peer moderator locked the thread, so it takes no new replies.",
        reason=reason,
    )
    return item


@transaction.atomic
def hide_thread(*, moderator, post: Post, version: int, reason: str = "") -> QueueItem:
    item = _take(moderator=moderator, post=post, version=version)
    _forum_change(forum.hide_thread, thread=item.post.thread)
    change = f"{_name(moderator)} hid the thread."
    _finish(item, moderator=moderator, change=change, resolve=True)
    _log(moderator, AuditAction.THREAD_HIDDEN, item, reason=reason)
    _tell_author(
        item,
        sentence="A peer moderator hid the thread your post is in.",
        reason=reason,
    )
    return item


@transaction.atomic
def escalate_item(*, moderator, post: Post, version: int, reason: str = "") -> QueueItem:
    """Hand the item to the administrators: it stays in the queue, marked, until resolved."""
    item = _take(moderator=moderator, post=post, version=version)
    _refuse_unless(item.status != ItemStatus.ESCALATED, "This item is already escalated.")
    item.status = ItemStatus.ESCALATED
    item.resolved_at = None
    item.claimed_by = item.claimed_until = None
    save_changed(item, change=f"{_name(moderator)} escalated it to the administrators.")
    _log(moderator, AuditAction.ITEM_ESCALATED, item, reason=reason)
    return item


# --- Writing to the author -----------------------------------------------------------------


@transaction.atomic
def send_supportive_note(
    *, moderator, post: Post, version: int, template: str, message: str = ""
) -> QueueItem:
    """A note from a template, with the support panel, in the author's inbox."""
    item = _take(moderator=moderator, post=post, version=version)
    _refuse_unless(item.post.author is not None, "The author deleted their account.")
    _refuse_unless(template in notes.SUPPORTIVE_NOTES, "Choose one of the notes.")
    _refuse_unless(
        safety.may_contact_when_flagged(item.post.author),
        "The author asked, in their safety preferences, not to be contacted when a post of "
        "theirs is flagged. No note was sent; look after the post instead.",
    )
    subject, body = notes.supportive_note_text(template=template, message=message)
    notes.send_note(
        recipient=item.post.author,
        kind=NoteKind.SUPPORT,
        subject=subject,
        body=body,
        post=item.post,
        with_support_panel=True,
    )
    change = f"{_name(moderator)} sent the author a note."
    _finish(item, moderator=moderator, change=change, resolve=False)
    _log(moderator, AuditAction.NOTE_SENT, item, template=template)
    return item


@transaction.atomic
def sanction_author(
    *, moderator, post: Post, version: int, kind: str, reason: str, days: int | None = None
) -> QueueItem:
    item = _take(moderator=moderator, post=post, version=version)
    _refuse_unless(item.post.author is not None, "The author deleted their account.")
    try:
        sanctions.issue_sanction(
            moderator=moderator,
            member=item.post.author,
            kind=kind,
            reason=reason,
            days=days,
            post=item.post,
        )
    except sanctions.SanctionRefused as refusal:
        raise ModerationRefused(str(refusal)) from None
    change = f"{_name(moderator)} sanctioned the author."
    _finish(item, moderator=moderator, change=change, resolve=False)
    return item
