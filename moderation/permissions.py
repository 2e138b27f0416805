"""Who may do what with moderation: one table, enforced by `guard` and walked by the tests.

Roles: "visitor" (not logged in); "member"; "author", the member a URL is about (the author of
the post, the recipient of the note, the member under a sanction); "moderator" (a peer
moderator); "administrator" (a superuser). Refusals carry no content: visitors are sent to
log in, others get an empty 403, or a 404 where even saying "not yours" would tell something
(someone else's notes).
"""

from django.http import Http404

from core.permissions import ALLOW, DENY, HIDDEN, LOGIN, Rule, make_guard
from forum.models import Post
from moderation.models import Note, Sanction

VISITOR, MEMBER, AUTHOR, MODERATOR, ADMINISTRATOR = (
    "visitor",
    "member",
    "author",
    "moderator",
    "administrator",
)
ROLES = (VISITOR, MEMBER, AUTHOR, MODERATOR, ADMINISTRATOR)

POST, NOTE, SANCTION = "post", "note", "sanction"


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


def _role_for(request, rule: Rule, view_kwargs: dict) -> str:
    role = role_of(request.user)
    # Look the object up only when being its author would change the answer, so a member
    # knocking on moderators' URLs learns nothing, not even which ids exist (and a visitor is
    # sent to log in first).
    if role != VISITOR and rule.about is not None and rule.outcome(role) != rule.author:
        owner = _owner_of(rule.about, view_kwargs[f"{rule.about}_id"])
        role = role_of(request.user, owner)
    return role


guard = make_guard(RULES, role_for=_role_for)
