"""Error types that several layers raise and catch."""


class PostingRefused(Exception):
    """The post cannot be accepted; the message is safe to show the member.

    Lives here, below every app, so that forum's refusals and moderation's restrictions (a
    subclass) can both be caught by one `except` without either app importing the other."""
