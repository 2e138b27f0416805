"""Phone numbers as members and administrators write them, and the links a phone opens.

Below every app: the crisis directory (resources) and a member's own line in their safety
preferences (accounts) both check and link numbers the same way.
"""

import re
from urllib.parse import quote

from django.core.validators import RegexValidator

validate_number = RegexValidator(
    r"^\+?[0-9][0-9 ().-]*$",
    "Write the number as people dial it: digits, spaces, hyphens, an optional leading +.",
)


def _dialled(number: str) -> str:
    """Only what a phone dials: the digits, and a leading + if there is one."""
    return ("+" if number.strip().startswith("+") else "") + re.sub(r"\D", "", number)


def tel_uri(number: str) -> str:
    """`tel:988`, `tel:18006624357`."""
    return f"tel:{_dialled(number)}"


def sms_uri(number: str, keyword: str = "") -> str:
    """`sms:741741?body=HOME` (RFC 5724), which opens the messages app with the word typed."""
    uri = f"sms:{_dialled(number)}"
    return f"{uri}?body={quote(keyword)}" if keyword else uri
