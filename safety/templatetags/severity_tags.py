"""Severity questions for templates, which get stored severities as plain strings (from a model
field or the session) and cannot call `Severity(...)` themselves."""

from django import template

from safety.severity import SEVERITIES, Severity

register = template.Library()


@register.filter
def touches_on_crisis(severity) -> bool:
    """Low or above; an empty or unknown value is not (a page never fails on one)."""
    return severity in SEVERITIES and Severity(severity).touches_on_crisis


@register.filter
def at_risk(severity) -> bool:
    """High or imminent; an empty or unknown value is not."""
    return severity in SEVERITIES and Severity(severity).at_risk
