"""Fixtures for the crisis-detection tests."""

import pytest


@pytest.fixture
def fresh_lexicon():
    """This process's lexicon forgotten before and after, for tests that change or time it."""
    from safety import lexicon_source

    lexicon_source.forget()
    yield
    lexicon_source.forget()
