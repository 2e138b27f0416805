"""Who may use the befriending pages: one table of core.permissions rules, enforced by `guard`
and walked by tests/befriending/test_permissions.py.

Roles: "visitor", "member" (signed in), "participant" (one of the conversation's two people,
for URLs about one befriending), "supporter" (an active peer supporter), "moderator" (for a
conversation's URLs: a moderator with no open cause; `conversation_access` lets one with a
cause read what the cause allows). Conversation URLs answer 404 (HIDDEN) to everyone but its
two people, so a conversation's existence is never confirmed.
"""

from core.permissions import ALLOW, DENY, HIDDEN, LOGIN, Rule, make_guard  # noqa: F401

VISITOR, MEMBER, PARTICIPANT, SUPPORTER, MODERATOR = (
    "visitor",
    "member",
    "participant",
    "supporter",
    "moderator",
)
ROLES = (VISITOR, MEMBER, PARTICIPANT, SUPPORTER, MODERATOR)

RULES: dict[str, Rule] = {
    # -- asking and matching (asking part) --
    # -- the conversation (conversation part) --
    # -- oversight (oversight part) --
}


def role_of(user, befriending=None) -> str:
    """The request's role; `befriending` given for URLs about one conversation."""
    if not user.is_authenticated:
        return VISITOR
    if befriending is not None and befriending.involves(user):
        return PARTICIPANT
    if user.is_moderator:
        return MODERATOR
    return SUPPORTER if user.is_peer_supporter else MEMBER
