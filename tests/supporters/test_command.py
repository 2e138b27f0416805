"""`manage.py supporter grant|revoke <pseudonym>` for operators."""

import pytest
from django.core.management import CommandError, call_command

from moderation.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db


def test_an_operator_grants_without_the_training_and_revokes(member):
    call_command("supporter", "grant", member.pseudonym, "--reason", "Known to us")
    member.refresh_from_db()
    assert member.is_peer_supporter
    granted = AuditEntry.objects.get(action=AuditAction.SUPPORTER_GRANTED)
    assert granted.actor_id is None and granted.reason == "Known to us"
    assert granted.detail["via"] == "command line"

    call_command("supporter", "revoke", member.pseudonym)
    member.refresh_from_db()
    assert not member.is_peer_supporter
    assert AuditEntry.objects.filter(action=AuditAction.SUPPORTER_REVOKED).count() == 1


def test_an_unknown_pseudonym_is_a_clear_error():
    with pytest.raises(CommandError, match="No member is called 'Nobody'"):
        call_command("supporter", "grant", "Nobody")


def test_granting_twice_or_revoking_a_non_supporter_is_an_error_and_changes_nothing(member):
    with pytest.raises(CommandError, match="is not a peer supporter"):
        call_command("supporter", "revoke", member.pseudonym)
    call_command("supporter", "grant", member.pseudonym)
    with pytest.raises(CommandError, match="already a peer supporter"):
        call_command("supporter", "grant", member.pseudonym)
    assert AuditEntry.objects.filter(action=AuditAction.SUPPORTER_GRANTED).count() == 1


def test_errors_exit_with_a_non_zero_status(member):

    # call_command raises; run_from_argv turns the CommandError into exit status 1.
    from django.core.management import ManagementUtility

    utility = ManagementUtility(["manage.py", "supporter", "revoke", member.pseudonym])
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code == 1
