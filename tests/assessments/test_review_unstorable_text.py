"""The reviewers' forms refuse text no database can store with a form error (issue 10, finding 6)."""

import pytest

from assessments.review_forms import ReviewForm, WrittenAnswerForm
from course.cleaning import UNSTORABLE_MESSAGE
from tests.malformed import NUL, SURROGATE

CRITERIA = [{"id": "c1", "title": "Анализ", "max_points": 4, "competency": "expert"}]


@pytest.mark.parametrize("bad", [SURROGATE, NUL])
def test_the_review_form_refuses_it_in_the_feedback_and_the_scores(bad):
    form = ReviewForm(CRITERIA, {"feedback": bad, "decision": "accepted", "score-c1": f"2{bad}"})
    assert not form.is_valid()
    assert form.errors["feedback"] == [str(UNSTORABLE_MESSAGE)]
    assert form.errors["score-c1"]


@pytest.mark.parametrize("bad", [SURROGATE, NUL])
def test_the_written_answer_form_refuses_it(bad):
    form = WrittenAnswerForm(2, {"points": "1", "feedback": bad})
    assert not form.is_valid()
    assert form.errors["feedback"] == [str(UNSTORABLE_MESSAGE)]
