"""What a session says about itself is public, so it is scanned before anyone reads it: an
imminent plan or a failed scan is refused with the text kept; naming a hard topic is not."""

import pytest

from groups import services
from groups.models import GroupSession
from safety.services import Assessment
from tests.groups.test_editing import details
from tests.groups.test_scheduling import _form

pytestmark = pytest.mark.django_db

PLAN = "I am going to kill myself tonight, this is my last group."


def test_an_imminent_plan_in_a_new_session_is_refused_with_the_support_lines_and_text_kept(
    client, supporter, board
):
    client.force_login(supporter)
    response = client.post("/groups/new/", _form(board, description=PLAN))
    page = response.content.decode()
    assert response.status_code == 400
    assert "in danger right now" in page and "988" in page
    assert PLAN in page and 'value="Tuesday evening circle"' in page
    assert not GroupSession.objects.exists()


def test_an_imminent_plan_in_the_ground_rules_of_an_edit_is_refused_and_nothing_changes(
    client, session, supporter
):
    client.force_login(supporter)
    response = client.post(f"/groups/{session.pk}/edit/", details(session, ground_rules=PLAN))
    assert response.status_code == 400
    assert PLAN in response.content.decode()
    assert GroupSession.objects.get(pk=session.pk).ground_rules != PLAN


def test_a_failed_scan_publishes_nothing_and_asks_to_try_again(
    client, supporter, board, monkeypatch
):
    monkeypatch.setattr(
        services, "assess_text", lambda *a, **k: Assessment(severity="none", failed=True)
    )
    client.force_login(supporter)
    response = client.post("/groups/new/", _form(board, title="Keep my title"))
    assert response.status_code == 400
    assert "try again" in response.content.decode()
    assert not GroupSession.objects.exists()


def test_naming_a_hard_topic_is_what_sessions_are_for(client, supporter, board):
    client.force_login(supporter)
    response = client.post(
        "/groups/new/",
        _form(board, title="Self-harm recovery group", description="Urges, together."),
    )
    assert response.status_code in (302, 303)
    assert GroupSession.objects.get().title == "Self-harm recovery group"
