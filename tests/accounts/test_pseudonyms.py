import pytest
from django.core.exceptions import ValidationError

from accounts.pseudonyms import pseudonym_key, suggest_pseudonyms, validate_pseudonym
from accounts.selectors import pseudonym_taken, suggest_free_pseudonym


@pytest.mark.parametrize(
    "variant",
    ["heron", "HERON", "ｈｅｒｏｎ", "Hérön", "Ηeron", "Нeron", "He\u200bron", "H e_r-o.n"],
)
def test_case_width_accent_and_look_alike_variants_share_one_key(variant):
    assert pseudonym_key(variant) == pseudonym_key("Heron")


def test_a_capital_i_and_a_small_l_are_one_name():
    assert pseudonym_key("PauI") == pseudonym_key("Paul")


def test_different_names_keep_different_keys():
    assert pseudonym_key("Heron") != pseudonym_key("Herons")
    assert pseudonym_key("Nero") != pseudonym_key("Hero")


@pytest.mark.django_db
def test_a_look_alike_of_a_taken_pseudonym_counts_as_taken(make_member):
    make_member("Heron")
    assert pseudonym_taken("Ηeron")  # Greek capital Eta
    assert pseudonym_taken("heron")
    assert not pseudonym_taken("Heronry")


@pytest.mark.parametrize(
    ("pseudonym", "code"),
    [
        ("sam@example.org", "email"),
        ("heron at gmail dot com", "email"),
        ("www.heron-blog.net", "url"),
        ("https://heron", "url"),
        ("heronsmith.com", "url"),
        ("Call 555 123 4567", "phone"),
        ("+44 7700 900123", "phone"),
        ("He\u202eron", "invisible"),
        ("He\u2066ron", "invisible"),
        ("Her\x07on", "invisible"),
        ("Zero\u200dWidth", "invisible"),
        ("ab", "length"),
        ("A" * 31, "length"),
        ("Heron!", "characters"),
        ("123", "no_letter"),
        ("Ηeron", "mixed_scripts"),
        ("Anonymous member", "reserved"),
        ("Moderator Kim", "reserved"),
        ("Admin", "reserved"),
    ],
)
def test_pseudonyms_that_identify_someone_or_deceive_are_refused(pseudonym, code):
    with pytest.raises(ValidationError) as refusal:
        validate_pseudonym(pseudonym)
    assert refusal.value.code == code


@pytest.mark.parametrize(
    "pseudonym", ["QuietHeron42", "Quiet Heron", "日本語の名前", "Zoë_B", "Fox"]
)
def test_ordinary_pseudonyms_in_any_script_are_accepted(pseudonym):
    assert validate_pseudonym(pseudonym) == pseudonym


def test_generated_suggestions_pass_the_rules():
    for name in suggest_pseudonyms(50):
        assert validate_pseudonym(name) == name


@pytest.mark.django_db
def test_a_suggestion_is_never_someone_elses_name():
    name = suggest_free_pseudonym()
    assert not pseudonym_taken(name)
