"""Reads for notifications, follows and peer supporters' nudges. Each runs a fixed number of
queries, whatever the number of rows. A reader's own filters are forum.reading's."""

from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef

from forum.models import Post, ReaderSettings
from forum.selectors import waiting_threads
from notifications.models import Follow, MutedKind, Notification, WaitingNudge

NOTIFICATIONS_PER_PAGE = 30


# --- The settings page ---------------------------------------------------------------------------


def reader_settings_for(member) -> ReaderSettings:
    """The member's settings, or unsaved defaults: reading never writes."""
    found = ReaderSettings.objects.filter(member=member).first()
    return found or ReaderSettings(member=member)


def wants_kind(member, kind: str) -> bool:
    """Whether the member left on a kind switched by a MutedKind row (group sessions)."""
    return not MutedKind.objects.filter(member=member, kind=kind).exists()


# --- Notifications -------------------------------------------------------------------------------


def unread_count(member) -> int:
    if member is None or not member.is_authenticated:
        return 0
    return Notification.objects.shown().unread().filter(recipient=member).count()


def unread_counts(member_ids) -> dict[int, int]:
    """Unread counts for several members in one query (for live bell updates)."""
    rows = (
        Notification.objects.shown()
        .unread()
        .filter(recipient_id__in=list(member_ids))
        .values("recipient_id")
        .annotate(n=Count("id"))
    )
    counts = {member_id: 0 for member_id in member_ids}
    counts.update({row["recipient_id"]: row["n"] for row in rows})
    return counts


def notifications_for(member):
    return (
        Notification.objects.shown()
        .filter(recipient=member)
        .select_related("thread", "post__author")
        .only(
            "id", "kind", "reaction", "count", "text", "link", "support_panel", "created",
            "updated", "read_at", "thread__id", "thread__title", "thread__anonymous",
            "thread__author_id",
            "post__id", "post__thread_id", "post__anonymous", "post__author_id", "post__state",
            "post__author__pseudonym",
        )
        .order_by("-updated", "-id")
    )  # fmt: skip


def paginate_notifications(member, page_number):
    return Paginator(notifications_for(member), NOTIFICATIONS_PER_PAGE).get_page(page_number)


def is_following(member, thread) -> bool:
    if member is None or not member.is_authenticated:
        return False
    return Follow.objects.filter(member=member, thread=thread).exists()


# --- Peer supporters -----------------------------------------------------------------------------


def is_peer_supporter(member) -> bool:
    """A granted, active peer supporter who asked to hear about waiting threads."""
    if member is None or not member.is_authenticated or not member.is_peer_supporter:
        return False
    return ReaderSettings.objects.filter(member=member, peer_supporter=True).exists()


def nudge_delay() -> timedelta:
    """How long a thread waits before peer supporters hear about it: the setting
    NUDGE_SUPPORTERS_AFTER_MINUTES, 30 by default."""
    return timedelta(minutes=getattr(settings, "NUDGE_SUPPORTERS_AFTER_MINUTES", 30))


def threads_to_nudge_about(now, limit: int = 100):
    """Waiting threads older than the nudge delay that supporters have not been told about."""
    already = WaitingNudge.objects.filter(thread=OuterRef("pk"))
    return list(
        waiting_threads()
        .filter(created__lte=now - nudge_delay())
        .exclude(Exists(already))
        .only("id", "title", "board_id", "author_id", "created", "anonymous")[:limit]
    )


def first_post_ids(thread_ids) -> dict[int, int]:
    return dict(
        Post.objects.filter(thread_id__in=thread_ids, is_opening=True).values_list(
            "thread_id", "id"
        )
    )
