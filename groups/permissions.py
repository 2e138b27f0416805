"""Who may use each group-session URL: one table of core.permissions rules, enforced by `guard`
and walked by tests/groups/test_group_permissions.py.

Roles, most specific first: "facilitator" (runs the session the URL names), "participant"
(holds or held a place in the room: joined, or left and reading back), "moderator",
"supporter" (a granted, active peer supporter), "member" (signed in; waiting-list and removed
members are members here), "visitor". Outcomes: ALLOW, LOGIN, DENY (403).
"""

from functools import wraps

from django.http import Http404, HttpResponseNotAllowed

from core.permissions import ALLOW, DENY, LOGIN, Rule, make_guard
from groups.models import GroupSession, Participant, ParticipantState

VISITOR, MEMBER, PARTICIPANT = "visitor", "member", "participant"
SUPPORTER, FACILITATOR, MODERATOR = "supporter", "facilitator", "moderator"
ROLES = (VISITOR, MEMBER, PARTICIPANT, SUPPORTER, FACILITATOR, MODERATOR)


def _outcomes(*, visitor: str = LOGIN, others: str, **roles: str) -> dict[str, str]:
    return {VISITOR: visitor} | {role: roles.get(role, others) for role in ROLES[1:]}


ANYONE = _outcomes(visitor=ALLOW, others=ALLOW)
# Members take places; the facilitator is always in and never takes one.
PLACE_TAKERS = _outcomes(others=ALLOW, facilitator=DENY)
ORGANISERS = _outcomes(others=DENY, supporter=ALLOW, facilitator=ALLOW, moderator=ALLOW)
THE_ROOM = _outcomes(others=DENY, participant=ALLOW, facilitator=ALLOW)
RUNS_IT = _outcomes(others=DENY, facilitator=ALLOW, moderator=ALLOW)
FACILITATOR_ONLY = _outcomes(others=DENY, facilitator=ALLOW)
PARTICIPANTS_ONLY = _outcomes(others=DENY, participant=ALLOW)

RULES: dict[tuple[str, str], Rule] = {
    ("groups:list", "get"): Rule(**ANYONE),
    ("groups:zone", "post"): Rule(**ANYONE, method="post"),
    ("groups:new", "get"): Rule(**ORGANISERS),
    ("groups:new", "post"): Rule(**ORGANISERS, method="post"),
    ("groups:mine", "get"): Rule(**ORGANISERS),
    ("groups:session", "get"): Rule(**ANYONE),
    # The room's message form; the room decides what a participant may say.
    ("groups:session", "post"): Rule(**THE_ROOM, method="post"),
    ("groups:join", "post"): Rule(**PLACE_TAKERS, method="post"),
    ("groups:leave", "post"): Rule(**PLACE_TAKERS, method="post"),
    ("groups:helped", "post"): Rule(**PARTICIPANTS_ONLY, method="post"),
    ("groups:debrief", "get"): Rule(**FACILITATOR_ONLY),
    ("groups:debrief", "post"): Rule(**FACILITATOR_ONLY, method="post"),
    ("groups:edit", "get"): Rule(**RUNS_IT),
    ("groups:edit", "post"): Rule(**RUNS_IT, method="post"),
    ("groups:cancel", "post"): Rule(**RUNS_IT, method="post"),
    ("groups:stop_series", "post"): Rule(**RUNS_IT, method="post"),
}
URL_NAMES = {name for name, _ in RULES}

_IN_THE_ROOM = (ParticipantState.JOINED, ParticipantState.LEFT)


def role_of(user, session_id: int | None = None) -> str:
    """The request's role; for a URL naming a session, Http404 when there is no such session."""
    if session_id is not None:
        facilitator_id = (
            GroupSession.objects.filter(pk=session_id).values_list("facilitator_id", flat=True)
        ).first()
        if facilitator_id is None:
            raise Http404
    if not user.is_authenticated:
        return VISITOR
    if session_id is not None:
        if facilitator_id == user.pk:
            return FACILITATOR
        if Participant.objects.filter(
            session_id=session_id, member=user, state__in=_IN_THE_ROOM
        ).exists():
            return PARTICIPANT
    if user.is_moderator:
        return MODERATOR
    if user.is_peer_supporter:
        return SUPPORTER
    return MEMBER


def _role_for(request, rule, view_kwargs) -> str:
    return role_of(request.user, view_kwargs.get("session_id"))


_GUARDS = {
    method: make_guard(
        {name: rule for (name, m), rule in RULES.items() if m == method}, role_for=_role_for
    )
    for method in ("get", "post")
}


def guard(url_name: str):
    """Check the table before the view runs, for the request's method; a method the table
    does not list for this URL gets 405."""

    def decorate(view):
        guarded = {
            method: _GUARDS[method](url_name)(view)
            for method in ("get", "post")
            if (url_name, method) in RULES
        }
        allowed = [method.upper() for method in guarded]

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            method = "get" if request.method == "HEAD" else request.method.lower()
            handler = guarded.get(method)
            if handler is None:
                return HttpResponseNotAllowed(allowed)
            return handler(request, *args, **kwargs)

        return wrapper

    return decorate
