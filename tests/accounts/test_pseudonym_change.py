from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Member, ReservedPseudonym
from accounts.selectors import pseudonym_taken

CHANGE = "/accounts/settings/pseudonym/"


@pytest.mark.django_db
def test_a_member_changes_their_pseudonym(client, member):
    client.force_login(member)
    response = client.post(CHANGE, {"pseudonym": "GentleMaple"})
    assert response["Location"] == reverse("accounts:settings")
    member.refresh_from_db()
    assert member.pseudonym == "GentleMaple"


@pytest.mark.django_db
def test_the_old_pseudonym_is_reserved_from_others_for_ninety_days(client, member, make_member):
    services.change_pseudonym(member=member, new_pseudonym="GentleMaple")
    reservation = ReservedPseudonym.objects.get(member=member)
    assert reservation.until - timezone.now() > timedelta(days=89)
    assert pseudonym_taken("quietheron")
    response = client.post(
        "/accounts/signup/",
        {"pseudonym": "QuietHeron", "password1": "a long walk home tonight",
         "password2": "a long walk home tonight", "age_ok": "on"},
    )  # fmt: skip
    assert response.status_code == 400
    ReservedPseudonym.objects.update(until=timezone.now() - timedelta(seconds=1))
    assert not pseudonym_taken("QuietHeron")


@pytest.mark.django_db
def test_the_owner_may_take_their_old_pseudonym_back(member):
    services.change_pseudonym(member=member, new_pseudonym="GentleMaple")
    Member.objects.filter(pk=member.pk).update(
        pseudonym_changed=timezone.now() - timedelta(days=31)
    )
    member.refresh_from_db()
    services.change_pseudonym(member=member, new_pseudonym="QuietHeron")
    assert Member.objects.get(pk=member.pk).pseudonym == "QuietHeron"
    assert list(ReservedPseudonym.objects.values_list("pseudonym", flat=True)) == ["GentleMaple"]


@pytest.mark.django_db
def test_a_pseudonym_can_change_only_once_in_thirty_days(client, member):
    client.force_login(member)
    client.post(CHANGE, {"pseudonym": "GentleMaple"})
    page = client.get(CHANGE).content.decode()
    assert "You can change it again from" in page
    response = client.post(CHANGE, {"pseudonym": "BraveCedar"})
    assert response.status_code == 400
    assert Member.objects.get(pk=member.pk).pseudonym == "GentleMaple"

    Member.objects.filter(pk=member.pk).update(
        pseudonym_changed=timezone.now() - timedelta(days=30, seconds=1)
    )
    assert client.post(CHANGE, {"pseudonym": "BraveCedar"}).status_code == 302


@pytest.mark.django_db
def test_a_look_alike_of_another_members_pseudonym_is_refused(client, member, other_member):
    client.force_login(member)
    assert client.post(CHANGE, {"pseudonym": "BRIGHT_OTTER"}).status_code == 400


@pytest.mark.django_db
def test_a_member_may_recase_their_own_pseudonym(client, member):
    client.force_login(member)
    assert client.post(CHANGE, {"pseudonym": "Quiet Heron"}).status_code == 302
    assert not ReservedPseudonym.objects.exists()


@pytest.mark.django_db
def test_the_old_pseudonym_does_not_lead_to_the_new_one(client, member):
    services.change_pseudonym(member=member, new_pseudonym="GentleMaple")
    assert client.get("/accounts/members/QuietHeron/").status_code == 404
    assert client.get("/accounts/members/GentleMaple/").status_code == 200
