"""What the bell says about group sessions: a place opened up, a meeting was cancelled, a room
is open. Participant.notice stays the session page's own message; these lines reach members who
are not looking at /groups/.

Each line names the session's title and never another member: the people in a group are not
told to anyone through the bell. Being removed by the facilitator is deliberately not announced:
being told twice, once in the room as it happens and again later in the bell, is harsh, and the
session page already says it.
"""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from groups import scheduling
from groups.models import ROOM_OPENS_EARLY, GroupSession, Participant, ParticipantState
from notifications.announcements import announce
from notifications.models import NotificationKind


def _link(session: GroupSession) -> str:
    return reverse("groups:session", args=[session.pk])


def _title(session: GroupSession) -> str:
    return f"“{session.title}”"


def _local_start(session: GroupSession) -> str:
    """When the meeting was due, in the zone it was scheduled in and named, so a member of a
    weekly group can tell which meeting it was."""
    zone = scheduling.zone_or_utc(session.timezone)
    local = session.starts_at.astimezone(zone)
    return f"{local:%A %-d %B, %H:%M} ({session.timezone})"


def tell_promoted_after_commit(*, session: GroupSession, member_id: int) -> None:
    """The member moved from the waiting list into a place. Call inside the transaction that
    promoted them; nothing is sent if it rolls back."""
    text, link = f"A place opened up in {_title(session)}: it is yours", _link(session)
    transaction.on_commit(
        lambda: announce(
            recipient_ids=[member_id], kind=NotificationKind.GROUP, text=text, link=link
        )
    )


def tell_cancelled_after_commit(*, session: GroupSession) -> None:
    """Everyone holding or waiting for a place in this meeting hears once that it is cancelled.
    Call inside the transaction that cancelled it."""
    member_ids = list(
        Participant.objects.filter(
            session=session, state__in=[ParticipantState.JOINED, ParticipantState.WAITING]
        ).values_list("member_id", flat=True)
    )
    if not member_ids:
        return
    text = f"{_title(session)} on {_local_start(session)} was cancelled. We're sorry."
    link, key = _link(session), f"group-cancelled:{session.pk}"
    transaction.on_commit(
        lambda: announce(
            recipient_ids=member_ids, kind=NotificationKind.GROUP, text=text, link=link,
            once_key=key,
        )
    )  # fmt: skip


def remind_opening_rooms(*, now: datetime | None = None) -> int:
    """Tell participants (JOINED) of every room that is open and not over that it is open, once
    per participant per session: the line's once_key remembers who was told, so the sweep may
    run as often as it likes. Cancelled and ended sessions, and people who left or were
    removed, are skipped. Returns how many lines were sent. Run by
    `manage.py remind_group_sessions`."""
    now = now or timezone.now()
    sessions = GroupSession.objects.filter(
        starts_at__lte=now + ROOM_OPENS_EARLY,
        scheduled_end__gt=now,
        cancelled_at__isnull=True,
        ended_at__isnull=True,
    ).only("id", "title")
    joined: dict[int, list[int]] = {}
    for session_id, member_id in Participant.objects.filter(
        session__in=sessions, state=ParticipantState.JOINED
    ).values_list("session_id", "member_id"):
        joined.setdefault(session_id, []).append(member_id)
    sent = 0
    for session in sessions:
        if session.pk not in joined:
            continue
        sent += len(
            announce(
                recipient_ids=joined[session.pk],
                kind=NotificationKind.GROUP,
                text=f"The room for {_title(session)} is open: come in when you're ready",
                link=_link(session),
                once_key=f"group-opens:{session.pk}",
                now=now,
            )
        )
    return sent
