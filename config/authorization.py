"""Who may use every URL, joined from each app's own table, so one test can check that no
URL was forgotten (tests/security/test_authorization.py)."""

from accounts.permissions import RULES as ACCOUNT_RULES
from befriending.permissions import RULES as BEFRIENDING_RULES
from forum.permissions import RULES as FORUM_RULES
from groups.permissions import URL_NAMES as GROUP_URL_NAMES
from groups.room_permissions import RULES as ROOM_RULES
from moderation.permissions import RULES as MODERATION_RULES
from supporters.permissions import RULES as SUPPORTER_RULES

# Outcomes: "allow", "login" (sent to log in), "deny" (403), "hidden" (404: not even its
# existence is confirmed). Roles: visitor, member (signed in), owner (the member the object
# belongs to).
RESOURCE_RULES = {
    name: {"visitor": "allow", "member": "allow", "owner": "allow"}
    for name in ("resources:index", "resources:peer_support", "resources:before_group",
                 "resources:become_peer_worker")
}  # fmt: skip
_MEMBERS = {"visitor": "login", "member": "allow", "owner": "allow"}
_OWNER_ONLY = {"visitor": "login", "member": "hidden", "owner": "allow"}
NOTIFICATION_RULES = {
    "notifications:list": _MEMBERS,
    "notifications:read_all": _MEMBERS,
    "notifications:settings": _MEMBERS,
    "notifications:take_break": _MEMBERS,
    "notifications:follow": _MEMBERS,
    "notifications:open": _OWNER_ONLY,
    "notifications:read": _OWNER_ONLY,
}
# The admin has Django's own staff check; it is walked like the rest.
ADMIN_PREFIX = "admin:"


def covered_url_names() -> set[str]:
    return (
        set(ACCOUNT_RULES)
        | {name for name, _ in FORUM_RULES}
        | set(MODERATION_RULES)
        | set(RESOURCE_RULES)
        | set(NOTIFICATION_RULES)
        | set(SUPPORTER_RULES)
        | GROUP_URL_NAMES
        | set(ROOM_RULES)
        | set(BEFRIENDING_RULES)
    )
