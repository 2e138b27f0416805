"""Reads for group sessions: the list, one session's places, a member's places, and the
facilitator's page. Each list is a fixed number of queries, however many sessions it shows."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from groups.models import (
    Debrief,
    GroupSession,
    Participant,
    ParticipantState,
    ReviewReason,
    RoomReview,
)


def _with_places(sessions: QuerySet) -> QuerySet:
    return sessions.select_related("board", "facilitator").annotate(
        joined_count=Count("participants", filter=Q(participants__state=ParticipantState.JOINED))
    )


def listed_sessions(*, now: datetime, board=None) -> QuerySet:
    """Live and upcoming sessions, soonest first: not cancelled, not ended, not over."""
    sessions = GroupSession.objects.filter(
        cancelled_at__isnull=True, ended_at__isnull=True, scheduled_end__gt=now
    )
    if board is not None:
        sessions = sessions.filter(board=board)
    return _with_places(sessions).order_by("starts_at", "pk")


def session_with_places(session_id: int) -> GroupSession | None:
    return _with_places(GroupSession.objects.filter(pk=session_id)).first()


def places_left(session: GroupSession) -> int:
    """Needs `joined_count` (from listed_sessions or session_with_places)."""
    return max(0, session.capacity - session.joined_count)


def place_of(*, session: GroupSession, member) -> Participant | None:
    if not member.is_authenticated:
        return None
    return Participant.objects.filter(session=session, member=member).first()


def waiting_position(participant: Participant) -> int:
    """1 for the next member to get a place."""
    return (
        Participant.objects.filter(
            session_id=participant.session_id, state=ParticipantState.WAITING
        )
        .filter(Q(since__lt=participant.since) | Q(since=participant.since, pk__lt=participant.pk))
        .count()
        + 1
    )


def places_of(*, member, now: datetime) -> QuerySet:
    """The member's own places in sessions not yet over (and ones with a notice to read)."""
    return (
        Participant.objects.filter(member=member)
        .exclude(state=ParticipantState.REMOVED)
        .filter(
            Q(notice__gt="")
            | Q(
                state__in=[ParticipantState.JOINED, ParticipantState.WAITING],
                session__cancelled_at__isnull=True,
                session__scheduled_end__gt=now,
            )
        )
        .select_related("session")
        .order_by("session__starts_at")
    )


@dataclass(frozen=True)
class FacilitatorOverview:
    upcoming: list
    past: list
    crisis_items_handled: int


def facilitator_overview(
    *, facilitator, now: datetime, past_limit: int = 50
) -> FacilitatorOverview:
    """The facilitator's sessions with their "this helped" counts and debriefs, and how many
    crisis holds in their rooms moderators have decided. Three queries."""
    mine = (
        GroupSession.objects.filter(facilitator=facilitator)
        .select_related("board", "debrief")
        .annotate(
            joined_count=Count(
                "participants", filter=Q(participants__state=ParticipantState.JOINED)
            ),
            helped_count=Count("participants", filter=Q(participants__helped=True)),
        )
    )
    upcoming = list(
        mine.filter(
            cancelled_at__isnull=True, ended_at__isnull=True, scheduled_end__gt=now
        ).order_by("starts_at")
    )
    upcoming_ids = {session.pk for session in upcoming}
    past = [
        session
        for session in mine.filter(starts_at__lte=now).order_by("-starts_at")[: past_limit + 10]
        if session.pk not in upcoming_ids
    ][:past_limit]
    # Crisis holds in their rooms that a moderator has decided (released or kept hidden).
    crisis = RoomReview.objects.filter(
        message__session__facilitator=facilitator,
        reason=ReviewReason.CRISIS,
        resolved_at__isnull=False,
    ).count()
    return FacilitatorOverview(upcoming=upcoming, past=past, crisis_items_handled=crisis)


def debriefs_needing_follow_up() -> QuerySet:
    """For moderators: the facilitators' requests to look in on someone, newest first."""
    return (
        Debrief.objects.filter(needs_follow_up=True)
        .select_related("session", "session__facilitator")
        .order_by("-created")
    )
