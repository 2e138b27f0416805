"""Room messages are kept GROUP_MESSAGE_RETENTION_DAYS after their session ends, so someone who
stepped out can read back, then deleted for good (`manage.py purge_group_messages`)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from groups.models import GroupSession, RoomEvent, RoomMessage, RoomReview


def expired_sessions(now=None):
    """Sessions that ended (or were cancelled) more than the retention time ago. A session's
    scheduled end is derived, so the cut-off is checked on starts_at + duration in Python for
    the few candidates the database narrows down. A session with a review still open waits:
    deleting its messages would take the moderator's queue item with them unseen."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.GROUP_MESSAGE_RETENTION_DAYS)
    candidates = (
        GroupSession.objects.filter(
            Q(ended_at__lte=cutoff) | Q(cancelled_at__lte=cutoff) | Q(starts_at__lte=cutoff)
        )
        .filter(Q(messages__isnull=False) | Q(events__isnull=False))
        .exclude(
            pk__in=RoomReview.objects.filter(resolved_at__isnull=True).values("message__session_id")
        )
        .distinct()
    )
    return [s.pk for s in candidates if (s.cancelled_at or s.ends_at) <= cutoff]


@transaction.atomic
def purge_expired_messages(now=None) -> int:
    """Delete the messages (and their events, reviews and reports) of expired sessions for
    good. Idempotent; returns how many messages went."""
    session_ids = expired_sessions(now)
    if not session_ids:
        return 0
    deleted = RoomMessage.objects.filter(session_id__in=session_ids).count()
    RoomEvent.objects.filter(session_id__in=session_ids).delete()
    RoomMessage.objects.filter(session_id__in=session_ids).delete()
    return deleted
