"""The seeded directory matches RESOURCES.md row by row, and admins cannot save a malformed
entry."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from resources.models import Resource
from resources.seed import ENTRIES, seed_resources

VERIFIED = date(2026, 11, 25)

# (slug, country, state, phone, text number, keyword, tty, 24/7): from RESOURCES.md.
EXPECTED = [
    ("988-lifeline", "US", "", "988", "988", "", "", True),
    ("crisis-text-line", "US", "", "", "741741", "HOME", "", True),
    ("veterans-crisis-line", "US", "", "988", "838255", "", "", True),
    ("samhsa-helpline", "US", "", "1-800-662-4357", "", "", "1-800-487-4889", True),
    ("trevor-project", "US", "", "1-866-488-7386", "678678", "START", "", True),
    ("trans-lifeline-us", "US", "", "877-565-8860", "", "", "", False),
    ("trans-lifeline-canada", "CA", "", "877-330-6366", "", "", "", False),
    ("nami-helpline", "US", "", "800-950-6264", "62640", "HELPLINE", "", False),
    ("illinois-warm-line", "US", "US-IL", "866-359-7953", "", "", "866-880-4459", False),
    ("warmline-org", "US", "", "", "", "", "", False),
    ("samaritans-uk", "GB", "", "116 123", "", "", "", True),
    ("samaritans-ireland", "IE", "", "116 123", "", "", "", True),
    ("shout", "GB", "", "", "85258", "SHOUT", "", True),
    ("988-canada", "CA", "", "988", "988", "", "", True),
    ("lifeline-australia", "AU", "", "13 11 14", "0477 13 11 14", "", "", True),
    ("find-a-helpline", "INT", "", "", "", "", "", False),
    ("group-hope", "US", "", "", "", "", "", False),
    ("health-and-help-chat", "US", "", "", "", "", "", False),
    ("mha-peer-support", "US", "", "", "", "", "", False),
    ("emergency-us", "US", "", "911", "", "", "", True),
    ("emergency-ca", "CA", "", "911", "", "", "", True),
    ("emergency-uk", "GB", "", "999", "", "", "", True),
    ("emergency-ireland", "IE", "", "112", "", "", "", True),
    ("emergency-eu", "INT", "", "112", "", "", "", True),
    ("emergency-australia", "AU", "", "000", "", "", "", True),
]


@pytest.mark.django_db
def test_every_row_of_the_verified_facts_is_seeded_with_its_numbers():
    seeded = {
        r.slug: (r.slug, r.country, r.subdivision, r.phone, r.text_number, r.text_keyword,
                 r.tty, r.open_24_7)
        for r in Resource.objects.all()
    }  # fmt: skip
    assert sorted(seeded.values()) == sorted(EXPECTED)


@pytest.mark.django_db
def test_every_seeded_entry_has_a_source_a_verified_date_and_passes_validation():
    for resource in Resource.objects.all():
        assert resource.source.strip(), resource.slug
        assert resource.verified_on == VERIFIED, resource.slug
        resource.full_clean()


@pytest.mark.django_db
def test_emergency_numbers_are_seeded_as_kind_emergency_for_each_region():
    emergency = dict(Resource.objects.filter(kind="emergency").values_list("slug", "phone"))
    assert emergency == {
        "emergency-us": "911", "emergency-ca": "911", "emergency-uk": "999",
        "emergency-ireland": "112", "emergency-eu": "112", "emergency-australia": "000",
    }  # fmt: skip


@pytest.mark.django_db
def test_the_illinois_warm_line_has_the_seed_hours_and_says_they_vary_by_source():
    line = Resource.objects.get(slug="illinois-warm-line")
    assert line.kind == "warm_line"
    assert line.hours == [{"days": [0, 1, 2, 3, 4, 5], "open": "08:00", "close": "20:00"}]
    assert line.time_zone == "America/Chicago"
    assert line.hours_note.lower() == "hours vary by source; call to confirm."


@pytest.mark.django_db
def test_988_keeps_press_1_and_2_and_never_lists_the_former_press_3():
    lifeline = Resource.objects.get(slug="988-lifeline")
    assert lifeline.phone_note == "press 1 for veterans, 2 for Spanish"
    assert "AYUDA" in lifeline.text_note
    for entry in ENTRIES:
        assert "press 3" not in str(entry).lower()


@pytest.mark.django_db
def test_lines_with_partial_verified_hours_show_no_guessed_badge():
    nami = Resource.objects.get(slug="nami-helpline")
    assert nami.hours == [] and not nami.open_24_7
    assert "10am–10pm Eastern" in nami.hours_note and "not verified" in nami.hours_note


@pytest.mark.django_db
def test_seeding_again_adds_nothing_and_keeps_an_administrators_edit():
    Resource.objects.filter(slug="shout").update(description="Edited by an administrator")
    assert seed_resources() == 0
    assert Resource.objects.get(slug="shout").description == "Edited by an administrator"


@pytest.mark.django_db
def test_seeding_restores_a_deleted_entry():
    Resource.objects.filter(slug="988-lifeline").delete()
    assert seed_resources() == 1
    assert Resource.objects.filter(slug="988-lifeline").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (
            {
                "hours": [{"days": [0], "open": "9", "close": "17:00"}],
                "time_zone": "UTC",
                "open_24_7": False,
            },
            "hours",
        ),
        (
            {"hours": [{"days": [0], "open": "09:00", "close": "17:00"}], "time_zone": ""},
            "time_zone",
        ),
        ({"hours": [], "open_24_7": False, "time_zone": "Central"}, "time_zone"),
        (
            {
                "hours": [{"days": [0], "open": "09:00", "close": "17:00"}],
                "time_zone": "America/Chicago",
                "open_24_7": True,
            },
            "hours",
        ),
        ({"subdivision": "US-IL", "country": "CA"}, "subdivision"),
        ({"text_keyword": "HOME", "text_number": ""}, "text_number"),
        ({"text_keyword": "TWO WORDS", "text_number": "741741"}, "text_keyword"),
        ({"phone": "call us"}, "phone"),
        ({"tty": "TTY-1"}, "tty"),
    ],
)
def test_an_entry_with_malformed_details_is_refused_with_the_field_named(fields, field):
    values = {"slug": "x", "name": "x", "kind": "warm_line", "country": "US", "source": "x",
              "verified_on": VERIFIED, "open_24_7": False, **fields}  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        Resource(**values).full_clean(validate_unique=False)
    assert field in caught.value.message_dict


@pytest.mark.django_db
def test_an_entry_not_verified_for_a_year_needs_checking(make_resource):
    line = make_resource(verified_on=date(2025, 11, 25))
    assert line.needs_check(date(2026, 11, 25))
    assert not line.needs_check(date(2026, 11, 24))
