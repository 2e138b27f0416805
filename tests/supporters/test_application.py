"""Applying: pseudonymous, scanned like a profile line, one at a time, rate-limited."""

import pytest

from safety.services import Assessment
from supporters import services
from supporters.models import Application, ApplicationStatus
from supporters.training import PARTS
from tests.supporters.conftest import pass_training, right_answers

pytestmark = pytest.mark.django_db


def test_visitors_are_sent_to_log_in_first(client):
    response = client.get("/peer-support/apply/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_form_asks_no_name_email_or_phone(client, member):
    client.force_login(member)
    page = client.get("/peer-support/apply/").content.decode()
    assert 'name="why"' in page and 'name="experience"' in page and 'name="availability"' in page
    assert 'name="email"' not in page and 'name="phone"' not in page and 'name="name"' not in page


def test_an_application_without_a_why_comes_back_with_the_text_kept(client, member):
    client.force_login(member)
    response = client.post("/peer-support/apply/", {"why": "", "experience": "Years of anxiety."})
    assert response.status_code == 400
    assert b"Please tell us why" in response.content
    assert b"Years of anxiety." in response.content
    assert not Application.objects.exists()


@pytest.mark.parametrize("text", ["write to me at heron@example.org", "call me on 555 201 7788"])
def test_contact_details_in_the_text_are_refused_with_a_clear_reason(client, member, text):
    client.force_login(member)
    response = client.post("/peer-support/apply/", {"why": text})
    assert response.status_code == 400
    assert b"Please leave out email addresses and phone numbers" in response.content
    assert not Application.objects.exists()


def test_years_in_the_text_are_not_mistaken_for_a_phone_number(member):
    services.submit_application(member=member, why="Unwell from 2015 to 2019, well since 2021.")
    assert Application.objects.filter(member=member).exists()


@pytest.mark.parametrize(("severity", "failed"), [("imminent", False), ("none", True)])
def test_a_worrying_application_is_received_and_its_author_sees_the_support_panel(
    client, member, monkeypatch, severity, failed
):
    monkeypatch.setattr(
        "safety.account_receivers.assess_text",
        lambda text: Assessment(severity=severity, failed=failed),
    )
    client.force_login(member)
    response = client.post("/peer-support/apply/", {"why": "Some nights I can't go on."})
    assert response.status_code == 200
    assert b"data-support-panel" in response.content
    assert Application.objects.get(member=member).at_risk


def test_a_calm_application_shows_no_panel(client, member):
    client.force_login(member)
    response = client.post("/peer-support/apply/", {"why": "I like helping."}, follow=True)
    assert b"data-support-panel" not in response.content
    assert not Application.objects.get(member=member).at_risk


def test_only_one_application_is_open_at_a_time(member):
    services.submit_application(member=member, why="First.")
    with pytest.raises(services.SupporterRefused, match="already with us"):
        services.submit_application(member=member, why="Second.")


def test_applying_is_rate_limited_with_the_text_kept(client, member):
    client.force_login(member)
    for _ in range(services_limit()):
        client.post("/peer-support/apply/", {"why": ""})
    response = client.post("/peer-support/apply/", {"why": "Still typing this."})
    assert response.status_code == 429
    assert b"Still typing this." in response.content and response["Retry-After"]


def services_limit() -> int:
    from supporters.views import APPLICATIONS_PER_MEMBER

    return APPLICATIONS_PER_MEMBER.count


def test_the_application_reaches_moderators_only_when_all_four_parts_are_passed(member):
    application = services.submit_application(member=member, why="To help.").application
    for part in PARTS[:-1]:
        services.answer_training_part(member=member, part=part, answers=right_answers(part))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.TRAINING
    last = PARTS[-1]
    services.answer_training_part(member=member, part=last, answers=right_answers(last))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WAITING and application.submitted_at


def test_training_passed_before_applying_sends_the_application_straight_to_moderators(member):
    pass_training(member)
    application = services.submit_application(member=member, why="To help.").application
    assert application.status == ApplicationStatus.WAITING


def test_an_unanswered_question_is_asked_for_and_progress_of_other_parts_is_kept(client, member):
    client.force_login(member)
    first, second = PARTS[0], PARTS[1]
    client.post(f"/peer-support/training/{first.slug}/", right_answers(first))
    response = client.post(f"/peer-support/training/{second.slug}/", {})
    assert b"Please choose an answer." in response.content
    assert services.passed_parts(member) == {first.slug}


def test_the_training_names_the_sites_real_tools_and_lines(client, member):
    client.force_login(member)
    page = client.get("/peer-support/training/at-risk/").content.decode()
    for fact in ("988", "741741", "866-359-7953", "Report", "support panel", "moderation queue"):
        assert fact in page


def test_a_moderator_cannot_decide_on_their_own_application(moderator):
    services.submit_application(member=moderator, why="Me too.")
    pass_training(moderator)
    application = Application.objects.get(member=moderator)
    with pytest.raises(services.SupporterRefused):
        services.approve_application(application=application, moderator=moderator)


def test_the_applicant_gets_a_note_in_their_inbox_when_approved(member, moderator,
                                                                waiting_application):  # fmt: skip
    from moderation.models import Note

    services.approve_application(application=waiting_application, moderator=moderator)
    assert Note.objects.filter(recipient=member, subject__contains="approved").exists()
