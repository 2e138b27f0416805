"""Text cleaning that every app applies to what members type."""

import re

# Control characters (PostgreSQL refuses NUL), direction overrides that disguise text, and the
# two private-use characters PostgreSQL search uses to mark highlights.
_CONTROL_CHARS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\ue000\ue001]"
)


def clean_text(text: str) -> str:
    """Drop control and direction-override characters that can disguise or garble text."""
    return _CONTROL_CHARS.sub("", text.replace("\r\n", "\n"))
