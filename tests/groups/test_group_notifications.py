"""The bell tells people what the session pages say: a place opened up, a meeting was
cancelled, the room is open. Each once, to the right people, after commit, linking to the
session's page, and naming nobody but the session."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from groups import facilitation, services
from groups.models import ParticipantState, Series
from groups.notices import remind_opening_rooms
from notifications.models import Notification, NotificationKind
from notifications.services import set_kind_wanted, take_break
from tests.groups.session_factories import place

pytestmark = pytest.mark.django_db


def group_lines(member=None):
    lines = Notification.objects.filter(kind=NotificationKind.GROUP)
    return lines.filter(recipient=member) if member is not None else lines


# --- Promoted from the waiting list -------------------------------------------------------------


def test_a_member_promoted_from_the_waiting_list_hears_it_once_after_commit(
    session, member, other_member, make_member, django_capture_on_commit_callbacks
):
    session.capacity = 1
    session.save()
    place(session, member)
    waiting = place(session, other_member, state=ParticipantState.WAITING)
    later = place(session, make_member(), state=ParticipantState.WAITING)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.leave_session(session=session, member=member)
    assert not group_lines().exists()  # nothing before commit
    for callback in callbacks:
        callback()
    line = group_lines().get()
    assert line.recipient_id == waiting.member_id
    assert line.text == "A place opened up in “Tuesday evening circle”: it is yours"
    assert line.link == f"/groups/{session.pk}/"
    assert not group_lines(later.member).exists()
    # The page keeps its own message.
    waiting.refresh_from_db()
    assert waiting.notice == services.PROMOTED_NOTICE


def test_a_promotion_that_is_rolled_back_tells_nobody(
    session, member, other_member, django_capture_on_commit_callbacks
):
    session.capacity = 1
    session.save()
    place(session, member)
    place(session, other_member, state=ParticipantState.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.leave_session(session=session, member=member)
                raise RuntimeError("the request failed")
        except RuntimeError:
            pass
    assert not group_lines().exists()


def test_a_removal_is_not_announced_but_the_member_it_frees_a_place_for_is(
    session, supporter, member, other_member, django_capture_on_commit_callbacks
):
    session.capacity = 1
    session.save()
    removed = place(session, member)
    place(session, other_member, state=ParticipantState.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        facilitation.remove_participant(session=session, actor=supporter, participant_id=removed.pk)
    assert not group_lines(member).exists()
    assert group_lines(other_member).count() == 1


# --- Cancelled ----------------------------------------------------------------------------------


def test_cancelling_tells_each_participant_and_waiting_member_once_and_nobody_else(
    session, supporter, member, other_member, make_member, django_capture_on_commit_callbacks
):
    place(session, member)
    place(session, other_member, state=ParticipantState.WAITING)
    left = place(session, make_member(), state=ParticipantState.LEFT)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel_session(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session)  # a second press changes nothing
    assert sorted(group_lines().values_list("recipient_id", flat=True)) == sorted(
        [member.pk, other_member.pk]
    )
    assert not group_lines(left.member).exists() and not group_lines(supporter).exists()
    line = group_lines(member).get()
    assert line.text.startswith("“Tuesday evening circle” on ")
    assert "was cancelled. We" in line.text
    assert line.link == f"/groups/{session.pk}/"


def test_stopping_a_series_tells_a_member_once_per_cancelled_meeting(
    make_session, supporter, member, django_capture_on_commit_callbacks
):
    series = Series.objects.create(facilitator=supporter, interval_weeks=1)
    meetings = [
        make_session(series=series, starts_in=timedelta(days=7 * week + 1)) for week in range(3)
    ]
    for meeting in meetings[:2]:
        place(meeting, member)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.stop_series(series=series) == 3
    assert sorted(group_lines(member).values_list("link", flat=True)) == sorted(
        f"/groups/{meeting.pk}/" for meeting in meetings[:2]
    )


def test_group_lines_name_the_session_and_never_another_member(
    session, supporter, member, other_member, django_capture_on_commit_callbacks
):
    place(session, member)
    place(session, other_member)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session)
    for line in group_lines():
        for person in (supporter, member, other_member):
            assert person.pseudonym not in line.text


# --- The room opens -----------------------------------------------------------------------------


def test_the_reminder_reaches_participants_once_when_the_room_opens(
    make_session, member, other_member, make_member
):
    soon = make_session(starts_in=timedelta(minutes=5))
    place(soon, member)
    place(soon, other_member, state=ParticipantState.WAITING)
    assert remind_opening_rooms() == 1
    assert remind_opening_rooms() == 0  # idempotent
    line = group_lines(member).get()
    assert line.text == "The room for “Tuesday evening circle” is open: come in when you're ready"
    assert line.link == f"/groups/{soon.pk}/"
    assert not group_lines(other_member).exists()


def test_the_reminder_waits_for_the_room_to_open(make_session, member):
    later = make_session(starts_in=timedelta(minutes=30))
    place(later, member)
    assert remind_opening_rooms() == 0
    assert remind_opening_rooms(now=timezone.now() + timedelta(minutes=21)) == 1


def test_the_reminder_skips_cancelled_and_ended_sessions_and_people_who_left(
    make_session, member, other_member, make_member
):
    cancelled = make_session(starts_in=timedelta(minutes=5), cancelled_at=timezone.now())
    ended = make_session(starts_in=timedelta(minutes=-5), ended_at=timezone.now())
    soon = make_session(starts_in=timedelta(minutes=5))
    place(cancelled, member)
    place(ended, member)
    place(soon, other_member, state=ParticipantState.LEFT)
    place(soon, make_member(), state=ParticipantState.REMOVED)
    assert remind_opening_rooms() == 0
    assert not group_lines().exists()


def test_a_member_who_joins_after_the_room_opened_is_reminded_on_the_next_sweep(
    make_session, member, other_member
):
    soon = make_session(starts_in=timedelta(minutes=5))
    place(soon, member)
    remind_opening_rooms()
    place(soon, other_member)
    assert remind_opening_rooms() == 1
    assert group_lines(member).count() == 1 and group_lines(other_member).count() == 1


def test_the_command_sends_the_reminders(make_session, member, capsys):
    place(make_session(starts_in=timedelta(minutes=5)), member)
    call_command("remind_group_sessions")
    call_command("remind_group_sessions")
    assert group_lines(member).count() == 1
    assert capsys.readouterr().out.splitlines() == [
        "Sent 1 group session reminder(s).",
        "Sent 0 group session reminder(s).",
    ]


# --- The member's choices -----------------------------------------------------------------------


def test_turning_group_notifications_off_stops_them_all(
    make_session, member, django_capture_on_commit_callbacks
):
    set_kind_wanted(member=member, kind=NotificationKind.GROUP, wanted=False)
    soon = make_session(starts_in=timedelta(minutes=5))
    place(soon, member)
    remind_opening_rooms()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=soon)
    assert not group_lines(member).exists()


def test_a_member_on_a_break_is_not_reminded(make_session, member):
    take_break(member=member, length=timedelta(days=1))
    place(make_session(starts_in=timedelta(minutes=5)), member)
    assert remind_opening_rooms() == 0
