"""moderation.action_table: one row per action, and everything about an action comes from it."""

import inspect

from django.urls import resolve, reverse

from moderation import actions
from moderation.action_table import ACTIONS, ON_ANOTHER_MEMBERS_POST
from moderation.models import AuditAction
from moderation.permissions import RULES


def test_each_action_is_a_post_url_of_its_own_guarded_by_its_rule():
    assert len({action.slug for action in ACTIONS}) == len(ACTIONS) == 14
    for action in ACTIONS:
        name = f"moderation:{action.url_name}"
        path = reverse(name, args=[7])
        assert path == f"/moderation/posts/7/{action.slug}/"
        assert resolve(path).func.__name__ == action.url_name
        assert RULES[name] is action.permission is ON_ANOTHER_MEMBERS_POST


def test_each_action_names_the_audit_line_it_leaves():
    verbs = {action.slug: action.audit_verb for action in ACTIONS}
    assert set(verbs.values()) <= set(AuditAction.values)
    assert len(set(verbs.values())) == len(verbs)
    assert verbs["hide"] == AuditAction.POST_HIDDEN == actions.hide_post.audit_verb
    assert verbs["sanction"] == AuditAction.SANCTION_ISSUED
    assert verbs["judge"] == AuditAction.ITEM_JUDGED


def _keywords_taken(service) -> set[str]:
    change = getattr(service, "__wrapped__", None)  # an action made by moderator_action
    if change is None:
        return set(inspect.signature(service).parameters)
    return set(inspect.signature(change).parameters) | {"version", "reason"}


def test_each_form_asks_only_for_what_its_service_takes():
    for action in ACTIONS:
        assert set(action.form_class.base_fields) <= _keywords_taken(action.service), action.slug
