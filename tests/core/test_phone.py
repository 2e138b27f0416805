"""Numbers link to what a phone dials, for the crisis directory and a member's own line."""

import pytest
from django.core.exceptions import ValidationError

from core.phone import sms_uri, tel_uri, validate_number


def test_phone_and_text_links_carry_only_what_a_phone_dials():
    assert tel_uri("988") == "tel:988"
    assert tel_uri("1-800-662-4357") == "tel:18006624357"
    assert tel_uri("+44 116 123") == "tel:+44116123"
    assert sms_uri("741741", "HOME") == "sms:741741?body=HOME"
    assert sms_uri("0477 13 11 14") == "sms:0477131114"


def test_a_number_is_written_as_people_dial_it():
    validate_number("+1 (800) 662-4357")
    with pytest.raises(ValidationError):
        validate_number("call me maybe")
