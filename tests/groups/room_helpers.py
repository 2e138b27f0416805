"""Sessions, places and messages made directly with the ORM for the room's tests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import GroupSession, Participant, ParticipantState

IMMINENT = "I have the pills counted out and I'm taking them all tonight."


@pytest.fixture
def facilitator(make_member):
    return make_member("StillHarbour")


@pytest.fixture
def live_session(board, facilitator):
    """A session under way: started five minutes ago, for an hour."""
    return GroupSession.objects.create(
        facilitator=facilitator,
        board=board,
        title="Tuesday evening group",
        description="A gentle hour.",
        ground_rules="Be kind. What is said here stays here.",
        starts_at=timezone.now() - timedelta(minutes=5),
        duration_minutes=60,
    )


def place(session, member, state=ParticipantState.JOINED, **extra):
    return Participant.objects.create(session=session, member=member, state=state, **extra)
