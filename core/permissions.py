"""One shape for "who may use this URL", shared by the apps.

Each app keeps its own table, URL name -> `Rule` (an outcome for each of the app's roles), and
makes its `guard` decorator with `make_guard`, telling it how to work out a request's role.
config/authorization.py joins the tables so a test can check that no URL was forgotten.
Refusals carry no content: the outcome alone decides the answer.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from types import MappingProxyType

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

ALLOW = "allow"
LOGIN = "login"  # sent to log in first
DENY = "deny"  # 403, no content
HIDDEN = "hidden"  # 404: not even its existence is confirmed

# `about` for a URL that names a member (a profile): that member is told apart from the rest.
NAMED_MEMBER = "member"


@dataclass(frozen=True, init=False)
class Rule:
    """Who may use one URL: `Rule(visitor=LOGIN, member=ALLOW, ..., method="post")`.

    The roles are the app's own; `rule.<role>` reads like the table. `method` is how the tests
    knock; `about` names what the URL's argument points at when its owner counts as a role of
    their own (the author of a post, the member a profile shows).
    """

    outcomes: Mapping[str, str]
    method: str = "get"
    about: str | None = None

    def __init__(self, *, method: str = "get", about: str | None = None, **outcomes: str):
        object.__setattr__(self, "outcomes", MappingProxyType(outcomes))
        object.__setattr__(self, "method", method)
        object.__setattr__(self, "about", about)

    def outcome(self, role: str) -> str:
        return self.outcomes[role]

    def __getattr__(self, role: str) -> str:
        # Only called for names that are not fields: the roles.
        try:
            return self.__dict__["outcomes"][role]
        except KeyError:
            raise AttributeError(role) from None

    @property
    def names_member(self) -> bool:
        return self.about == NAMED_MEMBER


def send_to_login(request):
    return redirect_to_login(request.get_full_path())


def refuse(request):
    raise PermissionDenied


def hide(request):
    raise Http404


Answer = Callable[..., object]
RoleFor = Callable[..., str]


def make_guard(
    rules: Mapping[str, Rule], *, role_for: RoleFor, answers: Mapping[str, Answer] | None = None
) -> Callable[[str], Callable]:
    """An app's `guard(url_name)` decorator: before the view runs, it works out the request's
    role with `role_for(request, rule, view_kwargs)` and either runs the view (ALLOW) or gives
    the outcome's answer: LOGIN, DENY and HIDDEN as above, plus the app's own `answers`."""
    answer_for = {LOGIN: send_to_login, DENY: refuse, HIDDEN: hide, **(answers or {})}

    def guard(url_name: str):
        rule = rules[url_name]

        def decorate(view):
            @wraps(view)
            def wrapper(request, *args, **kwargs):
                outcome = rule.outcome(role_for(request, rule, kwargs))
                if outcome == ALLOW:
                    return view(request, *args, **kwargs)
                return answer_for[outcome](request)

            return wrapper

        return decorate

    return guard
