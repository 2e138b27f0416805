"""Where this process gets its crisis lexicon from."""

from moderation import scanner


def current_lexicon():
    return scanner.load_default_lexicon()
