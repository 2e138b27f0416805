"""Who may do what with accounts: one table, enforced by `guard` and walked by the tests.

Roles, for a URL that names a member (a profile): "member" is that member, "other_member" and
"moderator" are someone else. For a URL about one's own account, "member" and "other_member" are
both just a signed-in member, and the table must give them the same outcome.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from accounts.pseudonyms import pseudonym_key

VISITOR, MEMBER, OTHER_MEMBER, MODERATOR = "visitor", "member", "other_member", "moderator"
ROLES = (VISITOR, MEMBER, OTHER_MEMBER, MODERATOR)

ALLOW = "allow"
LOGIN = "login"  # sent to log in first
AWAY = "away"  # already signed in: sent to their settings
DENY = "deny"  # 403


@dataclass(frozen=True)
class Rule:
    visitor: str
    member: str
    other_member: str
    moderator: str
    method: str = "get"  # how the tests knock: "get" or "post"
    names_member: bool = False  # the URL's `pseudonym` argument names the member acted on

    def outcome(self, role: str) -> str:
        return getattr(self, role)


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
    "accounts:profile": Rule(**_ANYONE, names_member=True),
    "accounts:block": Rule(**_OTHERS_ONLY, method="post", names_member=True),
    "accounts:unblock": Rule(**_OTHERS_ONLY, method="post", names_member=True),
}


def role_of(user, pseudonym: str | None = None) -> str:
    if not user.is_authenticated:
        return VISITOR
    if pseudonym is None:
        return MODERATOR if user.is_moderator else MEMBER
    if pseudonym_key(pseudonym) == user.pseudonym_key:
        return MEMBER
    return MODERATOR if user.is_moderator else OTHER_MEMBER


def guard(url_name: str):
    """Enforce the table's row for `url_name` before the view runs."""
    rule = RULES[url_name]

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            pseudonym = kwargs.get("pseudonym") if rule.names_member else None
            outcome = rule.outcome(role_of(request.user, pseudonym))
            if outcome == LOGIN:
                return redirect_to_login(request.get_full_path())
            if outcome == AWAY:
                return redirect("accounts:settings")
            if outcome == DENY:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
