import re
import time

import pytest
from django.contrib.auth import get_user
from django.urls import reverse

from accounts import services
from accounts.models import Member, RecoveryCode

CODES_PAGE = "/accounts/recovery-codes/"
DOWNLOAD = "/accounts/recovery-codes/download/"
RECOVER = "/accounts/recover/"
NEW_PASSWORD = "a brand new lantern by the sea"
CODE = re.compile(r"\b[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}\b")


@pytest.fixture
def joined(client):
    """A visitor who has just signed up; their client still holds the fresh codes."""
    client.post(
        "/accounts/signup/",
        {
            "pseudonym": "CalmFinch",
            "password1": "a quiet heron by the river",
            "password2": "a quiet heron by the river",
            "age_ok": "on",
        },
    )
    return Member.objects.get(pseudonym="CalmFinch")


def recover(client, code, pseudonym="CalmFinch", password=NEW_PASSWORD):
    return client.post(
        RECOVER,
        {"pseudonym": pseudonym, "code": code, "password1": password, "password2": password},
    )


@pytest.mark.django_db
def test_ten_codes_are_shown_after_signup_and_offered_as_a_text_download(client, joined):
    page = client.get(CODES_PAGE).content.decode()
    codes = CODE.findall(page)
    assert len(set(codes)) == 10
    assert f'href="{DOWNLOAD}" download=' in page

    download = client.get(DOWNLOAD)
    assert download["Content-Type"].startswith("text/plain")
    assert download["Content-Disposition"].startswith("attachment")
    assert CODE.findall(download.content.decode()) == codes
    assert "CalmFinch" not in download.content.decode()  # a found file should not name them


@pytest.mark.django_db
def test_codes_are_stored_only_as_digests(client, joined):
    codes = CODE.findall(client.get(CODES_PAGE).content.decode())
    digests = list(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(digests) == 10
    for code in codes:
        assert all(code not in digest and code.replace("-", "") not in digest for digest in digests)


@pytest.mark.django_db
def test_codes_are_shown_only_until_the_member_says_they_saved_them(client, joined):
    client.post(CODES_PAGE)
    page = client.get(CODES_PAGE).content.decode()
    assert CODE.findall(page) == []
    assert "10 unused recovery codes" in page
    assert client.get(DOWNLOAD)["Location"] == CODES_PAGE


@pytest.mark.django_db
def test_fresh_codes_leave_the_session_after_a_quarter_of_an_hour(client, joined, monkeypatch):
    later = time.time() + 16 * 60
    monkeypatch.setattr("accounts.views.time.time", lambda: later)
    assert CODE.findall(client.get(CODES_PAGE).content.decode()) == []
    assert "accounts.fresh_recovery_codes" not in client.session


@pytest.mark.django_db
def test_a_recovery_code_works_once_only(client, joined):
    code = CODE.findall(client.get(CODES_PAGE).content.decode())[0]
    client.post("/accounts/logout/")

    first = recover(client, code)
    assert first.status_code == 302 and first["Location"] == reverse("accounts:login")
    assert Member.objects.get(pk=joined.pk).check_password(NEW_PASSWORD)

    second = recover(client, code, password="yet another quiet evening walk")
    assert second.status_code == 400
    assert Member.objects.get(pk=joined.pk).check_password(NEW_PASSWORD)
    assert RecoveryCode.objects.filter(member=joined).count() == 9


@pytest.mark.django_db
def test_codes_are_accepted_without_dashes_and_in_capitals(client, joined):
    code = CODE.findall(client.get(CODES_PAGE).content.decode())[0]
    client.post("/accounts/logout/")
    assert recover(client, code.replace("-", " ").upper(), pseudonym="calmfinch").status_code == 302


@pytest.mark.django_db
def test_a_wrong_code_is_refused_without_saying_which_part_was_wrong(client, joined):
    client.post("/accounts/logout/")
    wrong = recover(client, "aaaa-bbbb-cccc-dddd")
    nobody = recover(client, "aaaa-bbbb-cccc-dddd", pseudonym="NoSuchMember")
    assert wrong.status_code == nobody.status_code == 400
    message = "That pseudonym and recovery code don&#x27;t match"
    assert message in wrong.content.decode() and message in nobody.content.decode()


@pytest.mark.django_db
def test_recovering_ends_every_session_of_the_account(client, joined, django_user_model):
    from django.test import Client

    code = CODE.findall(client.get(CODES_PAGE).content.decode())[0]
    elsewhere = Client()
    elsewhere.force_login(joined)
    client.post("/accounts/logout/")
    recover(client, code)
    assert not get_user(elsewhere).is_authenticated


@pytest.mark.django_db
def test_new_codes_need_the_password_and_replace_the_old_ones(client, member, password):
    old = services.issue_recovery_codes(member=member)
    client.force_login(member)
    url = reverse("accounts:recovery_codes_regenerate")
    assert client.post(url, {"password": "wrong"}).status_code == 400
    response = client.post(url, {"password": password})
    assert response["Location"] == CODES_PAGE
    new = CODE.findall(client.get(CODES_PAGE).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.logout()
    assert services.recover_account(pseudonym="QuietHeron", code=old[0], new_password="x") is None
    assert services.recover_account(pseudonym="QuietHeron", code=new[0], new_password="x")


@pytest.mark.django_db
def test_a_suspended_account_cannot_be_recovered(member):
    code = services.issue_recovery_codes(member=member)[0]
    Member.objects.filter(pk=member.pk).update(is_active=False)
    assert services.recover_account(pseudonym="QuietHeron", code=code, new_password="x") is None
