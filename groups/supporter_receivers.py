"""When a facilitator's role is revoked or a moderator pauses it, the meetings they scheduled
that have not started are cancelled (everyone with a place is told), and their series stop, so
nobody turns up to a group run by someone the moderators have stood down. A meeting under way
runs on: moderators can end it from its page if they need to."""

from django.utils import timezone

from groups import services
from groups.models import GroupSession, Series


def cancel_what_they_scheduled(sender, *, member, reason: str, **kwargs) -> None:
    now = timezone.now()
    Series.objects.filter(facilitator=member, stopped_at__isnull=True).update(stopped_at=now)
    upcoming = GroupSession.objects.filter(
        facilitator=member, starts_at__gt=now, cancelled_at__isnull=True
    )
    for session in upcoming:
        services.cancel_session(session=session, now=now)
