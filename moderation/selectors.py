"""Reads for moderation pages. The queue costs the same number of queries for 5 items or 500."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from accounts.models import Member
from accounts.pseudonyms import pseudonym_key
from forum.models import Board, Post
from moderation.models import (
    AuditEntry,
    Flag,
    ItemStatus,
    ModeratorBoard,
    Note,
    QueueItem,
    ReportReason,
    Sanction,
)
from safety.scanner import RISK_CATEGORIES

QUEUE_STATES = {
    "waiting": "Waiting (not resolved)",
    "unclaimed": "Not claimed",
    "overdue": "Overdue (missed its response target)",
    "claimed": "Claimed",
    "escalated": "Escalated",
    "resolved": "Resolved",
}
DEFAULT_STATE = "waiting"
# The tag moderation.services gives an item whose scan the crisis model lowered to "low".
LOWERED_CATEGORY = "scan:lowered"


def category_choices() -> list[tuple[str, str]]:
    """What the category filter offers: the scanner's risk categories, report reasons, holds,
    and the ratings the crisis model lowered."""

    risks = [(c, c.replace("_", " ").capitalize()) for c in RISK_CATEGORIES]
    reports = [(f"report:{value}", f"Reported: {label}") for value, label in ReportReason.choices]
    holds = [("hold:links", "Held: new member's links"), ("hold:scan_failed", "Held: scan failed")]
    lowered = [(LOWERED_CATEGORY, "Rated low by the model although the lexicon matched")]
    return [*risks, *reports, *holds, *lowered]


def moderated_board_ids(moderator) -> list[int] | None:
    """The boards a moderator is scoped to, or None for every board."""
    if moderator.is_superuser:
        return None
    ids = list(
        ModeratorBoard.objects.filter(moderator=moderator).values_list("board_id", flat=True)
    )
    return ids or None


def may_moderate_board(moderator, board_id: int) -> bool:
    boards = moderated_board_ids(moderator)
    return boards is None or board_id in boards


def _with_row_data(items):
    return items.select_related(
        "post__thread__board", "post__author__safety_preferences", "claimed_by"
    )


def queue_items(*, moderator, board: str = "", category: str = "", state: str = DEFAULT_STATE):
    """Items in the queue's order: priority (imminent, scan failed, high, "at risk" reports,
    the rest, then scans rated only low), then the longest-waiting first. One query, with every
    row's data."""
    items = QueueItem.objects.all()
    now = timezone.now()
    if state == "resolved":
        items = items.filter(status=ItemStatus.RESOLVED)
    elif state == "escalated":
        items = items.filter(status=ItemStatus.ESCALATED)
    else:
        items = items.exclude(status=ItemStatus.RESOLVED)
        claimed = Q(claimed_by__isnull=False, claimed_until__gt=now)
        if state == "claimed":
            items = items.filter(claimed)
        elif state == "unclaimed":
            items = items.exclude(claimed)
        elif state == "overdue":
            items = items.filter(due_at__lte=now, first_action_at__isnull=True)
    if board:
        items = items.filter(post__thread__board__slug=board)
    if category:
        items = items.filter(tags__contains=f" {category} ")
    scope = moderated_board_ids(moderator)
    if scope is not None:
        items = items.filter(post__thread__board_id__in=scope)
    order = ("-resolved_at", "-id") if state == "resolved" else ("priority", "opened_at", "id")
    return _with_row_data(items).order_by(*order)


def queue_item(item_id: int) -> QueueItem | None:
    return _with_row_data(QueueItem.objects.filter(pk=item_id)).first()


def boards() -> list[Board]:
    return list(Board.objects.only("slug", "name"))


# --- The post in context ---------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    text: str
    match: dict | None = None


def scanned_text(post: Post) -> str:
    """The text the posting services scanned (title for an opening post, body, warning), which
    the stored match offsets index."""
    title = post.thread.title if post.is_opening else ""
    return f"{title}\n{post.body}\n{post.warning_text}".strip()


def highlighted(item: QueueItem) -> list[Segment] | None:
    """The scanned text cut into plain and matched pieces, or None when the post changed since
    the scan (the offsets no longer fit) or nothing matched."""
    post = item.post
    if not item.matches or (post.edited and item.matched_at and post.edited > item.matched_at):
        return None
    text = scanned_text(post)
    spans = sorted(
        (m for m in item.matches if 0 <= m.get("start", -1) < m.get("end", -1) <= len(text)),
        key=lambda m: (m["start"], -m["end"]),
    )
    segments, at = [], 0
    for match in spans:
        if match["start"] < at:
            continue  # overlapping hits: the first one shown covers it
        if match["start"] > at:
            segments.append(Segment(text[at : match["start"]]))
        segments.append(Segment(text[match["start"] : match["end"]], match))
        at = match["end"]
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments


@dataclass(frozen=True)
class PostInContext:
    post: Post
    before: Post | None
    after: Post | None


def post_in_context(post: Post, moderator) -> PostInContext:
    """The post with its neighbours in the thread, as moderators see the thread."""
    siblings = Post.objects.readable_by(moderator).filter(thread_id=post.thread_id)
    before = (
        siblings.filter(Q(created__lt=post.created) | Q(created=post.created, id__lt=post.id))
        .select_related("author")
        .order_by("-created", "-id")
        .first()
    )
    after = (
        siblings.filter(Q(created__gt=post.created) | Q(created=post.created, id__gt=post.id))
        .select_related("author")
        .order_by("created", "id")
        .first()
    )
    return PostInContext(post=post, before=before, after=after)


def post_for_review(post_id: int) -> Post | None:
    return (
        Post.objects.select_related("thread__board", "author__safety_preferences")
        .filter(pk=post_id)
        .first()
    )


def item_of(post: Post) -> QueueItem | None:
    return QueueItem.objects.select_related("claimed_by").filter(post=post).first()


def sanctions_of(member) -> list[Sanction]:
    if member is None:
        return []
    return list(Sanction.objects.filter(member=member).select_related("issued_by")[:20])


def active_sanction(member) -> Sanction | None:
    """The mute or suspension in force for a member, the one ending last."""
    if member is None or not getattr(member, "pk", None):
        return None
    return Sanction.objects.in_force().filter(member=member).order_by("-ends").first()


def post_history(post: Post) -> list[AuditEntry]:
    return with_names(AuditEntry.objects.filter(post_id=post.pk)[:50])


# --- Notes ---------------------------------------------------------------------------------


def notes_for(member):
    return Note.objects.filter(recipient=member).select_related("post__thread")


# --- The audit log -------------------------------------------------------------------------


def audit_entries(*, action: str = "", who: str = "", since=None, until=None):
    """Filtered audit lines, newest first. `who` is a pseudonym: the actor or the member."""
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action=action)
    if who:
        member_id = (
            Member.objects.filter(pseudonym_key=pseudonym_key(who))
            .values_list("pk", flat=True)
            .first()
        )
        entries = entries.filter(Q(actor_id=member_id) | Q(subject_member_id=member_id))
    if since:
        entries = entries.filter(created__date__gte=since)
    if until:
        entries = entries.filter(created__date__lte=until)
    return entries


def with_names(entries) -> list[AuditEntry]:
    """Attach `actor_name` and `member_name` (current pseudonyms, or "a deleted account") to
    each line with one query, since the log keeps ids only."""

    entries = list(entries)
    ids = {e.actor_id for e in entries} | {e.subject_member_id for e in entries}
    ids.discard(None)
    names = dict(Member.objects.filter(pk__in=ids).values_list("pk", "pseudonym")) if ids else {}
    for entry in entries:
        entry.actor_name = _name(entry.actor_id, names, nobody="the system")
        entry.member_name = _name(entry.subject_member_id, names, nobody="")
    return entries


def _name(member_id, names: dict, *, nobody: str) -> str:
    if member_id is None:
        return nobody
    return names.get(member_id, "a deleted account")


def flagged_thread_ids(thread_ids: list[int]) -> set[int]:
    """Which of these threads have an open flag on their opening post: peer supporters answer
    them with care (moderation answers forum.review.flagged_thread_ids with this)."""
    return set(
        Flag.objects.filter(
            resolved__isnull=True, post__is_opening=True, post__thread_id__in=thread_ids
        ).values_list("post__thread_id", flat=True)
    )
