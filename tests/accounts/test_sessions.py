import pytest
from django.contrib.auth import get_user
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import MemberSession


def sessions_of(member) -> list[str]:
    return [
        s.session_key
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(member.pk)
    ]


@pytest.mark.django_db
def test_log_out_everywhere_ends_every_other_session_and_keeps_this_one(member, password):
    here, phone, laptop = Client(), Client(), Client()
    for browser in (here, phone, laptop):
        assert (
            browser.post(
                "/accounts/login/", {"username": "QuietHeron", "password": password}
            ).status_code
            == 302
        )
    assert len(sessions_of(member)) == 3

    response = here.post(reverse("accounts:logout_everywhere"))

    assert response["Location"] == reverse("accounts:settings")
    assert get_user(here) == member
    assert not get_user(phone).is_authenticated
    assert not get_user(laptop).is_authenticated
    assert sessions_of(member) == [here.session.session_key]
    assert list(MemberSession.objects.values_list("session_key", flat=True)) == [
        here.session.session_key
    ]


@pytest.mark.django_db
def test_log_out_everywhere_also_ends_sessions_it_never_recorded(member):
    here, unrecorded = Client(), Client()
    here.force_login(member)
    unrecorded.force_login(member)
    MemberSession.objects.filter(session_key=unrecorded.session.session_key).delete()
    here.post(reverse("accounts:logout_everywhere"))
    assert not get_user(unrecorded).is_authenticated
    assert get_user(here) == member


@pytest.mark.django_db
def test_changing_the_password_ends_other_sessions_and_keeps_this_one(member, password):
    here, elsewhere = Client(), Client()
    here.force_login(member)
    elsewhere.force_login(member)
    new = "another quiet evening by the harbor"
    response = here.post(
        reverse("accounts:change_password"),
        {"old_password": password, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert get_user(here) == member
    assert not get_user(elsewhere).is_authenticated


@pytest.mark.django_db
def test_a_new_password_like_the_pseudonym_is_refused(client, member, password):
    client.force_login(member)
    response = client.post(
        reverse("accounts:change_password"),
        {"old_password": password, "new_password1": "QuietHeron1", "new_password2": "QuietHeron1"},
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_sessions_are_recorded_at_login_and_forgotten_at_logout(client, member, password):
    client.post("/accounts/login/", {"username": "QuietHeron", "password": password})
    key = client.session.session_key
    assert MemberSession.objects.filter(member=member, session_key=key).exists()
    client.post("/accounts/logout/")
    assert not MemberSession.objects.filter(session_key=key).exists()
