"""Every write about notifications, follows, quotes and reader settings.

The public entry point for other apps is `notify(...)`; the forum reaches the rest through
`forum.signals` (see notifications.receivers). Counts reach the bell after commit.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Block
from forum.models import Post, ReaderSettings, Thread, Visibility
from forum.reading import ReaderFilters, parse_muted_words, reader_filters
from notifications import live, selectors
from notifications.models import (
    Follow,
    MutedKind,
    Notification,
    NotificationKind,
    QuotedPost,
    WaitingNudge,
)

logger = logging.getLogger(__name__)

# While unread, these add up on one line instead of adding lines.
GROUPED_BY_THREAD = {NotificationKind.REPLY, NotificationKind.FOLLOWED}

# The reader setting that turns each kind off; kinds not named here always reach the member.
SETTING_FOR_KIND = {
    NotificationKind.REPLY: "notify_replies",
    NotificationKind.QUOTE: "notify_quotes",
    NotificationKind.REACTION: "notify_reactions",
    NotificationKind.FOLLOWED: "notify_followed",
    NotificationKind.NUDGE: "peer_supporter",
}
# Kinds whose switch is a MutedKind row (off when the row exists), for apps above the forum.
MUTABLE_HERE = {NotificationKind.GROUP}


def wants(settings_row: ReaderSettings, kind: str) -> bool:
    """Whether the member's settings let this kind of notification reach them."""
    field = SETTING_FOR_KIND.get(kind)
    return getattr(settings_row, field) if field else True


def send_counts_after_commit(member_ids) -> None:
    """The bell counts of these members, sent live once the transaction commits."""
    member_ids = set(member_ids)
    if member_ids:
        transaction.on_commit(lambda: live.send_unread_counts(member_ids))


# --- The public function -------------------------------------------------------------------------


@transaction.atomic
def notify(
    *,
    recipient,
    kind: str,
    text: str = "",
    thread: Thread | None = None,
    post: Post | None = None,
    support_panel: bool = False,
) -> Notification:
    """Tell one member something, now. For moderators' notes:

        notify(recipient=member, kind=NotificationKind.MODERATOR_NOTE, text="...",
               post=post, support_panel=True)

    `text` is shown escaped; `support_panel` shows the support panel beside a supportive note.
    A moderator's note reaches the member whatever their preferences or break: it may be about
    their safety. Call inside or outside a transaction; the bell updates after commit.
    """
    if post is not None and thread is None:
        thread = post.thread
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        text=text,
        thread=thread,
        post=post,
        support_panel=support_panel,
    )
    send_counts_after_commit([recipient.pk])
    return notification


# --- Delivering to many at once ------------------------------------------------------------------


def willing_recipients(candidates: dict[int, str], *, actor_id: int | None, now) -> dict[int, str]:
    """Keep the recipients who want this kind, are not taking a break, and have not blocked the
    actor. A blocked member never notifies, even anonymously: the block is the blocker's wish not
    to hear from them, and a missing line shows nobody who wrote the post. Two queries (one
    more for kinds in MUTABLE_HERE)."""
    if not candidates:
        return {}
    chosen = {s.member_id: s for s in ReaderSettings.objects.filter(member_id__in=list(candidates))}
    muted = set()
    if MUTABLE_HERE & set(candidates.values()):
        muted = set(
            MutedKind.objects.filter(
                member_id__in=list(candidates), kind__in=MUTABLE_HERE
            ).values_list("member_id", "kind")
        )
    blockers = set()
    if actor_id is not None:
        blockers = set(
            Block.objects.filter(blocker_id__in=list(candidates), blocked_id=actor_id).values_list(
                "blocker_id", flat=True
            )
        )
    willing = {}
    for member_id, kind in candidates.items():
        settings_row = chosen.get(member_id)
        if member_id in blockers or (member_id, kind) in muted:
            continue
        if settings_row is not None and (
            settings_row.on_break(now) or not wants(settings_row, kind)
        ):
            continue
        willing[member_id] = kind
    return willing


def _deliver(recipient_ids, *, kind, thread=None, post=None, reaction="", now) -> None:
    """Add one to each recipient's unread line of this kind about this thread (or post and
    reaction), or start a line. A fixed number of queries for any number of recipients."""
    recipient_ids = set(recipient_ids)
    if not recipient_ids:
        return
    group = Notification.objects.unread().filter(recipient_id__in=recipient_ids, kind=kind)
    if kind in GROUPED_BY_THREAD:
        group = group.filter(thread=thread)
    elif kind == NotificationKind.REACTION:
        group = group.filter(post=post, reaction=reaction)
    elif kind != NotificationKind.NUDGE:
        group = Notification.objects.none()
    existing = dict(group.values_list("recipient_id", "id"))
    if existing:
        Notification.objects.filter(pk__in=existing.values()).update(
            count=F("count") + 1, updated=now
        )
    Notification.objects.bulk_create(
        Notification(
            recipient_id=member_id, kind=kind, thread=thread, post=post, reaction=reaction,
            created=now, updated=now,
        )
        for member_id in sorted(recipient_ids - set(existing))
    )  # fmt: skip
    send_counts_after_commit(recipient_ids)


@transaction.atomic
def notify_about_post(*, post: Post) -> None:
    """A reply readers can now see: tell the person it quotes, the thread's starter and the
    thread's followers, one line each (quote before reply before follow). Held posts reach
    this only when a moderator publishes them."""
    post = Post.objects.select_related("thread").filter(pk=post.pk).first()
    if post is None or post.is_opening:
        return
    thread = post.thread
    if not (post.is_published and thread.is_published):
        return
    candidates: dict[int, str] = {}
    quoted_author = (
        QuotedPost.objects.filter(post=post, quoted__state=Visibility.PUBLISHED)
        .values_list("quoted__author_id", flat=True)
        .first()
    )
    if quoted_author:
        candidates[quoted_author] = NotificationKind.QUOTE
    if thread.author_id:
        candidates.setdefault(thread.author_id, NotificationKind.REPLY)
    for follower_id in Follow.objects.filter(thread=thread).values_list("member_id", flat=True):
        candidates.setdefault(follower_id, NotificationKind.FOLLOWED)
    candidates.pop(post.author_id, None)
    now = timezone.now()
    willing = willing_recipients(candidates, actor_id=post.author_id, now=now)
    for kind in (NotificationKind.QUOTE, NotificationKind.REPLY, NotificationKind.FOLLOWED):
        ids = [member_id for member_id, k in willing.items() if k == kind]
        _deliver(ids, kind=kind, thread=thread, post=post, now=now)


@transaction.atomic
def notify_about_reaction(*, post: Post, member, kind: str, added: bool) -> None:
    """Reactions add up per post and kind ("4 hugs on your post"); taking one back before the
    author has read the line takes it off again, so toggling cannot ring the bell twice."""
    post = Post.objects.select_related("thread").filter(pk=post.pk).first()
    if post is None or post.author_id is None or post.author_id == member.pk:
        return
    now = timezone.now()
    if not added:
        line = (
            Notification.objects.unread()
            .select_for_update()
            .filter(recipient_id=post.author_id, kind=NotificationKind.REACTION, post=post)
            .filter(reaction=kind)
            .first()
        )
        if line is not None and line.count > 1:
            Notification.objects.filter(pk=line.pk).update(count=F("count") - 1)
        elif line is not None:
            line.delete()
            send_counts_after_commit([post.author_id])
        return
    if not (post.is_published and post.thread.is_published):
        return
    willing = willing_recipients(
        {post.author_id: NotificationKind.REACTION}, actor_id=member.pk, now=now
    )
    _deliver(
        willing, kind=NotificationKind.REACTION, thread=post.thread, post=post, reaction=kind,
        now=now,
    )  # fmt: skip


# --- Reading -------------------------------------------------------------------------------------


def mark_read(*, member, notification_id: int) -> Notification | None:
    """Mark one of the member's notifications read; someone else's id finds nothing."""
    notification = Notification.objects.filter(pk=notification_id, recipient=member).first()
    if notification is None:
        return None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        send_counts_after_commit([member.pk])
    return notification


def mark_all_read(*, member) -> int:
    marked = Notification.objects.unread().filter(recipient=member).update(read_at=timezone.now())
    if marked:
        send_counts_after_commit([member.pk])
    return marked


# --- Follows and quotes --------------------------------------------------------------------------


def follow_thread(*, member, thread: Thread) -> None:
    Follow.objects.get_or_create(member=member, thread=thread)


def unfollow_thread(*, member, thread: Thread) -> None:
    Follow.objects.filter(member=member, thread=thread).delete()


def remember_quote(*, post: Post, quoted: Post) -> None:
    """Record that `post` quotes `quoted`. Call in the reply's transaction, so the quote is
    known when the reply's notifications go out after commit."""
    if quoted.pk != post.pk and quoted.thread_id == post.thread_id:
        QuotedPost.objects.get_or_create(post=post, defaults={"quoted": quoted})


# --- Reader settings -----------------------------------------------------------------------------

BREAK_CHOICES = {
    "": None,
    "1h": timedelta(hours=1),
    "1d": timedelta(days=1),
    "3d": timedelta(days=3),
    "1w": timedelta(weeks=1),
    "1m": timedelta(days=30),
}


@transaction.atomic
def save_reader_settings(
    *, member, muted_boards, notify_groups: bool | None = None, **fields
) -> ReaderSettings:
    """Save the member's choices; `fields` are ReaderSettings fields (not the break).
    `notify_groups` turns group sessions' notifications on or off; None leaves it as it was."""
    if notify_groups is not None:
        set_kind_wanted(member=member, kind=NotificationKind.GROUP, wanted=notify_groups)
    row, _ = ReaderSettings.objects.get_or_create(member=member)
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    row.muted_boards.set(muted_boards)
    return row


def set_kind_wanted(*, member, kind: str, wanted: bool) -> None:
    """Turn one of the MUTABLE_HERE kinds on or off for the member."""
    if kind not in MUTABLE_HERE:
        raise ValueError(f"{kind!r} is switched in ReaderSettings, not here")
    if wanted:
        MutedKind.objects.filter(member=member, kind=kind).delete()
    else:
        MutedKind.objects.get_or_create(member=member, kind=kind)


@transaction.atomic
def take_break(*, member, length: timedelta | None) -> ReaderSettings:
    """No notifications or nudges for `length` from now; None ends a break."""
    row, _ = ReaderSettings.objects.get_or_create(member=member)
    row.break_until = timezone.now() + length if length else None
    row.save(update_fields=["break_until"])
    return row


# --- Nudging peer supporters ---------------------------------------------------------------------


@transaction.atomic
def nudge_supporters(*, now=None) -> int:
    """Tell peer supporters about threads that have waited longer than the nudge delay, once per
    thread, on one unread line each ("3 threads are waiting for a first reply"). Supporters on a
    break, who muted the thread's board or words, or who blocked its starter are skipped.
    Returns the number of threads nudged about. Run by `manage.py nudge_supporters` and, lazily,
    by supporters' page loads (nudge_if_due)."""
    now = now or timezone.now()
    threads = selectors.threads_to_nudge_about(now)
    if not threads:
        return 0
    WaitingNudge.objects.bulk_create(
        [WaitingNudge(thread=t, sent=now) for t in threads], ignore_conflicts=True
    )
    supporters = list(
        # The box is a supporter's own "tell me" preference; only the granted role counts.
        ReaderSettings.objects.filter(
            peer_supporter=True, member__is_active=True, member__is_peer_supporter=True
        )
        .exclude(break_until__gt=now)
        .prefetch_related("muted_boards")
    )
    if not supporters:
        return len(threads)
    blocked_pairs = set(
        Block.objects.filter(
            blocker_id__in=[s.member_id for s in supporters],
            blocked_id__in=[t.author_id for t in threads if t.author_id],
        ).values_list("blocker_id", "blocked_id")
    )
    opening_text = dict(
        Post.objects.filter(thread__in=threads, is_opening=True).values_list("thread_id", "body")
    )
    per_supporter: dict[int, int] = {}
    for supporter in supporters:
        filters = ReaderFilters(
            muted_words=parse_muted_words(supporter.muted_words),
            muted_board_ids=frozenset(b.pk for b in supporter.muted_boards.all()),
        )
        for thread in threads:
            if (
                thread.author_id == supporter.member_id
                or (supporter.member_id, thread.author_id) in blocked_pairs
                or thread.board_id in filters.muted_board_ids
                or filters.mutes_text(thread.title, opening_text.get(thread.pk, ""))
            ):
                continue
            per_supporter[supporter.member_id] = per_supporter.get(supporter.member_id, 0) + 1
    _deliver_nudges(per_supporter, threads=threads, now=now)
    return len(threads)


# At most one lazy sweep per this many seconds, whoever loads a page.
LAZY_NUDGE_SECONDS = 60


def nudge_if_due(*, member) -> None:
    """When a peer supporter loads a page (home, /waiting/, /notifications/), sweep for
    long-waiting threads, at most once a minute site-wide (the cache decides, so several
    processes share the limit). `manage.py nudge_supporters`, run by the scheduler, does the
    same when no supporter is around."""
    if not getattr(member, "is_peer_supporter", False) or not reader_filters(member).peer_supporter:
        return
    if cache.add("notifications:lazy-nudge", 1, LAZY_NUDGE_SECONDS):
        nudge_supporters()


def _deliver_nudges(per_supporter: dict[int, int], *, threads, now) -> None:
    if not per_supporter:
        return
    kind = NotificationKind.NUDGE
    existing = dict(
        Notification.objects.unread()
        .filter(recipient_id__in=list(per_supporter), kind=kind)
        .values_list("recipient_id", "id")
    )
    # One thread: the line links to it. Several: the line links to /waiting/.
    only_thread = threads[0] if len(threads) == 1 else None
    for member_id, notification_id in existing.items():
        Notification.objects.filter(pk=notification_id).update(
            count=F("count") + per_supporter[member_id], updated=now, thread=None
        )
    Notification.objects.bulk_create(
        Notification(
            recipient_id=member_id, kind=kind, count=n, created=now, updated=now,
            thread=only_thread if n == 1 else None,
        )
        for member_id, n in sorted(per_supporter.items())
        if member_id not in existing
    )  # fmt: skip
    send_counts_after_commit(per_supporter)
