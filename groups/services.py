"""Writes for group sessions: scheduling, cancelling, joining and leaving, and what comes after
(the "this helped" tap and the facilitator's debrief). The room's own writes (messages,
facilitation) live with the room.

Places are counted under the session's row lock (select_for_update), so two members taking the
last place at once cannot both get it: the second waits for the first to commit and then sees
the session full.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from core.errors import PostingRefused
from core.guards import ensure_member_can_write
from groups import notices, room_events, scheduling
from groups.models import Debrief, GroupSession, Participant, ParticipantState, Series
from safety.services import assess_text
from safety.severity import Severity

CANCELLED_NOTICE = "This meeting was cancelled. We're sorry."
PROMOTED_NOTICE = "A place opened up and it is yours: you have moved from the waiting list."


class JoinRefused(PostingRefused):
    """The member cannot take a place; the message says why and is safe to show."""


class AfterSessionRefused(Exception):
    """Too early (or otherwise not allowed) for "this helped" or a debrief."""


@dataclass(frozen=True)
class Schedule:
    """What the facilitator asked for: the first meeting in local time and how it repeats."""

    first_local: datetime  # naive, in `timezone`
    timezone: str
    repeat: str = scheduling.REPEAT_NONE
    until: date | None = None
    count: int | None = None


class DetailsRefused(PostingRefused):
    """A session's public words cannot be published as they are; the message says why, and
    `support` asks the page to show the writer the support lines."""

    def __init__(self, message: str, *, support: bool):
        super().__init__(message)
        self.support = support


def ensure_details_are_publishable(*, title: str, description: str, ground_rules: str) -> None:
    """Scan what a session says about itself before anyone reads it. Its details are public and
    not held for review, so an imminent plan is refused (its writer sees the support lines) and
    a scan that failed is refused too (fail closed); naming a hard topic ("a self-harm recovery
    group", often rated high) is what sessions are for, so it is published."""
    assessment = assess_text(
        "\n\n".join(part for part in (title, description, ground_rules) if part)
    )
    if assessment.failed:
        raise DetailsRefused(
            "We couldn't check these details just now, so nothing is published yet. Your text "
            "is still here: please try again in a moment.",
            support=False,
        )
    if assessment.severity == Severity.IMMINENT:
        raise DetailsRefused(
            "These words read as someone being in danger right now, and a session's details are "
            "public, so they are not published. If that is you, please reach out now: the "
            "lines below are open. Your text is still here to change.",
            support=True,
        )


def schedule_sessions(
    *,
    facilitator,
    board,
    title: str,
    description: str,
    ground_rules: str,
    schedule: Schedule,
    duration_minutes: int,
    capacity: int,
) -> list[GroupSession]:
    """Create every meeting at once (each its own GroupSession), under one Series when it
    repeats. Raises scheduling.SchedulingError for a time that does not exist, DetailsRefused
    for words that cannot be published."""
    ensure_details_are_publishable(title=title, description=description, ground_rules=ground_rules)
    zone = scheduling.zone_named(schedule.timezone)
    starts = scheduling.meeting_starts(
        first=schedule.first_local,
        zone=zone,
        repeat=schedule.repeat,
        until=schedule.until,
        count=schedule.count,
    )
    with transaction.atomic():
        series = None
        if len(starts) > 1:
            series = Series.objects.create(
                facilitator=facilitator,
                interval_weeks=scheduling.WEEKS_BETWEEN[schedule.repeat],
                until=starts[-1].astimezone(zone).date(),
            )
        return [
            GroupSession.objects.create(
                series=series,
                facilitator=facilitator,
                board=board,
                title=title,
                description=description,
                ground_rules=ground_rules,
                timezone=schedule.timezone,
                starts_at=start,
                duration_minutes=duration_minutes,
                capacity=capacity,
            )
            for start in starts
        ]


def _locked(session: GroupSession) -> GroupSession:
    return GroupSession.objects.select_for_update().get(pk=session.pk)


def cancel_session(*, session: GroupSession, now: datetime | None = None) -> bool:
    """Cancel a meeting that has not ended. Everyone holding or waiting for a place finds a
    notice on their pages and, after commit, one line in their notifications (groups.notices).
    False if already over."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(session)
        if locked.is_over(now):
            return False
        locked.cancelled_at = now
        locked.save(update_fields=["cancelled_at"])
        Participant.objects.filter(
            session=locked, state__in=[ParticipantState.JOINED, ParticipantState.WAITING]
        ).update(notice=CANCELLED_NOTICE)
        notices.tell_cancelled_after_commit(session=locked)
    session.cancelled_at = now
    return True


class EditRefused(Exception):
    """The session's details cannot be changed now; the message says why."""


def update_session_details(
    *,
    session: GroupSession,
    title: str,
    description: str,
    board,
    capacity: int,
    ground_rules: str,
    now: datetime | None = None,
) -> GroupSession:
    """Change what a meeting says about itself and how many places it has. Its time stays: a
    new time is a new meeting (cancel this one and schedule again, so everyone is told). Places
    cannot drop below the people who already hold one; more places go to the waiting list in
    its order. Raises DetailsRefused for words that cannot be published."""
    now = now or timezone.now()
    ensure_details_are_publishable(title=title, description=description, ground_rules=ground_rules)
    with transaction.atomic():
        locked = _locked(session)
        if locked.is_over(now):
            raise EditRefused(
                "This meeting is over or cancelled, so its details stay as they were."
            )
        taken = Participant.objects.filter(session=locked, state=ParticipantState.JOINED).count()
        if capacity < taken:
            raise EditRefused(
                f"{taken} people already hold a place, so the session needs at least {taken}."
            )
        locked.title, locked.description, locked.board = title, description, board
        locked.capacity, locked.ground_rules = capacity, ground_rules
        locked.save(update_fields=["title", "description", "board", "capacity", "ground_rules"])
        while promote_next(session=locked, now=now):
            pass
    return locked


def stop_series(*, series: Series, now: datetime | None = None) -> int:
    """Stop a repeating group: every meeting that has not started yet is cancelled (a meeting
    under way runs to its end). Returns how many were cancelled."""
    now = now or timezone.now()
    with transaction.atomic():
        Series.objects.filter(pk=series.pk, stopped_at__isnull=True).update(stopped_at=now)
        upcoming = series.sessions.filter(starts_at__gt=now, cancelled_at__isnull=True)
        return sum(cancel_session(session=session, now=now) for session in upcoming)


def join_session(*, session: GroupSession, member, now: datetime | None = None) -> Participant:
    """Give the member a place, or a place on the waiting list when the session is full.
    Joining twice returns the place they hold. Raises JoinRefused (or a moderation
    restriction, also a PostingRefused) with a reason to show.

    Blocks do not stop joining: a member who blocked the facilitator (or another participant)
    may still take a place, and the room's reader filter collapses blocked authors for them,
    as threads do. Refusing would tell them nothing they don't know and cost them the group."""
    now = now or timezone.now()
    if member.pk == session.facilitator_id:
        raise JoinRefused("You are facilitating this session, so you are always in.")
    ensure_member_can_write(member)  # muted or suspended members cannot join
    with transaction.atomic():
        locked = _locked(session)
        if locked.is_over(now):
            raise JoinRefused(
                "This meeting was cancelled." if locked.cancelled_at else "This meeting is over."
            )
        place = Participant.objects.filter(session=locked, member=member).first()
        if place and place.state == ParticipantState.REMOVED:
            raise JoinRefused("The facilitator asked you to leave this session.")
        if place and place.state in (ParticipantState.JOINED, ParticipantState.WAITING):
            return place
        taken = Participant.objects.filter(session=locked, state=ParticipantState.JOINED).count()
        state = ParticipantState.JOINED if taken < locked.capacity else ParticipantState.WAITING
        if place is None:
            return Participant.objects.create(session=locked, member=member, state=state, since=now)
        place.state, place.since, place.left_at, place.notice = state, now, None, ""
        place.save(update_fields=["state", "since", "left_at", "notice"])
        return place


def leave_session(*, session: GroupSession, member, now: datetime | None = None):
    """Give up a place (or a place in the queue). A freed place goes to the earliest waiting
    member, who finds a notice saying so and hears it in their notifications. Returns the
    promoted Participant, if any."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(session)
        place = Participant.objects.filter(session=locked, member=member).first()
        if place is None or place.state in (ParticipantState.LEFT, ParticipantState.REMOVED):
            return None
        if place.state == ParticipantState.WAITING:
            # They never saw the room: no read-back to keep.
            place.delete()
            return None
        place.state, place.left_at = ParticipantState.LEFT, now
        place.save(update_fields=["state", "left_at"])
        # They stop hearing the room at once; they may still read back over HTTP.
        session_id, member_id = locked.pk, member.pk
        transaction.on_commit(lambda: room_events.close_member_room_sockets(session_id, member_id))
        if locked.is_over(now):
            return None
        return promote_next(session=locked, now=now)


def promote_next(*, session: GroupSession, now: datetime | None = None) -> Participant | None:
    """Move the earliest waiting member into a free place. Call inside a transaction holding
    the session's row lock (leave_session does; the room calls it after a removal)."""
    now = now or timezone.now()
    taken = Participant.objects.filter(session=session, state=ParticipantState.JOINED).count()
    if taken >= session.capacity:
        return None
    waiting = (
        Participant.objects.filter(session=session, state=ParticipantState.WAITING)
        .order_by("since", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.state, waiting.since, waiting.notice = ParticipantState.JOINED, now, PROMOTED_NOTICE
    waiting.save(update_fields=["state", "since", "notice"])
    notices.tell_promoted_after_commit(session=session, member_id=waiting.member_id)
    return waiting


def clear_notice(*, participant: Participant) -> None:
    """The member has seen their session's page: the notice has done its work."""
    if participant.notice:
        Participant.objects.filter(pk=participant.pk).update(notice="")


def mark_helped(*, session: GroupSession, member, now: datetime | None = None) -> None:
    """The one-tap "this helped": once per participant (a second tap changes nothing), only
    from someone who held a place, and only once the room has opened."""
    now = now or timezone.now()
    if session.cancelled_at or now < session.opens_at:
        raise AfterSessionRefused("You can say this helped once the session has begun.")
    updated = Participant.objects.filter(
        session=session,
        member=member,
        state__in=[ParticipantState.JOINED, ParticipantState.LEFT],
    ).update(helped=True)
    if not updated:
        raise AfterSessionRefused("Only people who took part can say this helped.")


def save_debrief(
    *,
    session: GroupSession,
    went_well: str,
    was_hard: str,
    needs_follow_up: bool,
    follow_up_note: str,
    now: datetime | None = None,
) -> Debrief:
    """The facilitator's notes, once the session has started (they may revise them). A debrief
    that needs follow-up shows to moderators on the session page and in their list on
    /groups/mine/."""
    now = now or timezone.now()
    if session.cancelled_at or now < session.starts_at:
        raise AfterSessionRefused("The debrief opens once the session has started.")
    debrief, _ = Debrief.objects.update_or_create(
        session=session,
        defaults={
            "went_well": went_well,
            "was_hard": was_hard,
            "needs_follow_up": needs_follow_up,
            "follow_up_note": follow_up_note,
        },
    )
    return debrief
