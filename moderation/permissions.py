"""Who may do what with moderation: one table, enforced by `guard` and walked by the tests.

Roles: "visitor" (not logged in); "member"; "author", the member a URL is about (the author of
the post, the recipient of the note, the member under a sanction); "moderator" (a peer
moderator); "administrator" (a superuser). Refusals carry no content: visitors are sent to
log in, others get an empty 403, or a 404 where even saying "not yours" would tell something
(someone else's notes).
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

VISITOR, MEMBER, AUTHOR, MODERATOR, ADMINISTRATOR = (
    "visitor",
    "member",
    "author",
    "moderator",
    "administrator",
)
ROLES = (VISITOR, MEMBER, AUTHOR, MODERATOR, ADMINISTRATOR)

ALLOW = "allow"
LOGIN = "login"  # sent to log in first
DENY = "deny"  # 403, no content
HIDDEN = "hidden"  # 404: not even its existence is confirmed

POST, NOTE, SANCTION = "post", "note", "sanction"


@dataclass(frozen=True)
class Rule:
    visitor: str
    member: str
    author: str
    moderator: str
    administrator: str
    method: str = "get"  # how the tests knock: "get" or "post"
    about: str | None = None  # what the URL's id names: POST, NOTE or SANCTION

    def outcome(self, role: str) -> str:
        return getattr(self, role)


_MODERATORS = {
    "visitor": LOGIN,
    "member": DENY,
    "author": DENY,  # nobody moderates their own post
    "moderator": ALLOW,
    "administrator": ALLOW,
}
_ADMINISTRATORS = {**_MODERATORS, "moderator": DENY}
_MEMBERS = {
    "visitor": LOGIN,
    "member": ALLOW,
    "author": ALLOW,
    "moderator": ALLOW,
    "administrator": ALLOW,
}
_OTHERS_POSTS = {**_MEMBERS, "author": DENY}
_RECIPIENT_ONLY = {
    "visitor": LOGIN,
    "member": HIDDEN,
    "author": ALLOW,
    "moderator": HIDDEN,
    "administrator": HIDDEN,
}

# The moderators' actions on a post, each a POST to /moderation/posts/<id>/<slug>/.
ACTION_SLUGS = (
    "claim",
    "release",
    "approve",
    "keep",
    "hide",
    "restore",
    "edit",
    "warn",
    "lock",
    "hide-thread",
    "escalate",
    "note",
    "sanction",
    "judge",
)


def action_url_name(slug: str) -> str:
    return f"moderation:{slug.replace('-', '_')}"


RULES: dict[str, Rule] = {
    "moderation:queue": Rule(**_MODERATORS),
    "moderation:dashboard": Rule(**_MODERATORS),
    "moderation:review": Rule(**_MODERATORS, about=POST),
    **{
        action_url_name(slug): Rule(**_MODERATORS, method="post", about=POST)
        for slug in ACTION_SLUGS
    },
    "moderation:start_break": Rule(**_MODERATORS, method="post"),
    "moderation:end_break": Rule(**_MODERATORS, method="post"),
    "moderation:lift_sanction": Rule(**_MODERATORS, method="post", about=SANCTION),
    "moderation:audit": Rule(**_ADMINISTRATORS),
    "moderation:report": Rule(**_OTHERS_POSTS, about=POST),
    "moderation:inbox": Rule(**_MEMBERS),
    "moderation:read_note": Rule(**_RECIPIENT_ONLY, about=NOTE),
}


def _owner_of(about: str, object_id: int) -> int | None:
    """The member the URL is about; Http404 if the object does not exist."""
    from forum.models import Post
    from moderation.models import Note, Sanction

    model, field = {
        POST: (Post, "author_id"),
        NOTE: (Note, "recipient_id"),
        SANCTION: (Sanction, "member_id"),
    }[about]
    owner = model.objects.filter(pk=object_id).values_list(field, flat=True)
    if not owner:
        raise Http404
    return owner[0]


def role_of(user, owner_id: int | None = None) -> str:
    if not user.is_authenticated:
        return VISITOR
    if owner_id is not None and owner_id == user.pk:
        return AUTHOR
    if user.is_superuser:
        return ADMINISTRATOR
    return MODERATOR if user.is_moderator else MEMBER


def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_superuser


def guard(url_name: str):
    """Enforce the table's row for `url_name` before the view runs."""
    rule = RULES[url_name]

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            outcome = rule.outcome(role_of(request.user))
            # Look the object up only when being its author would change the answer, so a
            # member knocking on moderators' URLs learns nothing, not even which ids exist.
            if rule.about is not None and outcome != rule.author:
                owner = _owner_of(rule.about, kwargs[f"{rule.about}_id"])
                outcome = rule.outcome(role_of(request.user, owner))
            if outcome == LOGIN:
                return redirect_to_login(request.get_full_path())
            if outcome == DENY:
                raise PermissionDenied
            if outcome == HIDDEN:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
