import pytest

from supporters import services
from supporters.training import PARTS


def right_answers(part) -> dict:
    return {q.key: next(c.key for c in q.choices if c.correct) for q in part.questions}


def pass_training(member) -> None:
    for part in PARTS:
        assert services.answer_training_part(
            member=member, part=part, answers=right_answers(part)
        ).passed


@pytest.fixture
def supporter(make_member):
    helper = make_member("SteadyWren5")
    services.grant_supporter_role(member=helper, via="test")
    return helper


@pytest.fixture
def waiting_application(member):
    outcome = services.submit_application(
        member=member, why="I came through a long depression and want to give back."
    )
    pass_training(member)
    outcome.application.refresh_from_db()
    return outcome.application
