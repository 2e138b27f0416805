"""Who may do what with boards, threads and posts: one table of core.permissions rules, walked
by the tests.

Roles: "visitor" (not signed in), "author" (wrote the post or thread the URL names),
"other_member" (signed in, not the author), "moderator" (a peer moderator, not the author).
Outcomes: ALLOW, LOGIN (sent to log in first), DENY (403). Moderators act on other members'
posts through the moderation queue, never by editing them as if they were the author.
"""

from core.permissions import ALLOW, DENY, LOGIN, Rule

VISITOR, AUTHOR, OTHER_MEMBER, MODERATOR = "visitor", "author", "other_member", "moderator"
ROLES = (VISITOR, AUTHOR, OTHER_MEMBER, MODERATOR)

_ANYONE = {"visitor": ALLOW, "author": ALLOW, "other_member": ALLOW, "moderator": ALLOW}
_MEMBERS = {"visitor": LOGIN, "author": ALLOW, "other_member": ALLOW, "moderator": ALLOW}
_AUTHOR_ONLY = {"visitor": LOGIN, "author": ALLOW, "other_member": DENY, "moderator": DENY}

RULES: dict[tuple[str, str], Rule] = {
    ("forum:home", "get"): Rule(**_ANYONE),
    ("forum:board", "get"): Rule(**_ANYONE),
    ("forum:new_thread", "get"): Rule(**_MEMBERS),
    ("forum:new_thread", "post"): Rule(**_MEMBERS, method="post"),
    ("forum:thread", "get"): Rule(**_ANYONE),
    ("forum:thread", "post"): Rule(**_MEMBERS, method="post"),
    ("forum:thread_events", "get"): Rule(**_ANYONE),
    ("forum:preview", "post"): Rule(**_MEMBERS, method="post"),
    ("forum:edit_post", "get"): Rule(**_AUTHOR_ONLY),
    ("forum:edit_post", "post"): Rule(**_AUTHOR_ONLY, method="post"),
    ("forum:delete_post", "get"): Rule(**_AUTHOR_ONLY),
    ("forum:delete_post", "post"): Rule(**_AUTHOR_ONLY, method="post"),
    ("forum:react", "post"): Rule(**_MEMBERS, method="post"),
    ("forum:waiting", "get"): Rule(**_ANYONE),
    ("forum:search", "get"): Rule(**_ANYONE),
    ("forum:healthz", "get"): Rule(**_ANYONE),
    ("forum:guidelines", "get"): Rule(**_ANYONE),
    ("forum:privacy", "get"): Rule(**_ANYONE),
    ("forum:terms", "get"): Rule(**_ANYONE),
    ("forum:safety", "get"): Rule(**_ANYONE),
}
