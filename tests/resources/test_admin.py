"""Administrators keep the directory right through the admin, with hours checked as data."""

import json
from datetime import date

import pytest

from resources.models import Resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_member(make_member, client):
    admin = make_member("SteadyOwl9", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return admin


def change_form(resource, **changes):
    fields = {f.name: getattr(resource, f.name) for f in Resource._meta.fields if f.name != "id"}
    fields.update(changes)
    fields["hours"] = json.dumps(fields["hours"])
    fields["verified_on"] = fields["verified_on"].isoformat()
    return {k: ("on" if v is True else "" if v is False else v) for k, v in fields.items()
            if v is not False}  # fmt: skip


def test_the_admin_lists_entries_and_flags_those_to_check(client, admin_member):
    Resource.objects.filter(slug="shout").update(verified_on=date(2024, 6, 1))
    response = client.get("/admin/resources/resource/")
    html = response.content.decode()
    assert response.status_code == 200 and "Illinois Warm Line" in html
    assert html.count('alt="True"') == 1
    assert html.count('alt="False"') == Resource.objects.count() - 1


def test_an_administrator_corrects_hours_and_the_page_shows_them_at_once(client, admin_member):
    line = Resource.objects.get(slug="illinois-warm-line")
    client.get("/resources/")  # cache the old list
    new_hours = [{"days": [0, 1, 2, 3, 4], "open": "08:00", "close": "17:00"}]
    response = client.post(
        f"/admin/resources/resource/{line.pk}/change/", change_form(line, hours=new_hours)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    line.refresh_from_db()
    assert line.hours == new_hours
    assert "Mon–Fri 8am–5pm Central time" in client.get("/resources/").content.decode()


def test_malformed_hours_are_refused_in_the_admin_with_a_reason(client, admin_member):
    line = Resource.objects.get(slug="illinois-warm-line")
    bad = [{"days": [0], "open": "8am", "close": "17:00"}]
    response = client.post(
        f"/admin/resources/resource/{line.pk}/change/", change_form(line, hours=bad)
    )
    assert response.status_code == 200
    assert "24-hour time" in response.content.decode()
    line.refresh_from_db()
    assert line.hours[0]["open"] == "08:00"
