"""The room over HTTP: who may read it, posting with and without JavaScript, crisis holds,
anonymity, blocks, slow mode, mutes, catch-up and query counts."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from groups import facilitation
from groups.models import (
    ROOM_OPENS_EARLY,
    GroupSession,
    MessageState,
    ParticipantState,
    RoomMessage,
    RoomReview,
)
from groups.room_services import post_room_message
from tests.groups import room_helpers
from tests.groups.room_helpers import IMMINENT, place

# The shared fixtures, used by name.
facilitator = room_helpers.facilitator
live_session = room_helpers.live_session

pytestmark = pytest.mark.django_db


def url(session):
    return f"/groups/{session.pk}/"


@pytest.fixture
def spoken(live_session, member):
    place(live_session, member)
    return post_room_message(session=live_session, author=member, body="Secret words here").message


@pytest.mark.parametrize("who", ["visitor", "stranger", "waiting", "removed", "moderator"])
def test_people_outside_the_room_read_no_message_on_the_page_or_catch_up(
    client, live_session, spoken, make_member, moderator, who
):
    if who != "visitor":
        reader = moderator if who == "moderator" else make_member()
        if who in ("waiting", "removed"):
            place(live_session, reader, state=who)
        client.force_login(reader)
    page = client.get(url(live_session))
    assert "Secret words here" not in page.content.decode()
    catch_up = client.get(f"{url(live_session)}events/?after=0")
    assert catch_up.status_code in (302, 404)
    assert b"Secret words" not in catch_up.content


def test_a_participant_and_the_facilitator_read_the_room(client, live_session, spoken, facilitator):
    for reader in (spoken.author, facilitator):
        client.force_login(reader)
        assert "Secret words here" in client.get(url(live_session)).content.decode()


def test_a_participant_who_left_reads_back_only_what_was_said_before(
    client, live_session, spoken, member, other_member
):
    participant = live_session.participants.get(member=member)
    participant.state = ParticipantState.LEFT
    participant.left_at = timezone.now()
    participant.save()
    place(live_session, other_member)
    post_room_message(session=live_session, author=other_member, body="Said after you left")
    client.force_login(member)
    page = client.get(url(live_session)).content.decode()
    assert "Secret words here" in page and "Said after you left" not in page
    events = client.get(f"{url(live_session)}events/?after=0").json()["events"]
    assert [e["message"] for e in events] == [spoken.pk]


def test_a_message_posts_without_javascript_and_redirects_to_its_anchor(
    client, live_session, member
):
    place(live_session, member)
    client.force_login(member)
    response = client.post(url(live_session), {"body": "Hello everyone"})
    message = RoomMessage.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"{url(live_session)}#message-{message.pk}"
    assert message.state == MessageState.SHOWN and message.seq == 1


def test_an_empty_message_is_refused_with_status_400(client, live_session, member):
    place(live_session, member)
    client.force_login(member)
    assert client.post(url(live_session), {"body": "   "}).status_code == 400
    assert not RoomMessage.objects.exists()


def test_a_refused_message_comes_back_on_the_real_session_page_with_its_text(
    client, live_session, member, facilitator
):
    place(live_session, member)
    facilitation.set_slow_mode(session=live_session, actor=facilitator, seconds=60)
    client.force_login(member)
    client.post(url(live_session), {"body": "first"})
    response = client.post(url(live_session), {"body": "Words I want to keep"})
    assert response.status_code == 400
    assert [t.name for t in response.templates][0] == "groups/session.html"
    page = response.content.decode()
    assert "Words I want to keep" in page
    assert 'id="about"' in page and "Leave" in page
    assert int(response["Retry-After"]) > 0


def test_a_closed_room_refuses_and_keeps_the_text(client, live_session, member, facilitator):
    place(live_session, member)
    facilitation.end_session(session=live_session, actor=facilitator)
    client.force_login(member)
    response = client.post(url(live_session), {"body": "Words I wrote"})
    assert response.status_code == 400
    assert "Words I wrote" in response.content.decode()
    assert "ended" in response.content.decode()


def test_a_room_not_open_yet_says_when_it_opens_in_the_sessions_zone(client, live_session, member):
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=2)
    GroupSession.objects.filter(pk=live_session.pk).update(
        starts_at=starts, timezone="America/Chicago"
    )
    place(live_session, member)
    client.force_login(member)
    response = client.post(url(live_session), {"body": "Early words"})
    opens = timezone.localtime(starts - ROOM_OPENS_EARLY, ZoneInfo("America/Chicago"))
    assert response.status_code == 400
    assert "Early words" in response.content.decode()
    assert f"It opens at {opens:%H:%M} (America/Chicago)." in response.content.decode()


def test_a_muted_participant_reads_but_cannot_post(client, live_session, member, facilitator):
    participant = place(live_session, member)
    facilitation.mute_participant(
        session=live_session, actor=facilitator, participant_id=participant.pk
    )
    client.force_login(member)
    response = client.post(url(live_session), {"body": "Can anyone hear me"})
    assert response.status_code == 400
    assert "muted" in response.content.decode()
    assert not RoomMessage.objects.exists()


def test_slow_mode_refuses_a_second_message_and_says_how_long_to_wait(
    client, live_session, member, facilitator
):
    place(live_session, member)
    facilitation.set_slow_mode(session=live_session, actor=facilitator, seconds=60)
    client.force_login(member)
    assert client.post(url(live_session), {"body": "first"}).status_code == 303
    response = client.post(url(live_session), {"body": "second thought"})
    assert response.status_code == 400
    assert "seconds" in response.content.decode()
    assert "second thought" in response.content.decode()


def test_over_the_rate_limit_gets_429_with_retry_after(client, live_session, member, settings):
    from core.ratelimit import hit
    from groups.room_views import ROOM_MESSAGES

    place(live_session, member)
    for _ in range(ROOM_MESSAGES.count):
        hit(ROOM_MESSAGES, f"m{member.pk}")
    client.force_login(member)
    response = client.post(url(live_session), {"body": "one too many"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "one too many" in response.content.decode()


def test_an_anonymous_message_names_nobody_to_other_readers(
    client, live_session, member, other_member
):
    place(live_session, member)
    place(live_session, other_member)
    post_room_message(session=live_session, author=member, body="Hard week", anonymous=True)
    client.force_login(other_member)
    page = client.get(url(live_session)).content.decode()
    assert "Anonymous member" in page and member.pseudonym not in page
    events = client.get(f"{url(live_session)}events/?after=0").content.decode()
    assert member.pseudonym not in events


def test_a_crisis_message_is_held_shown_to_its_author_with_the_panel_and_queued(
    client, live_session, member, other_member
):
    place(live_session, member)
    place(live_session, other_member)
    client.force_login(member)
    response = client.post(url(live_session), {"body": IMMINENT}, follow=True)
    page = response.content.decode()
    message = RoomMessage.objects.get()
    assert message.state == MessageState.HELD
    assert 'data-state="held"' in page and "data-support-panel" in page
    review = RoomReview.objects.get(message=message)
    assert review.response_clock.state == "running"
    client.force_login(other_member)
    assert "pills" not in client.get(url(live_session)).content.decode()
    assert client.get(f"{url(live_session)}events/?after=0").json()["events"] == []


def test_the_held_message_appears_in_the_moderation_queue_with_its_countdown(
    client, live_session, member, moderator
):
    place(live_session, member)
    post_room_message(session=live_session, author=member, body=IMMINENT)
    client.force_login(moderator)
    page = client.get("/moderation/").content.decode()
    assert "Tuesday evening group" in page and 'data-clock="running"' in page
    assert "pills" not in page


def test_a_blocked_members_message_arrives_collapsed(client, live_session, member, other_member):
    from accounts.models import Block

    place(live_session, member)
    place(live_session, other_member)
    Block.objects.create(blocker=other_member, blocked=member)
    post_room_message(session=live_session, author=member, body="Hello there")
    client.force_login(other_member)
    events = client.get(f"{url(live_session)}events/?after=0").json()["events"]
    assert "You blocked this member" in events[0]["html"]
    assert "You blocked this member" in client.get(url(live_session)).content.decode()


def test_the_page_states_how_long_messages_are_kept(client, live_session, member):
    place(live_session, member)
    client.force_login(member)
    page = client.get(url(live_session)).content.decode()
    assert "Messages are kept for 7 days after the session, then deleted" in page


def test_room_page_and_catch_up_queries_do_not_grow_with_messages(
    client, live_session, member, django_assert_max_num_queries
):
    place(live_session, member)
    client.force_login(member)
    for n in range(3):
        post_room_message(session=live_session, author=member, body=f"message {n}")
    with django_assert_max_num_queries(12) as few:
        client.get(url(live_session))
    with django_assert_max_num_queries(12) as few_events:
        client.get(f"{url(live_session)}events/?after=0")
    for n in range(20):
        post_room_message(session=live_session, author=member, body=f"more {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(live_session))
    with django_assert_max_num_queries(len(few_events.captured_queries)):
        client.get(f"{url(live_session)}events/?after=0")
