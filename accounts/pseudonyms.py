"""Pseudonym rules: how two pseudonyms are compared and which look like a real identity."""

import unicodedata


def pseudonym_key(pseudonym: str) -> str:
    """The form two pseudonyms are compared in: equal keys clash.

    NFKC and case folding so that "HERON", "heron" and fullwidth "ｈｅｒｏｎ" are one name.
    """
    return unicodedata.normalize("NFKC", pseudonym).casefold()
