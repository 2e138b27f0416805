"""Who may do what with accounts: one table of core.permissions rules, enforced by `guard` and
walked by the tests.

Roles, for a URL that names a member (a profile): "member" is that member, "other_member" and
"moderator" are someone else. For a URL about one's own account, "member" and "other_member" are
both just a signed-in member, and the table must give them the same outcome.
"""

from django.shortcuts import redirect

from accounts.pseudonyms import pseudonym_key
from core.permissions import ALLOW, DENY, LOGIN, NAMED_MEMBER, Rule, make_guard

VISITOR, MEMBER, OTHER_MEMBER, MODERATOR = "visitor", "member", "other_member", "moderator"
ROLES = (VISITOR, MEMBER, OTHER_MEMBER, MODERATOR)

AWAY = "away"  # already signed in: sent to their settings

_VISITORS_ONLY = {"visitor": ALLOW, "member": AWAY, "other_member": AWAY, "moderator": AWAY}
_MEMBERS_ONLY = {"visitor": LOGIN, "member": ALLOW, "other_member": ALLOW, "moderator": ALLOW}
_ANYONE = {"visitor": ALLOW, "member": ALLOW, "other_member": ALLOW, "moderator": ALLOW}
_OTHERS_ONLY = {"visitor": LOGIN, "member": DENY, "other_member": ALLOW, "moderator": ALLOW}

RULES: dict[str, Rule] = {
    "accounts:signup": Rule(**_VISITORS_ONLY),
    "accounts:login": Rule(**_VISITORS_ONLY),
    "accounts:recover": Rule(**_VISITORS_ONLY),
    "accounts:suggest": Rule(**_ANYONE),
    "accounts:check": Rule(**_ANYONE),
    "accounts:logout": Rule(**_ANYONE, method="post"),
    "accounts:recovery_codes": Rule(**_MEMBERS_ONLY),
    "accounts:recovery_codes_download": Rule(**_MEMBERS_ONLY),
    "accounts:recovery_codes_regenerate": Rule(**_MEMBERS_ONLY),
    "accounts:settings": Rule(**_MEMBERS_ONLY),
    "accounts:change_password": Rule(**_MEMBERS_ONLY),
    "accounts:change_pseudonym": Rule(**_MEMBERS_ONLY),
    "accounts:edit_about": Rule(**_MEMBERS_ONLY),
    "accounts:safety": Rule(**_MEMBERS_ONLY),
    "accounts:blocked": Rule(**_MEMBERS_ONLY),
    "accounts:logout_everywhere": Rule(**_MEMBERS_ONLY, method="post"),
    "accounts:export": Rule(**_MEMBERS_ONLY),
    "accounts:delete": Rule(**_MEMBERS_ONLY),
    # The URL's `pseudonym` argument names the member acted on.
    "accounts:profile": Rule(**_ANYONE, about=NAMED_MEMBER),
    "accounts:block": Rule(**_OTHERS_ONLY, method="post", about=NAMED_MEMBER),
    "accounts:unblock": Rule(**_OTHERS_ONLY, method="post", about=NAMED_MEMBER),
}


def role_of(user, pseudonym: str | None = None) -> str:
    if not user.is_authenticated:
        return VISITOR
    if pseudonym is None:
        return MODERATOR if user.is_moderator else MEMBER
    if pseudonym_key(pseudonym) == user.pseudonym_key:
        return MEMBER
    return MODERATOR if user.is_moderator else OTHER_MEMBER


def _role_for(request, rule: Rule, view_kwargs: dict) -> str:
    return role_of(request.user, view_kwargs.get("pseudonym") if rule.names_member else None)


def _to_settings(request):
    return redirect("accounts:settings")


guard = make_guard(RULES, role_for=_role_for, answers={AWAY: _to_settings})
