"""What peer moderators do with a queue item: claim it, then approve, keep, hide, restore,
edit, warn, lock, escalate, write to the author or sanction them.

Each action is only its own change; `moderator_action` (moderation.action_steps) wraps it in
what they all share: the lock, the version and claim checks, settling the item, the audit line
and the author's note. Changes to the post go through forum.services, which keeps counters,
thread state and readers' live events right. The review page offers them through
moderation.action_table.
"""

from django.utils import timezone

from accounts import safety
from forum import services as forum
from forum.models import Visibility
from moderation import notes, sanctions
from moderation.action_steps import (
    AS_CHANGED,
    HOLD,
    RESOLVE,
    Act,
    claim_duration,
    forum_change,
    moderator_action,
    refuse_unless,
)

# The refusals are the actions' too: callers catch them from here.
from moderation.action_steps import ItemChanged as ItemChanged
from moderation.action_steps import ItemClaimed as ItemClaimed
from moderation.action_steps import ModerationRefused as ModerationRefused
from moderation.models import AuditAction, ItemStatus, NoteKind


def _same_text(first: str, second: str) -> bool:
    """Browsers send textareas back with CRLF line ends: that alone is not an edit."""
    return first.replace("\r\n", "\n").strip() == second.replace("\r\n", "\n").strip()


# --- Claims --------------------------------------------------------------------------------


@moderator_action(audit_verb=AuditAction.ITEM_CLAIMED, did="claimed it.", then=AS_CHANGED)
def claim_item(act: Act) -> None:
    """Hold an item for a while so others can see someone is on it."""
    item = act.item
    refuse_unless(not item.is_resolved, "This item is resolved: there is nothing to claim.")
    item.claimed_by = act.moderator
    item.claimed_until = timezone.now() + claim_duration()


@moderator_action(audit_verb=AuditAction.ITEM_RELEASED, did="let it go.", then=AS_CHANGED)
def release_item(act: Act) -> None:
    item = act.item
    refuse_unless(item.claimed_by_id == act.moderator.pk, "You are not holding this item.")
    item.claimed_by = item.claimed_until = None


# --- Decisions about the post --------------------------------------------------------------


@moderator_action(
    audit_verb=AuditAction.POST_APPROVED,
    did="approved it.",
    then=RESOLVE,
    tells_author="A peer moderator approved your post, so everyone can read it now.",
)
def approve_post(act: Act, *, body: str | None = None, title: str | None = None) -> dict:
    """Publish a held post (readers get `post.created`; a held thread becomes public),
    optionally after editing it. An empty body or title leaves it as it is."""
    post = act.post
    refuse_unless(post.state == Visibility.HELD, "This post is not waiting for approval.")
    new_title = title if title and post.is_opening else None
    body_changed = bool(body and body.strip()) and not _same_text(body, post.body)
    title_changed = new_title is not None and not _same_text(new_title, post.thread.title)
    if body_changed or title_changed:
        forum_change(
            forum.replace_post_text,
            post=post,
            body=body if body_changed else post.body,
            title=new_title if title_changed else None,
        )
    forum_change(forum.publish_held_post, post=post)
    return {"edited": body_changed}


@moderator_action(
    audit_verb=AuditAction.POST_REVIEWED,
    did="reviewed it.",
    then=RESOLVE,
    tells_author="A peer moderator looked at your post and kept it up.",
)
def mark_reviewed(act: Act) -> None:
    """Keep a published post up (or accept that its author removed it) and close the item."""
    refuse_unless(
        act.post.state in (Visibility.PUBLISHED, Visibility.DELETED),
        "Only a published post can be kept as it is. A held post needs approving.",
    )


@moderator_action(
    audit_verb=AuditAction.POST_HIDDEN,
    did="hid it.",
    then=RESOLVE,
    tells_author="A peer moderator hid your post, so only the moderators can see it now.",
)
def hide_post(act: Act) -> None:
    """Take a post out of readers' view (`post.hidden`); it stays for moderators."""
    forum_change(forum.hide_post, post=act.post)


@moderator_action(
    audit_verb=AuditAction.POST_RESTORED,
    did="restored it.",
    then=RESOLVE,
    tells_author="A peer moderator restored your post, so everyone can read it again.",
)
def restore_post(act: Act) -> None:
    """Undo a hide (`post.restored`), or bring back a hidden thread."""
    post = act.post
    if post.state == Visibility.HIDDEN:
        forum_change(forum.restore_post, post=post)
    elif post.is_opening and post.thread.state == Visibility.HIDDEN:
        forum_change(forum.restore_thread, thread=post.thread)
    else:
        raise ModerationRefused("This post is not hidden.")


@moderator_action(
    audit_verb=AuditAction.POST_EDITED,
    did="edited it.",
    then=HOLD,
    tells_author="A peer moderator edited your post to take some details out.",
)
def edit_post_text(act: Act, *, body: str, title: str | None = None) -> None:
    """Edit out method details; the original stays for moderators as a revision. An empty
    title leaves the thread's as it is."""
    refuse_unless(bool(body.strip()), "The post can't be left empty. Hide it instead.")
    forum_change(forum.replace_post_text, post=act.post, body=body, title=title or None)


@moderator_action(
    audit_verb=AuditAction.POST_WARNING,
    did="added a content warning.",
    then=HOLD,
    tells_author="A peer moderator added a content warning to your post, so readers can "
    "choose whether to open it.",
)
def add_content_warning(act: Act, *, warning_category: str, warning_text: str = "") -> dict:
    refuse_unless(
        bool(warning_category or warning_text.strip()), "Choose a warning or describe one."
    )
    forum_change(
        forum.set_post_warning,
        post=act.post,
        warning_category=warning_category,
        warning_text=warning_text,
    )
    return {"category": warning_category}


@moderator_action(
    audit_verb=AuditAction.THREAD_LOCKED,
    did="locked the thread.",
    then=HOLD,
    tells_author="A peer moderator locked the thread, so it takes no new replies.",
)
def lock_thread(act: Act) -> None:
    forum_change(forum.lock_thread, thread=act.post.thread)


@moderator_action(
    audit_verb=AuditAction.THREAD_HIDDEN,
    did="hid the thread.",
    then=RESOLVE,
    tells_author="A peer moderator hid the thread your post is in.",
)
def hide_thread(act: Act) -> None:
    forum_change(forum.hide_thread, thread=act.post.thread)


@moderator_action(
    audit_verb=AuditAction.ITEM_ESCALATED,
    did="escalated it to the administrators.",
    then=AS_CHANGED,
)
def escalate_item(act: Act) -> None:
    """Hand the item to the administrators: it stays in the queue, marked, until resolved."""
    item = act.item
    refuse_unless(item.status != ItemStatus.ESCALATED, "This item is already escalated.")
    item.status = ItemStatus.ESCALATED
    item.resolved_at = None
    item.claimed_by = item.claimed_until = None


# --- Writing to the author -----------------------------------------------------------------


@moderator_action(audit_verb=AuditAction.NOTE_SENT, did="sent the author a note.", then=HOLD)
def send_supportive_note(act: Act, *, template: str, message: str = "") -> dict:
    """A note from a template, with the support panel, in the author's inbox."""
    author = act.post.author
    refuse_unless(author is not None, "The author deleted their account.")
    refuse_unless(template in notes.SUPPORTIVE_NOTES, "Choose one of the notes.")
    refuse_unless(
        safety.may_contact_when_flagged(author),
        "The author asked, in their safety preferences, not to be contacted when a post of "
        "theirs is flagged. No note was sent; look after the post instead.",
    )
    subject, body = notes.supportive_note_text(template=template, message=message)
    notes.send_note(
        recipient=author,
        kind=NoteKind.SUPPORT,
        subject=subject,
        body=body,
        post=act.post,
        with_support_panel=True,
    )
    return {"template": template}


@moderator_action(
    audit_verb=AuditAction.SANCTION_ISSUED,
    did="sanctioned the author.",
    then=HOLD,
    change_writes_audit=True,  # sanctions.issue_sanction writes it, and tells the member why
)
def sanction_author(act: Act, *, kind: str, days: int | None = None) -> None:
    refuse_unless(act.post.author is not None, "The author deleted their account.")
    try:
        sanctions.issue_sanction(
            moderator=act.moderator,
            member=act.post.author,
            kind=kind,
            reason=act.reason,
            days=days,
            post=act.post,
        )
    except sanctions.SanctionRefused as refusal:
        raise ModerationRefused(str(refusal)) from None
