import pytest

from accounts.admin import MemberAdmin
from accounts.models import Member


@pytest.fixture
def admin_client_for(client, make_member):
    admin = make_member("SiteKeeper", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


@pytest.mark.django_db
def test_the_member_admin_lists_pseudonym_join_date_and_staff_flag(admin_client_for, member):
    assert MemberAdmin.list_display == ("pseudonym", "date_joined", "is_staff")
    page = admin_client_for.get("/admin/accounts/member/").content.decode()
    assert "QuietHeron" in page


@pytest.mark.django_db
def test_the_member_admin_shows_no_password_hash(admin_client_for, member):
    response = admin_client_for.get(f"/admin/accounts/member/{member.pk}/change/")
    assert response.status_code == 200
    assert member.password not in response.content.decode()


@pytest.mark.django_db
def test_an_administrator_can_add_a_member(admin_client_for):
    response = admin_client_for.post(
        "/admin/accounts/member/add/",
        {
            "pseudonym": "NewHelper",
            "usable_password": "true",
            "password1": "a long and quiet evening",
            "password2": "a long and quiet evening",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Member.objects.get(pseudonym="NewHelper").check_password("a long and quiet evening")


@pytest.mark.django_db
def test_the_admin_search_finds_members_by_pseudonym(admin_client_for, member):
    page = admin_client_for.get("/admin/accounts/member/?q=heron").content.decode()
    assert "QuietHeron" in page


@pytest.mark.django_db
def test_the_admin_refuses_a_look_alike_pseudonym_as_a_form_error(admin_client_for, member):
    response = admin_client_for.post(
        "/admin/accounts/member/add/",
        {"pseudonym": "QUIET_HERON", "usable_password": "false"},
    )
    assert response.status_code == 200
    assert "taken" in response.content.decode()
    assert Member.objects.count() == 2
