import re

import pytest
from django.contrib.auth import get_user
from django.urls import reverse

from accounts.models import Member, RecoveryCode

SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"


def signup_data(pseudonym="CalmFinch", password="a quiet heron by the river", **extra):
    data = {"pseudonym": pseudonym, "password1": password, "password2": password, "age_ok": "on"}
    data.update(extra)
    return data


def prefilled_pseudonym(response) -> str:
    match = re.search(r'name="pseudonym" value="([^"]+)"', response.content.decode())
    assert match, "the pseudonym field is pre-filled"
    return match.group(1)


@pytest.mark.django_db
def test_the_signup_form_offers_a_generated_pseudonym(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    assert re.fullmatch(r"[A-Z][a-z]+[A-Z][a-z]+\d\d", prefilled_pseudonym(response))
    for name in ("password1", "password2", "age_ok"):
        assert f'name="{name}"' in response.content.decode()


@pytest.mark.django_db
def test_suggest_another_works_without_javascript_as_a_link_that_reloads(client):
    page = client.get(SIGNUP).content.decode()
    assert 'href="/accounts/signup/?suggest=1"' in page
    suggestions = {prefilled_pseudonym(client.get(SIGNUP, {"suggest": 1})) for _ in range(5)}
    assert len(suggestions) > 1


@pytest.mark.django_db
def test_the_suggestion_endpoint_answers_the_script_with_a_free_pseudonym(client):
    response = client.get(reverse("accounts:suggest"))
    assert response.status_code == 200
    assert not Member.objects.filter(pseudonym=response.json()["pseudonym"]).exists()


@pytest.mark.django_db
def test_the_check_endpoint_says_whether_a_pseudonym_is_free(client, make_member):
    make_member("Heron")
    taken = client.get(reverse("accounts:check"), {"pseudonym": "ΗERON"}).json()
    free = client.get(reverse("accounts:check"), {"pseudonym": "Egret"}).json()
    bad = client.get(reverse("accounts:check"), {"pseudonym": "me@example.org"}).json()
    assert taken["available"] is False
    assert free["available"] is True
    assert bad["available"] is False and "email" in bad["message"]


@pytest.mark.django_db
def test_a_visitor_joins_with_a_pseudonym_and_password_and_lands_on_recovery_codes(client):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/accounts/recovery-codes/"
    member = Member.objects.get(pseudonym="CalmFinch")
    assert get_user(client) == member
    assert RecoveryCode.objects.filter(member=member).count() == 10


@pytest.mark.django_db
def test_signup_without_the_age_confirmation_is_refused_kindly(client, settings):
    response = client.post(SIGNUP, signup_data(age_ok=""))
    assert response.status_code == 400
    assert f"aged {settings.MINIMUM_AGE} and over" in response.content.decode()
    assert reverse("resources:index") in response.content.decode()
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_signup_refuses_a_look_alike_of_an_existing_pseudonym(client, make_member):
    make_member("Paco")
    response = client.post(SIGNUP, signup_data(pseudonym="Расо"))  # all Cyrillic
    assert response.status_code == 400
    assert "taken" in response.content.decode()
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_signup_refuses_a_pseudonym_that_looks_like_an_email_address(client):
    response = client.post(SIGNUP, signup_data(pseudonym="sam@example.org"))
    assert response.status_code == 400
    assert not Member.objects.exists()


@pytest.mark.parametrize("password", ["password", "12345678", "short", "CalmFinch1"])
@pytest.mark.django_db
def test_signup_applies_djangos_password_validators(client, password):
    response = client.post(SIGNUP, signup_data(password=password))
    assert response.status_code == 400
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_signup_refuses_two_different_passwords(client):
    data = signup_data()
    data["password2"] = "something else entirely"
    assert client.post(SIGNUP, data).status_code == 400


def test_production_settings_hash_passwords_with_argon2():
    import config.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_signed_in_members_are_sent_away_from_signup_and_login(client, member):
    client.force_login(member)
    assert client.get(SIGNUP)["Location"] == reverse("accounts:settings")
    assert client.get(LOGIN)["Location"] == reverse("accounts:settings")


@pytest.mark.django_db
def test_login_matches_the_pseudonym_whatever_its_case(client, member, password):
    response = client.post(LOGIN, {"username": "qUIETheron", "password": password})
    assert response.status_code == 302
    assert get_user(client) == member


@pytest.mark.django_db
def test_login_goes_to_a_safe_next_page_only(client, member, password):
    good = client.post(LOGIN, {"username": "QuietHeron", "password": password, "next": "/waiting/"})
    assert good["Location"] == "/waiting/"
    client.logout()
    evil = client.post(
        LOGIN, {"username": "QuietHeron", "password": password, "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/"


@pytest.mark.django_db
def test_a_wrong_password_is_refused_and_the_pseudonym_kept(client, member):
    response = client.post(LOGIN, {"username": "QuietHeron", "password": "nope"})
    assert response.status_code == 400
    assert 'value="QuietHeron"' in response.content.decode()
    assert not get_user(client).is_authenticated


@pytest.mark.django_db
def test_log_out_is_a_post_that_ends_the_session(client, member):
    client.force_login(member)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert not get_user(client).is_authenticated


@pytest.mark.django_db
def test_the_login_page_links_to_the_forgotten_password_page(client):
    assert reverse("accounts:recover") in client.get(LOGIN).content.decode()
