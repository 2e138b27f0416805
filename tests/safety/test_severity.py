"""Severity as one enum: its order, the questions the apps ask of it, and the template filters
that ask them of stored strings. No database."""

import json

import pytest
from django.template import Context, Template

from safety.severity import SEVERITIES, Severity, max_severity, severity_rank


def test_a_severity_is_its_stored_string():
    assert Severity.IMMINENT == "imminent"
    assert str(Severity.LOW) == "low"
    assert f"{Severity.HIGH}" == "high"
    assert json.dumps({"severity": Severity.NONE}) == '{"severity": "none"}'
    assert SEVERITIES == ("none", "low", "high", "imminent")


def test_ranks_rise_from_none_to_imminent():
    assert [s.rank for s in Severity] == [0, 1, 2, 3]
    assert [severity_rank(s) for s in SEVERITIES] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    "severity,threshold,expected",
    [
        (Severity.HIGH, Severity.HIGH, True),
        (Severity.IMMINENT, "high", True),
        (Severity.LOW, Severity.HIGH, False),
        (Severity.NONE, "none", True),
    ],
)
def test_at_least_compares_by_rank_not_by_spelling(severity, threshold, expected):
    assert severity.at_least(threshold) is expected


def test_only_high_and_imminent_are_at_risk():
    assert [s for s in Severity if s.at_risk] == [Severity.HIGH, Severity.IMMINENT]


def test_everything_but_none_touches_on_crisis():
    assert [s for s in Severity if not s.touches_on_crisis] == [Severity.NONE]


def test_the_most_severe_of_stored_strings_comes_back_as_a_severity():
    worst = max_severity("low", "imminent", "high")
    assert worst is Severity.IMMINENT
    assert max_severity("none") is Severity.NONE


def test_an_unknown_severity_is_refused_when_ranked_or_compared():
    with pytest.raises(ValueError, match="unknown severity 'severe'"):
        max_severity("low", "severe")
    with pytest.raises(ValueError, match="unknown severity 'risk'"):
        Severity.HIGH.at_least("risk")


@pytest.mark.parametrize(
    "stored,at_risk,touches",
    [
        ("none", False, False),
        ("low", False, True),
        ("high", True, True),
        ("imminent", True, True),
        ("", False, False),
        (None, False, False),
        ("severe", False, False),
    ],
)
def test_templates_ask_stored_severities_without_failing_on_odd_values(stored, at_risk, touches):
    template = Template(
        "{% load severity_tags %}"
        "{% if s|at_risk %}risk{% endif %}|{% if s|touches_on_crisis %}touches{% endif %}"
    )
    rendered = template.render(Context({"s": stored}))
    assert rendered == f"{'risk' if at_risk else ''}|{'touches' if touches else ''}"
