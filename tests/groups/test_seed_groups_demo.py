"""`make run` seeds a demo peer supporter, a weekly group and a drop-in whose room is open."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Member
from groups.models import GroupSession, ParticipantState
from moderation.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_supporter_a_weekly_group_and_a_room_open_now(capsys):
    call_command("seed_demo")
    call_command("seed_groups_demo", "--if-empty")
    printed = capsys.readouterr().out.split()
    sessions = GroupSession.objects.all()
    assert sessions.count() == 9
    weekly = sessions.filter(series__isnull=False)
    assert weekly.count() == 8
    assert {s.starts_at.astimezone(_chicago()).hour for s in weekly} == {19}
    open_now = [s for s in sessions if s.is_open()]
    assert len(open_now) == 1
    assert open_now[0].participants.filter(state=ParticipantState.JOINED).count() == 3
    facilitator = open_now[0].facilitator
    assert facilitator.is_peer_supporter
    assert AuditEntry.objects.filter(
        action=AuditAction.SUPPORTER_GRANTED, subject_member_id=facilitator.pk
    )
    assert f"/groups/{open_now[0].pk}/" in printed[-2:]


def test_a_second_run_with_if_empty_changes_nothing(capsys):
    call_command("seed_demo")
    call_command("seed_groups_demo", "--if-empty")
    call_command("seed_groups_demo", "--if-empty")
    assert GroupSession.objects.count() == 9
    assert "nothing seeded" in capsys.readouterr().out


def test_without_the_forum_demo_it_says_what_to_run_first():
    Member.objects.all().delete()
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_groups_demo")


def _chicago():
    from zoneinfo import ZoneInfo

    return ZoneInfo("America/Chicago")
