"""Posts and threads say which state they are in, so templates never spell the stored string."""

import pytest

from forum.models import Post, Thread, Visibility

QUESTIONS = ("is_published", "is_held", "is_hidden", "is_deleted")


@pytest.mark.parametrize("model", [Post, Thread])
@pytest.mark.parametrize("state", list(Visibility))
def test_exactly_one_state_question_is_true_and_it_names_the_state(model, state):
    answers = {question: getattr(model(state=state), question) for question in QUESTIONS}
    assert answers == {question: question == f"is_{state.value}" for question in QUESTIONS}


def test_a_state_read_back_as_a_plain_string_answers_the_same():
    assert Post(state="held").is_held
    assert not Thread(state="published").is_hidden
