"""After the session: the one-tap "this helped", the debrief, the facilitator's page, and the
follow-up that reaches moderators."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups import services
from groups.models import Debrief, ParticipantState, ReviewReason, RoomReview
from tests.groups.session_factories import place, room_message


@pytest.fixture
def finished(make_session):
    return make_session(starts_in=timedelta(hours=-2), duration_minutes=60)


def test_a_participant_taps_this_helped_once_and_the_facilitator_sees_only_the_count(
    client, finished, member, other_member, supporter
):
    place(finished, member)
    place(finished, other_member, ParticipantState.LEFT, left_at=finished.starts_at)
    client.force_login(member)
    assert ">This helped</button>" in client.get(f"/groups/{finished.pk}/").content.decode()
    client.post(f"/groups/{finished.pk}/helped/")
    client.post(f"/groups/{finished.pk}/helped/")  # a second tap changes nothing
    assert "You said this helped" in client.get(f"/groups/{finished.pk}/").content.decode()
    client.force_login(other_member)
    client.post(f"/groups/{finished.pk}/helped/")
    client.force_login(supporter)
    page = client.get(f"/groups/{finished.pk}/").content.decode()
    assert "2 people say it helped" in page
    assert member.pseudonym not in page and other_member.pseudonym not in page


def test_this_helped_waits_until_the_room_has_opened(client, session, member):
    place(session, member)
    client.force_login(member)
    assert ">This helped</button>" not in client.get(f"/groups/{session.pk}/").content.decode()
    with pytest.raises(services.AfterSessionRefused):
        services.mark_helped(session=session, member=member)


def test_someone_who_never_held_a_place_cannot_say_it_helped(client, finished, member):
    place(finished, member, ParticipantState.WAITING)
    client.force_login(member)
    assert client.post(f"/groups/{finished.pk}/helped/").status_code == 403
    with pytest.raises(services.AfterSessionRefused):
        services.mark_helped(session=finished, member=member)


def test_the_facilitator_writes_a_debrief_after_the_session(client, finished, supporter):
    client.force_login(supporter)
    assert client.get(f"/groups/{finished.pk}/debrief/").status_code == 200
    response = client.post(
        f"/groups/{finished.pk}/debrief/",
        {"went_well": "People opened up.", "was_hard": "A quiet hour.", "follow_up_note": ""},
    )
    assert response.status_code == 303
    debrief = Debrief.objects.get(session=finished)
    assert debrief.went_well == "People opened up." and not debrief.needs_follow_up


def test_a_follow_up_without_a_note_is_refused_and_keeps_the_text(client, finished, supporter):
    client.force_login(supporter)
    response = client.post(
        f"/groups/{finished.pk}/debrief/",
        {"went_well": "Kept this text", "needs_follow_up": "on", "follow_up_note": ""},
    )
    assert response.status_code == 400
    assert "Kept this text" in response.content.decode()
    assert "who to look in on" in response.content.decode()
    assert not Debrief.objects.exists()


def test_no_debrief_before_the_session_starts(client, session, supporter):
    client.force_login(supporter)
    response = client.post(f"/groups/{session.pk}/debrief/", {"went_well": "Too soon"})
    assert response.status_code == 400
    assert "opens once the session has started" in response.content.decode()


def test_a_debrief_asking_for_follow_up_reaches_moderators_and_only_them(
    client, finished, supporter, moderator, member
):
    services.save_debrief(
        session=finished,
        went_well="",
        was_hard="",
        needs_follow_up=True,
        follow_up_note="Please look in on the person who went quiet.",
    )
    client.force_login(moderator)
    assert "look in on the person" in client.get(f"/groups/{finished.pk}/").content.decode()
    assert "look in on the person" in client.get("/groups/mine/").content.decode()
    client.force_login(member)
    assert "look in on the person" not in client.get(f"/groups/{finished.pk}/").content.decode()


def test_the_facilitators_page_lists_sessions_counts_and_care(
    client, make_session, finished, supporter, member, other_member, django_assert_max_num_queries
):
    upcoming = make_session(title="Next week circle", starts_in=timedelta(days=7))
    place(finished, member, helped=True)
    place(finished, other_member)
    decided = room_message(finished, member, body="a crisis", severity="high")
    RoomReview.objects.create(
        message=decided, reason=ReviewReason.CRISIS, severity="high", resolved_at=timezone.now()
    )
    waiting = room_message(finished, member, body="another", severity="imminent")
    RoomReview.objects.create(message=waiting, reason=ReviewReason.CRISIS, severity="imminent")
    room_message(finished, other_member, body="calm", severity="none")
    client.force_login(supporter)
    with django_assert_max_num_queries(12):
        page = client.get("/groups/mine/").content.decode()
    assert upcoming.title in page and finished.title in page
    assert "1 said it helped" in page
    assert "came up in your rooms: <strong>1</strong>" in page
    assert "/peer-support/me/" in page and "/notifications/" in page
    assert "write a debrief" in page


def test_plain_members_have_no_facilitators_page(client, member):
    client.force_login(member)
    assert client.get("/groups/mine/").status_code == 403
