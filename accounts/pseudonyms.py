"""Pseudonym rules: how two pseudonyms are compared, which are allowed, and suggestions.

A pseudonym is the only thing other people know a member by, so two rules matter most: nobody can
take a name that *looks* like someone else's, and nobody is nudged into giving away who they are.
"""

import re
import secrets
import unicodedata

from django.core.exceptions import ValidationError

MIN_LENGTH = 3
MAX_LENGTH = 30
KEY_MAX_LENGTH = 60
CHANGE_INTERVAL_DAYS = 30
RESERVATION_DAYS = 90

# Cross-script look-alikes of Latin letters, applied after case folding. A compact, hand-checked
# subset of Unicode's confusables.txt (UTS #39) for the scripts people use to impersonate in
# Latin-script communities. Keys are case-insensitive, so a letter folds to what its *capital*
# resembles where the two differ (Greek Η/η fold to "h", Ν/ν to "n"): "Ηeron" must meet "Heron".
_LOOKALIKES = {
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ζ": "z", "η": "h", "ι": "l", "κ": "k", "μ": "m",
    "ν": "n", "ο": "o", "ρ": "p", "σ": "o", "ς": "c", "τ": "t", "υ": "y", "χ": "x", "ω": "w",
    "ϲ": "c", "ϳ": "j",
    # Cyrillic
    "а": "a", "в": "b", "г": "r", "д": "d", "е": "e", "ё": "e", "з": "3", "и": "u", "к": "k",
    "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
    "ь": "b", "ѕ": "s", "і": "l", "ї": "l", "ј": "j", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q",
    "ԝ": "w", "ү": "y", "ɡ": "g",
    # Armenian
    "ո": "n", "ս": "u", "օ": "o", "ց": "g", "հ": "h", "զ": "q",
    # Latin and symbols that pass for other letters
    "ı": "l", "ȷ": "j", "ɑ": "a", "ʀ": "r", "ɩ": "l", "ǀ": "l", "|": "l",
}  # fmt: skip
# Within Latin: shapes that are one another in most fonts. "I" and "l" are the classic pair; since
# keys are case-insensitive, "i" must then fold with them too, and so must "1".
_SAME_SHAPE = str.maketrans({"1": "l", "i": "l", "0": "o"})
_SEQUENCES = (("rn", "m"), ("vv", "w"))

# Characters that change how text is displayed without being seen: controls, bidi overrides and
# isolates, zero-width joiners, the BOM. Unicode categories Cc (control) and Cf (format).
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
_ALLOWED_PUNCTUATION = {" ", "_", "-", "."}

_EMAIL = re.compile(r"\S+@\S+|\bat\s*\w+\s*dot\s*(com|net|org)\b", re.IGNORECASE)
_URL = re.compile(
    r"(https?:|://|www\.|\.(com|net|org|io|co|me|uk|us|ca|au|de|fr|info|biz|app|dev|xyz|tv|ly|gg"
    r"|link|site|online|live|page|social)(\b|$))",
    re.IGNORECASE,
)
_PHONE_DIGITS = 7
# Names other people could mistake for the site speaking, or for an anonymous author.
_RESERVED_EXACT_NAMES = ("admin", "administrator", "staff", "system", "support", "official", "mod")
_RESERVED_PART_NAMES = ("anonymous", "moderator", "peerhaven", "deleted member", "removed")


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))


def pseudonym_key(pseudonym: str) -> str:
    """The form two pseudonyms are compared in: equal keys clash.

    NFKC and case folding make "HERON", "heron" and fullwidth "ｈｅｒｏｎ" one name;
    dropping accents and folding look-alikes make "Ηeron" (Greek Eta) and "Hérön" one name
    too. Invisible characters are dropped so they cannot make a copy differ for the database
    only.
    """
    text = unicodedata.normalize("NFKC", pseudonym)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES)
    text = _strip_marks(text).casefold()
    text = "".join(_LOOKALIKES.get(ch, ch) for ch in text)
    text = text.translate(_SAME_SHAPE)
    for sequence, replacement in _SEQUENCES:
        text = text.replace(sequence, replacement)
    # Separators do not tell names apart to a reader: "Quiet Heron" is "Quiet_Heron".
    text = re.sub(r"[\s_.\-]+", "", text)
    return unicodedata.normalize("NFKC", text)


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


def _has_invisible(text: str) -> bool:
    return any(unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in text)


def validate_not_identity(value: str) -> None:
    """Refuse pseudonyms that look like a way to find the person: email, phone number, web address.

    People in distress may type whatever identifies them first; the forum's safety depends on them
    not doing so.
    """
    text = unicodedata.normalize("NFKC", value)
    if _EMAIL.search(text):
        raise ValidationError(
            "That looks like an email address. Please leave out anything that could identify you.",
            code="email",
        )
    if _URL.search(text):
        raise ValidationError(
            "That looks like a web address. Please leave out anything that could identify you.",
            code="url",
        )
    if sum(ch.isdigit() for ch in text) >= _PHONE_DIGITS:
        raise ValidationError(
            "That has as many digits as a phone number. Please use fewer numbers.",
            code="phone",
        )


def validate_pseudonym(value: str) -> str:
    """Check a pseudonym's form (not whether it is free) and return it tidied (NFC, trimmed)."""
    if _has_invisible(value):
        raise ValidationError(
            "Pseudonyms can't contain invisible or text-direction characters.", code="invisible"
        )
    value = unicodedata.normalize("NFC", value).strip()
    if len(value) < MIN_LENGTH or len(value) > MAX_LENGTH:
        raise ValidationError(
            f"Pseudonyms are {MIN_LENGTH} to {MAX_LENGTH} characters long.", code="length"
        )
    validate_not_identity(value)
    for ch in value:
        category = unicodedata.category(ch)
        if not (category[0] in "LM" or category == "Nd" or ch in _ALLOWED_PUNCTUATION):
            raise ValidationError(
                "Use letters, numbers, spaces, dots, dashes and underscores only.",
                code="characters",
            )
    if unicodedata.category(value[0])[0] == "M" or "  " in value:
        raise ValidationError("That pseudonym has stray spacing or accents.", code="characters")
    if not any(unicodedata.category(ch)[0] == "L" for ch in value):
        raise ValidationError("Pseudonyms need at least one letter.", code="no_letter")
    scripts = {_script(ch) for ch in value if unicodedata.category(ch)[0] == "L"}
    if len(scripts & {"LATIN", "GREEK", "CYRILLIC", "ARMENIAN"}) > 1:
        raise ValidationError(
            "Please don't mix alphabets (for example Latin and Greek letters) in one name: "
            "mixed names can imitate other members.",
            code="mixed_scripts",
        )
    key = pseudonym_key(value)
    if key in {pseudonym_key(name) for name in _RESERVED_EXACT_NAMES} or any(
        pseudonym_key(part) in key for part in _RESERVED_PART_NAMES
    ):
        raise ValidationError(
            "That name could be mistaken for the site or an anonymous author.", code="reserved"
        )
    if len(key) > KEY_MAX_LENGTH:
        raise ValidationError("That pseudonym is too long once normalised.", code="length")
    return value


_ADJECTIVES = (
    "Quiet", "Gentle", "Calm", "Steady", "Brave", "Kind", "Bright", "Patient", "Warm", "Hopeful",
    "Soft", "Still", "Amber", "Silver", "Golden", "Misty", "Sunny", "Cosy", "Tender", "Humble",
    "Wandering", "Restful", "Clear", "Easy", "Friendly", "Honest", "Lucky", "Merry", "Peaceful",
    "Rosy", "Shady", "Snowy", "Sparkly", "Sturdy", "Velvet", "Woolly", "Dreamy", "Breezy", "Cheery",
)  # fmt: skip
_NOUNS = (
    "Heron", "Otter", "Willow", "Maple", "Robin", "Badger", "Fern", "Harbor", "Meadow", "River",
    "Sparrow", "Finch", "Pebble", "Cedar", "Lantern", "Comet", "Moth", "Hedgehog", "Owl", "Fox",
    "Clover", "Acorn", "Brook", "Dove", "Ember", "Hazel", "Juniper", "Kestrel", "Lark", "Marten",
    "Nutmeg", "Orchard", "Puffin", "Quail", "Raven", "Seal", "Thistle", "Walrus", "Wren", "Yarrow",
)  # fmt: skip


def suggest_pseudonyms(count: int = 6) -> list[str]:
    """Random names like "QuietHeron42", different from one another. Whether they are free is for
    the caller to check (see accounts.selectors.suggest_free_pseudonym)."""
    names: dict[str, str] = {}
    while len(names) < count:
        name = f"{secrets.choice(_ADJECTIVES)}{secrets.choice(_NOUNS)}{secrets.randbelow(90) + 10}"
        names.setdefault(pseudonym_key(name), name)
    return list(names.values())
