"""The audit log: every moderation action, role change and lexicon change; append-only;
readable and filterable by administrators."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from accounts import services as accounts
from moderation import audit
from moderation.models import AuditAction, AuditEntry
from safety import lexicon_source
from safety.models import LexiconTerm
from tests.moderation.conftest import act

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_lexicon():
    lexicon_source.forget()
    yield
    lexicon_source.forget()


def _entry(**kwargs) -> AuditEntry:
    return audit.record(actor=None, action=AuditAction.POST_HIDDEN, reason="why", **kwargs)


def test_a_line_cannot_be_changed_or_deleted_once_written():
    entry = _entry()
    entry.reason = "something kinder"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == "why"


def test_the_admin_shows_the_log_but_offers_no_way_to_add_change_or_delete(client, administrator):
    entry = _entry()
    client.force_login(administrator)
    assert client.get("/admin/moderation/auditentry/").status_code == 200
    assert client.get("/admin/moderation/auditentry/add/").status_code == 403
    assert client.post(f"/admin/moderation/auditentry/{entry.pk}/delete/").status_code == 403
    change = client.post(f"/admin/moderation/auditentry/{entry.pk}/change/", {"reason": "x"})
    assert change.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).reason == "why"


def test_granting_and_revoking_the_role_by_command_is_logged(member):
    call_command("moderator", "grant", member.pseudonym, "--reason", "Finished the training.")
    assert Group.objects.get(name="Peer moderators").user_set.filter(pk=member.pk).exists()
    granted = AuditEntry.objects.get(action=AuditAction.ROLE_GRANTED)
    assert granted.subject_member_id == member.pk and granted.reason == "Finished the training."
    assert granted.detail == {"role": "peer moderator", "via": "command line"}

    call_command("moderator", "revoke", member.pseudonym.lower())
    assert not Group.objects.get(name="Peer moderators").user_set.filter(pk=member.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.ROLE_REVOKED, subject_member_id=member.pk)


def test_the_command_explains_what_it_cannot_do(member):
    with pytest.raises(CommandError, match="No member"):
        call_command("moderator", "grant", "NobodyByThisName")
    with pytest.raises(CommandError, match="not a peer moderator"):
        call_command("moderator", "revoke", member.pseudonym)


def test_role_changes_made_in_the_admin_or_a_shell_are_logged_too(member):
    group = Group.objects.get(name="Peer moderators")
    group.user_set.add(member)
    member.groups.clear()
    member.is_superuser = True
    member.save()
    logged = list(
        AuditEntry.objects.filter(subject_member_id=member.pk)
        .order_by("id")
        .values_list("action", "detail__role")
    )
    assert logged == [
        (AuditAction.ROLE_GRANTED, "peer moderator"),
        (AuditAction.ROLE_REVOKED, "peer moderator"),
        (AuditAction.ROLE_GRANTED, "administrator"),
    ]


def test_lexicon_changes_in_the_admin_are_logged_with_who_and_what(client, administrator):
    client.force_login(administrator)
    data = {
        "pattern": "glorbify myself",
        "kind": "phrase",
        "category": "suicide",
        "severity": "high",
        "negatable": "on",
        "note": "New slang seen this week.",
    }
    assert client.post("/admin/safety/lexiconterm/add/", data).status_code == 302
    term = LexiconTerm.objects.get(pattern="glorbify myself")
    client.post(f"/admin/safety/lexiconterm/{term.pk}/change/", {**data, "severity": "imminent"})
    client.post(f"/admin/safety/lexiconterm/{term.pk}/delete/", {"post": "yes"})

    lines = AuditEntry.objects.filter(action__startswith="lexicon.").order_by("id")
    assert [line.action for line in lines] == [
        AuditAction.LEXICON_ADDED,
        AuditAction.LEXICON_CHANGED,
        AuditAction.LEXICON_REMOVED,
    ]
    assert all(line.actor_id == administrator.pk for line in lines)
    assert lines[0].reason == "New slang seen this week."
    assert lines[1].detail["changed"] == ["severity"] and lines[1].detail["severity"] == "imminent"


def test_a_deleted_account_leaves_a_line_that_never_says_whose(
    client, reply, moderator, other_member, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    act(client, "hide", reply, reason="It named a method.")
    with django_capture_on_commit_callbacks(execute=True):
        accounts.delete_account(member=other_member, erase_posts=True)

    gone = AuditEntry.objects.get(action=AuditAction.ACCOUNT_DELETED)
    assert gone.subject_member_id is None and gone.actor_id is None
    assert gone.detail["posts"] == "erased" and len(gone.detail["account"]) == 16
    text = str(list(AuditEntry.objects.values()))
    assert other_member.pseudonym not in text
    assert AuditEntry.objects.filter(action=AuditAction.POST_HIDDEN).exists()  # kept


def test_administrators_read_and_filter_the_log(
    client, reply, moderator, administrator, make_member
):
    client.force_login(moderator)
    act(client, "hide", reply, reason="It named a method.")
    act(client, "restore", reply, reason="Edited by its author.")
    client.force_login(administrator)

    page = client.get("/moderation/audit/").content.decode()
    assert "It named a method." in page and "Edited by its author." in page
    assert moderator.pseudonym in page

    hides = client.get("/moderation/audit/?action=post.hidden").content.decode()
    assert "It named a method." in hides and "Edited by its author." not in hides
    nobody = client.get(f"/moderation/audit/?who={make_member('Quiet').pseudonym}")
    assert "It named a method." not in nobody.content.decode()
    by_who = client.get(f"/moderation/audit/?who={moderator.pseudonym}").content.decode()
    assert "It named a method." in by_who


def test_moderators_cannot_read_the_audit_log(client, moderator):
    client.force_login(moderator)
    assert client.get("/moderation/audit/").status_code == 403
