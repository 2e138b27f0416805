"""Who may use the room's own URLs: one table of core.permissions rules, enforced by `guard`
and walked by tests/groups/test_room_permissions.py (config.authorization joins it).

Roles, worked out from the session the URL names (groups.room_selectors.room_access decides who
reads): "visitor"; "facilitator" (runs this session); "participant" (may read this room: joined,
or left and reading back); "moderator" and "supporter" (signed in with that role, not in this
session); "member" (anyone else signed in).
"""

from django.shortcuts import get_object_or_404

from core.permissions import ALLOW, DENY, HIDDEN, LOGIN, Rule, make_guard
from groups.models import GroupSession
from groups.room_selectors import room_access
from moderation.selectors import may_moderate_board

VISITOR, MEMBER, PARTICIPANT = "visitor", "member", "participant"
SUPPORTER, MODERATOR, FACILITATOR = "supporter", "moderator", "facilitator"
ROLES = (VISITOR, MEMBER, PARTICIPANT, SUPPORTER, MODERATOR, FACILITATOR)

# The room is invisible to everyone outside it: 404, not even its messages' existence.
_READERS = dict(
    visitor=LOGIN, member=HIDDEN, participant=ALLOW, supporter=HIDDEN, moderator=HIDDEN,
    facilitator=ALLOW,
)  # fmt: skip
_FACILITATOR = dict(
    visitor=LOGIN, member=DENY, participant=DENY, supporter=DENY, moderator=DENY,
    facilitator=ALLOW,
)  # fmt: skip
_FACILITATOR_OR_MODERATOR = {**_FACILITATOR, "moderator": ALLOW}
_MODERATORS = dict(
    visitor=LOGIN, member=DENY, participant=DENY, supporter=DENY, moderator=ALLOW,
    facilitator=DENY,
)  # fmt: skip

RULES: dict[str, Rule] = {
    "groups:room_events": Rule(**_READERS),
    "groups:room_report": Rule(**_READERS),
    "groups:room_pin_rules": Rule(**_FACILITATOR, method="post"),
    "groups:room_slow_mode": Rule(**_FACILITATOR, method="post"),
    "groups:room_mute": Rule(**_FACILITATOR, method="post"),
    "groups:room_remove": Rule(**_FACILITATOR_OR_MODERATOR, method="post"),
    "groups:room_end": Rule(**_FACILITATOR_OR_MODERATOR, method="post"),
    "groups:room_review": Rule(**_MODERATORS),
    "groups:room_release": Rule(**_MODERATORS, method="post"),
    "groups:room_keep_hidden": Rule(**_MODERATORS, method="post"),
}


def role_for(request, rule: Rule, kwargs: dict) -> str:
    user = request.user
    if not user.is_authenticated:
        return VISITOR
    if "session_id" in kwargs:
        session = get_object_or_404(GroupSession, pk=kwargs["session_id"])
        request.room_session = session
        access = room_access(session=session, member=user)
        request.room_access = access
        if access.is_facilitator:
            return FACILITATOR
        if access.can_read:
            return PARTICIPANT
        if user.is_moderator and not may_moderate_board(user, session.board_id):
            # A moderator scoped to other boards is a member here, as on those boards' threads.
            return SUPPORTER if getattr(user, "is_peer_supporter", False) else MEMBER
    if user.is_moderator:
        return MODERATOR
    if getattr(user, "is_peer_supporter", False):
        return SUPPORTER
    return MEMBER


guard = make_guard(RULES, role_for=role_for)
