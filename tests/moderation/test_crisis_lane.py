"""The crisis lane: response targets and escalation, the unstaffed policy, members' safety
preferences, and care for moderators. Every test that depends on time runs on a frozen clock."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from forum import services
from forum.models import Visibility
from moderation import actions, staffing
from moderation.escalation import escalate_overdue, response_clock
from moderation.models import AuditAction, AuditEntry, ModeratorDuty, QueueItem
from tests.conftest import T0

HIGH = "I have been thinking about suicide a lot lately"
IMMINENT = "I want to kill myself tonight, I have the pills ready"


def _item(post) -> QueueItem:
    return QueueItem.objects.get(post=post)


def _reply(thread, author, body):
    return services.create_post(thread=thread, author=author, body=body)


def _page_after_replying(client, thread, author, body) -> str:
    """What the author sees after posting through the reply form: the thread, with the panel."""
    client.force_login(author)
    response = client.post(reverse("forum:thread", args=[thread.pk]), {"body": body})
    return client.get(response["Location"]).content.decode()


# --- Response targets and escalation --------------------------------------------------------


@pytest.mark.django_db
def test_a_high_item_counts_down_from_sixty_minutes_and_turns_overdue(
    thread, other_member, on_duty, clock
):
    item = _item(_reply(thread, other_member, HIGH).post)
    assert item.due_at == T0 + timedelta(minutes=60)

    clock.shift(timedelta(minutes=45))
    running = response_clock(item)
    assert (running.state, running.minutes) == ("running", 15)

    clock.shift(timedelta(minutes=16))
    overdue = response_clock(item)
    assert (overdue.state, overdue.minutes) == ("overdue", 1)


@pytest.mark.django_db
def test_an_imminent_item_has_ten_minutes(thread, other_member, on_duty, clock):
    item = _item(_reply(thread, other_member, IMMINENT).post)
    assert item.severity == "imminent"
    assert item.due_at == T0 + timedelta(minutes=10)


@pytest.mark.django_db
def test_a_report_without_crisis_carries_no_countdown(thread, other_member, member, clock):
    from moderation.reports import report_post

    post = _reply(thread, other_member, "Buy cheap watches here").post
    report_post(post=post, reporter=member, reason="spam", note="")
    item = _item(post)
    assert item.due_at is None and item.response_clock is None


@pytest.mark.django_db
def test_rising_from_high_to_imminent_tightens_the_target(thread, other_member, on_duty, clock):
    post = _reply(thread, other_member, HIGH).post
    clock.shift(timedelta(minutes=5))
    services.edit_post(post=post, editor=other_member, body=IMMINENT)
    assert _item(post).due_at == T0 + timedelta(minutes=15)


@pytest.mark.django_db
def test_an_unclaimed_item_is_escalated_once_when_its_target_passes(
    thread, other_member, on_duty, administrator, clock
):
    from notifications.models import Notification, NotificationKind

    post = _reply(thread, other_member, IMMINENT).post
    clock.shift(timedelta(minutes=9, seconds=59))
    assert escalate_overdue() == []

    clock.shift(timedelta(seconds=1))
    item = _item(post)
    assert escalate_overdue() == [item.pk]
    item.refresh_from_db()
    assert item.overdue_at == T0 + timedelta(minutes=10)
    assert "escalated to the administrators" in item.last_change
    line = AuditEntry.objects.get(action=AuditAction.ITEM_OVERDUE)
    assert (line.post_id, line.actor_id) == (post.pk, None)
    alert = Notification.objects.get(recipient=administrator, kind=NotificationKind.ESCALATION)
    assert thread.title in alert.text and "10 minutes" in alert.text

    clock.shift(timedelta(minutes=5))
    assert escalate_overdue() == []
    assert Notification.objects.filter(kind=NotificationKind.ESCALATION).count() == 1


@pytest.mark.django_db
def test_without_administrators_the_alert_reaches_moderators_not_on_a_break(
    thread, other_member, moderator, second_moderator, clock
):
    from notifications.models import Notification, NotificationKind

    staffing.start_break(moderator=second_moderator)
    _reply(thread, other_member, IMMINENT)
    clock.shift(timedelta(minutes=11))
    escalate_overdue()
    alerted = Notification.objects.filter(kind=NotificationKind.ESCALATION)
    assert list(alerted.values_list("recipient_id", flat=True)) == [moderator.pk]


@pytest.mark.django_db
def test_the_administrator_sees_the_alert_though_the_post_is_held(
    client, thread, other_member, moderator, administrator, clock
):
    post = _reply(thread, other_member, IMMINENT).post
    assert post.state == Visibility.HELD
    clock.shift(timedelta(minutes=11))
    escalate_overdue()
    client.force_login(administrator)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Escalated: a crisis post nobody claimed in time" in page
    assert "has waited over 10 minutes" in page
    alert = administrator.notifications.get()
    opened = client.get(reverse("notifications:open", args=[alert.pk]))
    assert opened["Location"].startswith(reverse("moderation:review", args=[post.pk]))


@pytest.mark.django_db
def test_claiming_in_time_stops_the_clock_and_nothing_is_escalated(
    thread, other_member, on_duty, clock
):
    post = _reply(thread, other_member, HIGH).post
    clock.shift(timedelta(minutes=20))
    actions.claim_item(moderator=on_duty, post=post, version=_item(post).version)
    clock.shift(timedelta(hours=2))
    assert escalate_overdue() == []
    item = _item(post)
    assert item.first_action_at == T0 + timedelta(minutes=20)
    assert response_clock(item).state == "met"


@pytest.mark.django_db
def test_an_item_answered_after_its_target_says_so(thread, other_member, on_duty, clock):
    post = _reply(thread, other_member, HIGH).post
    clock.shift(timedelta(minutes=70))
    actions.claim_item(moderator=on_duty, post=post, version=_item(post).version)
    assert response_clock(_item(post)).state == "late"


@pytest.mark.django_db
def test_the_queue_row_shows_the_countdown_then_overdue(
    client, thread, other_member, on_duty, clock
):
    _reply(thread, other_member, HIGH)
    client.force_login(on_duty)
    clock.shift(timedelta(minutes=12))
    page = client.get(reverse("moderation:queue")).content.decode()
    assert 'data-clock="running"' in page and "Claim within <strong data-clock-text>48 min" in page
    clock.shift(timedelta(minutes=50))
    escalate_overdue()
    page = client.get(reverse("moderation:queue")).content.decode()
    assert 'data-clock="overdue"' in page and "Overdue by 2 min" in page and "escalated" in page


@pytest.mark.django_db
def test_the_overdue_filter_shows_only_items_past_their_target_unanswered(
    client, thread, other_member, on_duty, clock
):
    late = _reply(thread, other_member, IMMINENT).post
    clock.shift(timedelta(minutes=30))
    on_time = _reply(thread, other_member, HIGH).post
    client.force_login(on_duty)
    page = client.get(reverse("moderation:queue"), {"state": "overdue"}).content.decode()
    assert f'data-post="{late.pk}"' in page and f'data-post="{on_time.pk}"' not in page


@pytest.mark.django_db
def test_the_sweep_command_escalates(thread, other_member, on_duty, clock):
    import io

    _reply(thread, other_member, IMMINENT)
    clock.shift(timedelta(minutes=30))
    out = io.StringIO()
    call_command("escalate_overdue", stdout=out)
    assert "Escalated 1 overdue item(s)." in out.getvalue()


# --- The unstaffed policy ----------------------------------------------------------------------


@pytest.mark.django_db
def test_with_no_moderators_at_all_a_high_post_publishes_and_is_flagged(
    thread, other_member, clock
):
    outcome = _reply(thread, other_member, HIGH)
    assert outcome.post.state == Visibility.PUBLISHED
    assert not outcome.unstaffed
    assert _item(outcome.post).severity == "high"


@pytest.mark.django_db
def test_with_every_moderator_off_duty_a_high_post_is_held(thread, other_member, moderator, clock):
    outcome = _reply(thread, other_member, HIGH)
    assert outcome.post.state == Visibility.HELD
    assert outcome.post.hold_reason == services.HELD_WHILE_UNSTAFFED
    assert outcome.unstaffed
    assert _item(outcome.post).due_at == T0 + timedelta(minutes=60)


@pytest.mark.django_db
def test_an_ordinary_post_publishes_whoever_is_on_duty(thread, other_member, moderator, clock):
    outcome = _reply(thread, other_member, "Thank you all, today was a better day.")
    assert outcome.post.state == Visibility.PUBLISHED and not outcome.unstaffed


@pytest.mark.django_db
def test_duty_follows_the_open_queue_and_recent_actions(
    client, thread, other_member, moderator, clock
):
    assert staffing.unstaffed()
    client.force_login(moderator)
    client.get(reverse("moderation:queue"))
    assert not staffing.unstaffed()
    assert _reply(thread, other_member, HIGH).post.state == Visibility.PUBLISHED

    clock.shift(timedelta(seconds=121))  # the queue was closed: its window lapsed
    assert staffing.unstaffed()
    assert _reply(thread, other_member, HIGH).post.state == Visibility.HELD

    post = _reply(thread, other_member, IMMINENT).post
    actions.claim_item(moderator=moderator, post=post, version=_item(post).version)
    clock.shift(timedelta(minutes=14, seconds=59))
    assert not staffing.unstaffed()  # acted within 15 minutes
    clock.shift(timedelta(seconds=2))
    assert staffing.unstaffed()
    assert staffing.current_staffing().unstaffed_since == T0 + timedelta(seconds=121, minutes=15)


@pytest.mark.django_db
def test_a_moderator_on_a_break_is_off_duty(thread, other_member, on_duty, clock):
    assert not staffing.unstaffed()
    clock.shift(timedelta(seconds=30))
    staffing.start_break(moderator=on_duty)
    state = staffing.current_staffing()
    assert state.policy_in_force and state.unstaffed_since == T0 + timedelta(seconds=30)
    assert _reply(thread, other_member, HIGH).post.state == Visibility.HELD
    staffing.end_break(moderator=on_duty)
    assert not staffing.unstaffed()


@pytest.mark.django_db
def test_an_imminent_post_while_unstaffed_tells_its_author_nobody_is_online(
    thread, other_member, moderator, clock
):
    outcome = _reply(thread, other_member, IMMINENT)
    assert outcome.post.hold_reason == services.HELD_FOR_MODERATOR
    assert outcome.unstaffed


@pytest.mark.django_db
def test_the_author_of_a_held_post_is_told_moderators_are_offline_and_given_24_7_lines(
    client, thread, other_member, moderator, clock
):
    page = _page_after_replying(client, thread, other_member, HIGH)
    assert "data-support-panel" in page and "data-unstaffed" in page
    assert "Peer moderators are not online right now." in page
    assert "waiting for the first moderator who comes online" in page
    panel = page[page.index("data-unstaffed") :]
    assert "answer day and night, 24/7" in panel and "988" in panel.split("</p>")[0]


@pytest.mark.django_db
def test_the_panel_does_not_say_offline_while_a_moderator_is_on_duty(
    client, thread, other_member, on_duty, clock
):
    page = _page_after_replying(client, thread, other_member, HIGH)
    assert "data-support-panel" in page and "data-unstaffed" not in page
    assert "A peer moderator will see your post." in page


@pytest.mark.django_db
def test_opening_the_queue_lifts_the_policy_and_the_banner_says_since_when(
    client, thread, other_member, moderator, clock
):
    staffing.record_action(moderator.pk)  # on duty until 21:15
    clock.shift(timedelta(hours=1))
    _reply(thread, other_member, HIGH)
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert 'data-policy="lifted"' in page
    assert 'datetime="2026-11-20T21:15:00+00:00"' in page
    assert 'data-clock="running"' in page
    again = client.get(reverse("moderation:queue")).content.decode()
    assert 'data-policy="off"' in again and "1 moderator on duty" in again


@pytest.mark.django_db
def test_the_queue_banner_shows_the_policy_in_force_during_a_break(client, moderator, clock):
    client.force_login(moderator)
    client.get(reverse("moderation:queue"))
    clock.shift(timedelta(minutes=1))
    response = client.post(reverse("moderation:start_break"))
    assert response.status_code == 303
    page = client.get(reverse("moderation:queue")).content.decode()
    assert "You are on a break." in page and 'data-policy="in-force"' in page
    assert "the unstaffed policy is in force" in page and "data-paused" in page
    client.post(reverse("moderation:end_break"))
    assert 'data-policy="off"' in client.get(reverse("moderation:queue")).content.decode()


# --- Moderators' care ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_taking_a_break_hands_back_held_items(thread, other_member, on_duty, clock):
    post = _reply(thread, other_member, HIGH).post
    actions.claim_item(moderator=on_duty, post=post, version=_item(post).version)
    assert staffing.start_break(moderator=on_duty) == 1
    item = _item(post)
    assert item.claimed_by is None and "took a break" in item.last_change
    assert ModeratorDuty.objects.get(moderator=on_duty).break_since == T0


@pytest.mark.django_db
def test_crisis_text_is_blurred_until_the_moderator_chooses_to_read_it(
    client, thread, other_member, member, on_duty
):
    from moderation.reports import report_post

    _reply(thread, other_member, HIGH)
    spam = _reply(thread, other_member, "Buy cheap watches here").post
    report_post(post=spam, reporter=member, reason="spam", note="")
    client.force_login(on_duty)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert page.count('class="care"') == 1  # the crisis item, not the spam report
    care = page[page.index('class="care"') :]
    checkbox = care[care.index("<input") : care.index(">", care.index("<input")) + 1]
    # Unticked, so the stylesheet blurs .care-text until the moderator ticks it.
    assert "data-care-reveal" in checkbox and "checked" not in checkbox
    assert "Show the flagged text" in care and 'class="care-text"' in care
    review = client.get(reverse("moderation:review", args=[_item_of_high(thread).post_id]))
    assert 'class="care"' in review.content.decode()


def _item_of_high(thread):
    return QueueItem.objects.filter(post__thread=thread, severity="high").get()


@pytest.mark.django_db
def test_the_stylesheet_blurs_flagged_text_until_ticked():
    from pathlib import Path

    css = Path("static/css/moderation.css").read_text()
    assert ".care:not(:has(.care-reveal:checked)) .care-text { filter: blur(" in css


# --- Safety preferences -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_sets_safety_preferences_before_any_crisis(client, other_member):
    from accounts.models import SafetyPreferences

    client.force_login(other_member)
    assert client.get(reverse("accounts:safety")).status_code == 200
    response = client.post(
        reverse("accounts:safety"),
        {
            "contact_when_flagged": "no",
            "personal_line_name": "My therapist",
            "personal_line_phone": "+1 (312) 555-0142",
            "personal_line_note": "weekdays until 6pm",
        },
    )
    assert response.status_code == 302
    saved = SafetyPreferences.objects.get(member=other_member)
    assert (saved.contact_when_flagged, saved.personal_line_uri) == ("no", "tel:+13125550142")


@pytest.mark.django_db
def test_a_personal_line_without_a_number_is_refused_and_the_text_is_kept(client, other_member):
    client.force_login(other_member)
    response = client.post(
        reverse("accounts:safety"),
        {
            "contact_when_flagged": "yes",
            "personal_line_name": "My sister Jo",
            "personal_line_phone": "",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Add the number, so the line can be called." in page and 'value="My sister Jo"' in page


@pytest.mark.django_db
def test_the_personal_line_leads_the_members_own_support_panel_only(
    client, thread, other_member, member, on_duty
):
    from accounts.safety import save_preferences

    save_preferences(
        member=other_member, contact_when_flagged="yes", personal_line_name="My therapist",
        personal_line_phone="312 555 0142",
    )  # fmt: skip
    page = _page_after_replying(client, thread, other_member, HIGH)
    panel = page[page.index("data-support-panel") :]
    assert "data-personal-line" in panel and 'href="tel:3125550142"' in panel
    assert panel.index("My therapist") < panel.index("988")

    client.force_login(member)
    assert "My therapist" not in client.get(reverse("resources:index")).content.decode()
    client.force_login(on_duty)
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert "My therapist" not in queue and "555" not in queue


@pytest.mark.django_db
def test_moderators_see_the_contact_preference_and_a_no_is_honoured(
    client, thread, other_member, on_duty
):
    from accounts.safety import save_preferences
    from moderation.notes import SUPPORTIVE_NOTES

    save_preferences(member=other_member, contact_when_flagged="no")
    post = _reply(thread, other_member, HIGH).post
    client.force_login(on_duty)
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert "Asked not to be contacted when flagged" in queue
    review = client.get(reverse("moderation:review", args=[post.pk])).content.decode()
    assert 'data-contact-preference="no"' in review and "action-note-off" in review
    with pytest.raises(actions.ModerationRefused, match="asked, in their safety preferences"):
        actions.send_supportive_note(
            moderator=on_duty, post=post, version=_item(post).version,
            template=next(iter(SUPPORTIVE_NOTES)),
        )  # fmt: skip


@pytest.mark.django_db
def test_a_member_who_welcomes_notes_can_be_written_to(thread, other_member, on_duty):
    from accounts.safety import save_preferences
    from moderation.models import Note
    from moderation.notes import SUPPORTIVE_NOTES

    save_preferences(member=other_member, contact_when_flagged="yes")
    post = _reply(thread, other_member, HIGH).post
    actions.send_supportive_note(
        moderator=on_duty, post=post, version=_item(post).version,
        template=next(iter(SUPPORTIVE_NOTES)),
    )  # fmt: skip
    assert Note.objects.filter(recipient=other_member).count() == 1


@pytest.mark.django_db
def test_a_member_who_has_not_said_shows_as_unset(client, thread, other_member, on_duty):
    _reply(thread, other_member, HIGH)
    client.force_login(on_duty)
    assert (
        "Has not said whether a moderator may write"
        in client.get(reverse("moderation:queue")).content.decode()
    )


@pytest.mark.django_db
def test_the_dashboard_says_who_is_on_duty_and_when_the_policy_began(
    client, moderator, make_member, clock
):
    from django.contrib.auth.models import Group

    other = make_member("PatientFinch")
    other.groups.add(Group.objects.get(name="Peer moderators"))
    staffing.record_action(other.pk)  # off duty from 21:15
    clock.shift(timedelta(hours=1))
    client.force_login(moderator)
    page = client.get(reverse("moderation:dashboard")).content.decode()
    assert 'data-policy="in-force"' in page and "No moderator is on duty" in page
    assert 'datetime="2026-11-20T21:15:00+00:00"' in page
    client.get(reverse("moderation:queue"))
    page = client.get(reverse("moderation:dashboard")).content.decode()
    assert "1 of 2 moderators on duty" in page
