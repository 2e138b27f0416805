"""Who may do what with moderation: one table, enforced by `guard` and walked by the tests.
The roles and outcome sets are in moderation.access; the actions on a post bring their rules
from moderation.action_table.
"""

from django.http import Http404

from core.permissions import Rule, make_guard
from forum.models import Post
from moderation.access import (
    ADMINISTRATOR,
    ADMINISTRATORS,
    AUTHOR,
    MEMBER,
    MEMBERS,
    MODERATOR,
    MODERATORS,
    NOTE,
    OTHERS_POSTS,
    POST,
    RECIPIENT_ONLY,
    SANCTION,
    VISITOR,
)
from moderation.action_table import ACTIONS
from moderation.models import Note, Sanction

RULES: dict[str, Rule] = {
    "moderation:queue": Rule(**MODERATORS),
    "moderation:dashboard": Rule(**MODERATORS),
    "moderation:review": Rule(**MODERATORS, about=POST),
    **{f"moderation:{action.url_name}": action.permission for action in ACTIONS},
    "moderation:start_break": Rule(**MODERATORS, method="post"),
    "moderation:end_break": Rule(**MODERATORS, method="post"),
    "moderation:lift_sanction": Rule(**MODERATORS, method="post", about=SANCTION),
    "moderation:audit": Rule(**ADMINISTRATORS),
    "moderation:report": Rule(**OTHERS_POSTS, about=POST),
    "moderation:inbox": Rule(**MEMBERS),
    "moderation:read_note": Rule(**RECIPIENT_ONLY, about=NOTE),
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
