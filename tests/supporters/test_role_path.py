"""The whole path of the role, through the pages: apply, train, approval, the mark, pause,
resume, revoke, with an audit line at each step."""

import pytest

from accounts.models import Member
from moderation.models import AuditAction, AuditEntry
from supporters.models import Application, ApplicationStatus
from supporters.training import PARTS
from tests.supporters.conftest import right_answers

pytestmark = pytest.mark.django_db


def audit_actions(member) -> list[str]:
    return list(
        AuditEntry.objects.filter(subject_member_id=member.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )


def wrong_answers(part) -> dict:
    return {q.key: next(c.key for c in q.choices if not c.correct) for q in part.questions}


def test_a_member_applies_trains_is_approved_shown_paused_resumed_and_revoked(
    client, member, moderator, make_thread
):
    thread = make_thread(author=member, title="Named thread")
    anonymous = make_thread(author=member, title="Anonymous thread", anonymous=True)

    client.force_login(member)
    response = client.post("/peer-support/apply/", {"why": "I want to give back.",
                                                    "availability": "evenings"})  # fmt: skip
    assert response.status_code == 303
    application = Application.objects.get(member=member)
    assert application.status == ApplicationStatus.TRAINING

    for part in PARTS:
        url = f"/peer-support/training/{part.slug}/"
        wrong = client.post(url, wrong_answers(part))
        assert wrong.status_code == 200
        assert b"data-wrong" in wrong.content and b"Not quite." in wrong.content
        assert client.post(url, right_answers(part)).status_code == 303
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WAITING

    client.force_login(moderator)
    assert member.pseudonym.encode() in client.get("/peer-support/applications/").content
    response = client.post(f"/peer-support/applications/{application.pk}/",
                           {"decision": "approve", "note": "Welcome aboard."})  # fmt: skip
    assert response.status_code == 303
    member.refresh_from_db()
    assert member.is_peer_supporter

    client.logout()  # a visitor: the cached thread page must show the new mark
    assert b"data-supporter-mark" in client.get(f"/threads/{thread.pk}/").content
    assert b"data-supporter-mark" in client.get(f"/accounts/members/{member.pseudonym}/").content
    page = client.get(f"/threads/{anonymous.pk}/").content
    assert b"data-supporter-mark" not in page and member.pseudonym.encode() not in page

    client.force_login(member)
    assert client.post("/peer-support/me/pause/", {"reason": ""}).status_code == 303
    member.refresh_from_db()
    assert not member.is_peer_supporter
    client.logout()
    assert b"data-supporter-mark" not in client.get(f"/threads/{thread.pk}/").content

    client.force_login(member)
    assert client.post("/peer-support/me/resume/").status_code == 303
    member.refresh_from_db()
    assert member.is_peer_supporter

    client.force_login(moderator)
    response = client.post(f"/peer-support/supporters/{member.pk}/",
                           {"change": "revoke", "reason": "Stepping down, as asked."})  # fmt: skip
    assert response.status_code == 303
    member.refresh_from_db()
    assert not member.is_peer_supporter
    client.logout()
    assert b"data-supporter-mark" not in client.get(f"/threads/{thread.pk}/").content

    assert audit_actions(member) == [
        AuditAction.SUPPORTER_APPLIED,
        AuditAction.SUPPORTER_TRAINED,
        AuditAction.SUPPORTER_APPROVED,
        AuditAction.SUPPORTER_GRANTED,
        AuditAction.SUPPORTER_PAUSED,
        AuditAction.SUPPORTER_RESUMED,
        AuditAction.SUPPORTER_REVOKED,
    ]
    revoked = AuditEntry.objects.filter(action=AuditAction.SUPPORTER_REVOKED).get()
    assert (revoked.actor_id, revoked.reason) == (moderator.pk, "Stepping down, as asked.")


def test_a_declined_applicant_reads_the_note_and_must_wait_to_reapply(
    client, member, moderator, waiting_application
):
    client.force_login(moderator)
    url = f"/peer-support/applications/{waiting_application.pk}/"
    refused = client.post(url, {"decision": "decline", "note": "  "})
    assert refused.status_code == 400
    assert b"Please write a note" in refused.content
    assert (
        client.post(url, {"decision": "decline", "note": "Please wait a while."}).status_code == 303
    )
    assert not Member.objects.get(pk=member.pk).is_peer_supporter
    assert AuditEntry.objects.filter(action=AuditAction.SUPPORTER_DECLINED,
                                     reason="Please wait a while.").exists()  # fmt: skip

    client.force_login(member)
    page = client.get("/peer-support/apply/")
    assert b"Please wait a while." in page.content
    assert b"You can apply again from" in page.content
    again = client.post("/peer-support/apply/", {"why": "Trying again straight away."})
    assert again.status_code == 400
    assert Application.objects.filter(member=member).count() == 1


def test_a_moderators_pause_cannot_be_lifted_by_the_supporter(client, supporter, moderator):
    client.force_login(moderator)
    client.post(f"/peer-support/supporters/{supporter.pk}/",
                {"change": "pause", "reason": "Let's talk first."})  # fmt: skip
    client.force_login(supporter)
    assert b"Only a moderator can resume" in client.get("/peer-support/me/").content
    client.post("/peer-support/me/resume/")
    supporter.refresh_from_db()
    assert not supporter.is_peer_supporter
    client.force_login(moderator)
    client.post(f"/peer-support/supporters/{supporter.pk}/",
                {"change": "resume", "reason": "We talked."})  # fmt: skip
    supporter.refresh_from_db()
    assert supporter.is_peer_supporter


def test_a_moderator_must_give_a_reason_to_change_a_role(client, supporter, moderator):
    client.force_login(moderator)
    response = client.post(f"/peer-support/supporters/{supporter.pk}/", {"change": "revoke"})
    assert response.status_code == 400
    supporter.refresh_from_db()
    assert supporter.is_peer_supporter


def test_a_pause_note_that_is_too_long_is_explained_kept_and_nothing_changes(client, supporter):
    client.force_login(supporter)
    note = "I need a rest. " * 30
    response = client.post("/peer-support/me/pause/", {"reason": note})
    assert response.status_code == 400
    assert "at most 300 characters" in response.content.decode()
    assert note.strip() in response.content.decode()
    supporter.refresh_from_db()
    assert supporter.is_peer_supporter
