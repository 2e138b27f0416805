"""Who may use the peer supporter pages: one table of core.permissions rules, enforced by
`guard` and walked by tests/supporters/test_permissions.py.

Roles: "visitor", "member" (signed in), "supporter" (an active peer supporter), "moderator".
A paused supporter is a member here; their own page still shows them their role.
"""

from core.permissions import ALLOW, DENY, LOGIN, Rule, make_guard

VISITOR, MEMBER, SUPPORTER, MODERATOR = "visitor", "member", "supporter", "moderator"
ROLES = (VISITOR, MEMBER, SUPPORTER, MODERATOR)

_MEMBERS = {VISITOR: LOGIN, MEMBER: ALLOW, SUPPORTER: ALLOW, MODERATOR: ALLOW}
_MODERATORS = {VISITOR: LOGIN, MEMBER: DENY, SUPPORTER: DENY, MODERATOR: ALLOW}

RULES: dict[str, Rule] = {
    "supporters:apply": Rule(**_MEMBERS),
    "supporters:training": Rule(**_MEMBERS),
    "supporters:training_part": Rule(**_MEMBERS),
    "supporters:me": Rule(**_MEMBERS),
    "supporters:pause_self": Rule(**_MEMBERS, method="post"),
    "supporters:resume_self": Rule(**_MEMBERS, method="post"),
    "supporters:applications": Rule(**_MODERATORS),
    "supporters:review": Rule(**_MODERATORS),
    "supporters:supporters": Rule(**_MODERATORS),
    "supporters:change_role": Rule(**_MODERATORS, method="post"),
}


def role_of(user) -> str:
    if not user.is_authenticated:
        return VISITOR
    if user.is_moderator:
        return MODERATOR
    return SUPPORTER if user.is_peer_supporter else MEMBER


def _role_for(request, rule: Rule, view_kwargs: dict) -> str:
    return role_of(request.user)


guard = make_guard(RULES, role_for=_role_for)
