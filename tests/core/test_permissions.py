"""core.permissions: the one rule shape and guard factory the apps' tables use."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from core.permissions import ALLOW, DENY, HIDDEN, LOGIN, NAMED_MEMBER, Rule, make_guard

RULES = {
    "open": Rule(visitor=ALLOW, member=ALLOW),
    "members": Rule(visitor=LOGIN, member=ALLOW, method="post"),
    "closed": Rule(visitor=DENY, member=DENY),
    "secret": Rule(visitor=HIDDEN, member=HIDDEN),
    "odd": Rule(visitor="elsewhere", member=ALLOW),
}


def _view(request):
    return HttpResponse("the page")


def _as_visitor(request, rule, view_kwargs):
    return "visitor"


guard = make_guard(
    RULES, role_for=_as_visitor, answers={"elsewhere": lambda request: HttpResponse(status=418)}
)


def test_a_rule_reads_like_its_table_row():
    rule = RULES["members"]
    assert (rule.visitor, rule.member, rule.method, rule.about) == (LOGIN, ALLOW, "post", None)
    assert rule.outcome("member") == ALLOW
    assert not rule.names_member and Rule(member=ALLOW, about=NAMED_MEMBER).names_member


def test_a_role_the_table_does_not_name_is_an_error_not_a_default():
    with pytest.raises(AttributeError):
        RULES["open"].moderator
    with pytest.raises(KeyError):
        RULES["open"].outcome("moderator")


def test_the_guard_runs_the_view_only_when_the_rule_allows_it():
    request = RequestFactory().get("/somewhere/?page=2")
    assert guard("open")(_view)(request).content == b"the page"
    sent = guard("members")(_view)(request)
    assert sent.status_code == 302 and sent["Location"].endswith("next=/somewhere/%3Fpage%3D2")
    with pytest.raises(PermissionDenied):
        guard("closed")(_view)(request)
    with pytest.raises(Http404):
        guard("secret")(_view)(request)
    assert guard("odd")(_view)(request).status_code == 418
