"""The grading rules: every question type, partial credit, review of short answers and robustness to junk answers."""

import re
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import (
    COMPETENCY_CODES,
    AttemptGrade,
    CompetencyScore,
    Evidence,
    MultipleChoiceRule,
    Option,
    Question,
    QuestionKind,
    QuestionScore,
    competency_levels,
    evaluate_pass,
    grade_attempt,
    rubric_points,
    score_question,
    weakest_competencies,
)

RIGHT, WRONG = Option(correct=True), Option()


@pytest.fixture(autouse=True)
def _english():
    """The rules' messages are checked in English here, whatever the site's default language (Russian)."""
    with translation.override("en"):
        yield


def single(points=2, competency="expert", qid="q1"):
    return Question(qid, QuestionKind.SINGLE_CHOICE, competency, points, (WRONG, RIGHT, WRONG))


def multiple(points=4, rule=MultipleChoiceRule.PARTIAL, competency="expert", qid="m1"):
    # Options 0, 1 and 3 are correct; 2 and 4 are not.
    return Question(qid, QuestionKind.MULTIPLE_CHOICE, competency, points, (RIGHT, RIGHT, WRONG, RIGHT, WRONG), rule)


def situational(points=10, competency="communicative", qid="s1"):
    options = (Option(credit=100), Option(credit=50), Option(credit=0), Option(credit=150), Option(credit=-20))
    return Question(qid, QuestionKind.SITUATIONAL, competency, points, options)


def likert(competency="expert", qid="l1"):
    return Question(qid, QuestionKind.LIKERT, competency)


def short(points=5, competency="research", qid="t1"):
    return Question(qid, QuestionKind.SHORT_ANSWER, competency, points, max_length=500)


# Single choice


def test_single_choice_right_option_earns_full_points():
    assert score_question(single(), 1) == QuestionScore(earned=2, possible=2)


def test_single_choice_wrong_option_earns_nothing_but_counts_as_answered():
    assert score_question(single(), 0) == QuestionScore(earned=0, possible=2, answered=True)


@pytest.mark.parametrize("answer", ["1", " 1 ", 1.0])
def test_single_choice_accepts_numeric_strings_and_integral_floats(answer):
    assert score_question(single(), answer).earned == 2


@pytest.mark.parametrize("answer", [None, "", "one", "1.5", 1.5, -1, 3, 10**100, True, [1], {"index": 1}, "١"])
def test_single_choice_malformed_answer_is_unanswered(answer):
    assert score_question(single(), answer) == QuestionScore(earned=0, possible=2, answered=False)


def test_question_kind_may_be_given_as_plain_string():
    question = Question("q", "single_choice", "expert", 2, (WRONG, RIGHT))
    assert score_question(question, 1).earned == 2


# Multiple choice


def test_multiple_choice_exactly_the_correct_options_earn_full_points():
    assert score_question(multiple(), [0, 1, 3]) == QuestionScore(earned=4, possible=4)


def test_multiple_choice_partial_credit_for_some_correct_options():
    assert score_question(multiple(points=3), [0, 1]).earned == 2


def test_multiple_choice_right_minus_wrong():
    # 2 right, 1 wrong out of 3 correct: (2 - 1) / 3 of 4 points.
    assert score_question(multiple(), [0, 1, 2]).earned == 1.33


def test_multiple_choice_never_below_zero():
    assert score_question(multiple(), [2, 4]) == QuestionScore(earned=0, possible=4)
    assert score_question(multiple(), [0, 2, 4]).earned == 0


def test_multiple_choice_ticking_everything_earns_nothing():
    assert score_question(multiple(), [0, 1, 2, 3, 4]).earned == 0


def test_multiple_choice_ticking_everything_is_right_when_every_option_is_correct():
    question = Question("m", QuestionKind.MULTIPLE_CHOICE, "expert", 2, (RIGHT, RIGHT))
    assert score_question(question, [0, 1]).earned == 2


def test_multiple_choice_ignores_duplicates_junk_and_out_of_range_indices():
    assert score_question(multiple(), [0, "1", 1, 1, "3", 99, -1, None, "x", [2], True]).earned == 4


@pytest.mark.parametrize("answer", [None, [], [99], "0,1", 0, {"0": True}])
def test_multiple_choice_without_valid_selection_is_unanswered(answer):
    assert score_question(multiple(), answer) == QuestionScore(earned=0, possible=4, answered=False)


def test_multiple_choice_all_or_nothing():
    question = multiple(rule=MultipleChoiceRule.ALL_OR_NOTHING)
    assert score_question(question, [3, 1, 0]).earned == 4
    assert score_question(question, [0, 1]).earned == 0
    assert score_question(question, [0, 1, 3, 4]).earned == 0
    assert score_question(question, [0, 1, 2, 3, 4]).earned == 0


def test_multiple_choice_without_correct_options_earns_nothing():
    question = Question("m", QuestionKind.MULTIPLE_CHOICE, "expert", 2, (WRONG, WRONG))
    assert score_question(question, [0]).earned == 0


def test_partial_credit_is_rounded_to_two_decimals():
    question = Question("m", QuestionKind.MULTIPLE_CHOICE, "expert", 1, (RIGHT, RIGHT, RIGHT, WRONG))
    assert score_question(question, [0]).earned == 0.33


# Situational


@pytest.mark.parametrize(("answer", "earned"), [(0, 10), (1, 5), ("2", 0)])
def test_situational_earns_the_credit_of_the_chosen_option(answer, earned):
    assert score_question(situational(), answer) == QuestionScore(earned=earned, possible=10)


def test_situational_credit_is_clamped_to_0_100_percent():
    assert score_question(situational(), 3).earned == 10
    assert score_question(situational(), 4).earned == 0


def test_situational_malformed_answer_is_unanswered():
    assert score_question(situational(), "best") == QuestionScore(earned=0, possible=10, answered=False)


# Likert self-assessment


def test_likert_is_not_scored():
    assert score_question(likert(), 5) == QuestionScore(earned=0, possible=0)
    assert score_question(likert(), 9) == QuestionScore(earned=0, possible=0, answered=False)


def test_self_assessment_is_averaged_per_competency_and_shown_separately():
    questions = [likert("expert", "l1"), likert("expert", "l2"), likert("project", "l3"), likert("managerial", "l4")]
    grade = grade_attempt(questions, {"l1": 5, "l2": "2", "l3": 1, "l4": 0})
    # expert: (100 + 25) / 2; project: 0; managerial was not answered validly.
    assert grade.self_assessment == {"expert": 62.5, "project": 0.0}
    assert grade.possible == 0
    assert grade.percent is None
    assert all(score.level is None for score in grade.competencies.values())


def test_likert_never_changes_competency_levels():
    questions = [single(competency="expert")]
    without = grade_attempt(questions, {"q1": 1})
    with_likert = grade_attempt([*questions, likert("expert", "l1")], {"q1": 1, "l1": 1})
    assert with_likert.competencies == without.competencies
    assert with_likert.competencies["expert"].level == 100
    assert with_likert.self_assessment == {"expert": 0.0}


# Short answers


def test_short_answer_without_review_is_pending_and_left_out():
    grade = grade_attempt([single(), short()], {"q1": 1, "t1": "Наставник — это…"})
    assert grade.questions["t1"] == QuestionScore(earned=0, possible=0, pending=True)
    assert grade.pending_review
    assert (grade.earned, grade.possible, grade.percent) == (2, 2, 100)
    assert grade.competencies["research"].level is None


def test_short_answer_reviewed():
    grade = grade_attempt([single(), short()], {"q1": 1, "t1": "ответ"}, {"t1": 3.5})
    assert grade.questions["t1"] == QuestionScore(earned=3.5, possible=5)
    assert not grade.pending_review
    assert grade.competencies["research"] == CompetencyScore(earned=3.5, possible=5)
    assert grade.competencies["research"].level == 70
    assert grade.percent == 78.6


@pytest.mark.parametrize(("manual", "earned"), [(7, 5), (-1, 0), (2.345, 2.35), (Decimal("1.5"), 1.5)])
def test_manual_points_are_clamped(manual, earned):
    assert score_question(short(), "ответ", manual).earned == earned


@pytest.mark.parametrize("manual", [None, float("nan"), float("inf"), "3", True])
def test_unusable_manual_points_leave_the_answer_pending(manual):
    assert score_question(short(), "ответ", manual).pending


@pytest.mark.parametrize("answer", ["", "   \n", None, 42, ["text"]])
def test_blank_short_answer_is_not_pending_and_scores_zero(answer):
    score = score_question(short(), answer)
    assert score == QuestionScore(earned=0, possible=5, pending=False, answered=False)
    grade = grade_attempt([short()], {"t1": answer})
    assert not grade.pending_review
    assert grade.competencies["research"].level == 0


def test_manual_points_ignored_for_automatically_scored_questions():
    assert score_question(single(), 0, 2).earned == 0


# Whole attempts


def test_grade_attempt_totals_and_competencies():
    questions = [single(competency="expert"), multiple(competency="expert"), situational(competency="communicative")]
    grade = grade_attempt(questions, {"q1": 1, "m1": [0, 1, 2], "s1": 1})
    assert isinstance(grade, AttemptGrade)
    assert grade.earned == 8.33
    assert grade.possible == 16
    assert grade.percent == 52.1
    assert grade.competencies["expert"] == CompetencyScore(earned=3.33, possible=6)
    assert grade.competencies["expert"].level == 55.5
    assert grade.competencies["communicative"].level == 50
    assert set(grade.competencies) == set(COMPETENCY_CODES)
    assert grade.competencies["project"].level is None


def test_earned_sums_have_no_float_noise():
    questions = [
        Question(f"s{i}", QuestionKind.SITUATIONAL, "communicative", 1, (Option(credit=10),)) for i in range(3)
    ]
    grade = grade_attempt(questions, {"s0": 0, "s1": 0, "s2": 0})
    assert grade.earned == 0.3
    assert grade.competencies["communicative"].earned == 0.3


def test_missing_answers_count_as_unanswered():
    grade = grade_attempt([single(), multiple()], {})
    assert grade.earned == 0
    assert grade.possible == 6
    assert not any(score.answered for score in grade.questions.values())


@pytest.mark.parametrize("answers", [None, [], "answers", 3])
def test_malformed_answers_container_counts_as_no_answers(answers):
    assert grade_attempt([single()], answers).possible == 2


def test_duplicate_question_ids_are_a_content_error():
    with pytest.raises(ValueError, match="q1"):
        grade_attempt([single(), single()], {})


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from(["0", "1", "2", " 3 ", "-1", "1e3", "99999999999"]),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)
all_questions = [
    single(),
    multiple(),
    multiple(rule=MultipleChoiceRule.ALL_OR_NOTHING),
    situational(),
    likert(),
    short(),
]


@given(answer=json_values, manual=st.none() | st.floats() | st.integers())
def test_any_json_answer_scores_without_raising(answer, manual):
    for question in all_questions:
        score = score_question(question, answer, manual)
        assert 0 <= score.earned <= question.points
        assert score.possible in (0, question.points)


@given(answers=st.dictionaries(st.sampled_from(["q1", "m1", "s1", "l1", "t1", "x"]), json_values))
def test_any_json_answers_grade_without_raising(answers):
    grade = grade_attempt([single(), multiple(), situational(), likert(), short()], answers)
    assert 0 <= grade.earned <= grade.possible <= 21
    for value in grade.self_assessment.values():
        assert 0 <= value <= 100


# Passing


def make_grade(levels, pending=False):
    """A grade whose competencies have the given levels out of 10 points each."""
    return AttemptGrade(
        questions={code: QuestionScore(level / 10, 10) for code, level in levels.items()},
        competencies={code: CompetencyScore(level / 10, 10) for code, level in levels.items()},
        self_assessment={},
        pending_review=pending,
    )


def test_evaluate_pass_all_requirements_met():
    grade = make_grade({"expert": 80, "communicative": 60})
    result = evaluate_pass(grade, {"expert": 70, "communicative": 60}, 70)
    assert result.passed
    assert result.overall_ok
    assert result.failed_competencies == ()


def test_evaluate_pass_failed_competency_fails_despite_overall():
    grade = make_grade({"expert": 100, "communicative": 50})
    result = evaluate_pass(grade, {"communicative": 60, "expert": 60}, 70)
    assert result.overall_ok
    assert not result.passed
    assert result.failed_competencies == ("communicative",)


def test_evaluate_pass_failed_competencies_in_model_order():
    grade = make_grade({"expert": 10, "communicative": 10, "project": 10})
    result = evaluate_pass(grade, {"project": 50, "expert": 50, "communicative": 50}, 0)
    assert result.failed_competencies == ("expert", "communicative", "project")


def test_evaluate_pass_overall_below_required():
    result = evaluate_pass(make_grade({"expert": 65}), {}, 70)
    assert not result.overall_ok
    assert not result.passed


def test_competency_not_in_attempt_is_not_a_failure():
    grade = grade_attempt([single(competency="expert")], {"q1": 1})
    result = evaluate_pass(grade, {"expert": 60, "research": 60, "unknown": 60}, 60)
    assert result.passed


def test_pending_review_has_not_passed_yet():
    result = evaluate_pass(make_grade({"expert": 100}, pending=True), {"expert": 50}, 50)
    assert result.overall_ok
    assert not result.passed


def test_attempt_with_nothing_scored_is_not_failed_overall():
    grade = grade_attempt([likert()], {"l1": 3})
    assert evaluate_pass(grade, {"expert": 50}, 70) == evaluate_pass(grade, {}, 0)
    assert evaluate_pass(grade, {}, 70).passed


# Competency levels over all evidence


def test_competency_levels_are_weighted_by_points():
    evidence = [
        Evidence("expert", earned=2, possible=2),  # a small question, 100 %
        Evidence("expert", earned=9, possible=18),  # a big case, 50 %
        Evidence("communicative", earned=1, possible=3),
    ]
    levels = competency_levels(evidence)
    assert levels == {"expert": 55.0, "communicative": 33.3, "managerial": None, "research": None, "project": None}
    assert list(levels) == list(COMPETENCY_CODES)


def test_competency_levels_skip_empty_evidence_and_clamp():
    evidence = [Evidence("research", 0, 0), Evidence("project", 12, 10), Evidence("managerial", 0, 4)]
    levels = competency_levels(evidence)
    assert levels["research"] is None
    assert levels["project"] == 100
    assert levels["managerial"] == 0


def test_competency_levels_without_evidence():
    assert competency_levels([]) == dict.fromkeys(COMPETENCY_CODES)


# Rubric points


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, 0),
        (10, 10),
        (3.5, 3.5),
        ("3.5", 3.5),
        ("3,5", 3.5),
        (" 7 ", 7),
        ("4.0", 4),
        (Decimal("2.5"), 2.5),
        ("-0", 0),
    ],
)
def test_rubric_points_accepts_numbers_in_range_in_half_steps(score, expected):
    assert rubric_points(score, 10) == expected


@pytest.mark.parametrize(
    "score",
    [-1, 10.5, 11, "11", "-1", 3.25, "3.3", "abc", "1e1", "nan", "inf", float("nan"), None, True, [3], 10**400],
)
def test_rubric_points_rejects_out_of_range_and_non_numeric(score):
    with pytest.raises(ValueError, match="0 to 10"):
        rubric_points(score, 10)


def test_rubric_points_asks_for_a_score_when_blank():
    with pytest.raises(ValueError, match="Enter the points"):
        rubric_points("  ", 10)


def test_rubric_points_messages_are_in_the_active_language():
    with translation.override("ru"):
        invalid = gettext("Enter a number of points from 0 to %(max)s in steps of 0.5.") % {"max": 10}
        blank = gettext("Enter the points for this criterion.")
        with pytest.raises(ValueError, match=re.escape(invalid)):
            rubric_points("11", 10)
        with pytest.raises(ValueError, match=re.escape(blank)):
            rubric_points("  ", 10)
    # Reviewers on the Russian-first site read Russian.
    assert invalid == "Введите число баллов от 0 до 10 с шагом 0,5."


# Bands and recommendations


def test_weakest_competencies_lowest_first():
    levels = {"expert": 80, "communicative": 40, "managerial": 60, "research": None, "project": 20}
    assert weakest_competencies(levels) == ["project", "communicative"]
    assert weakest_competencies(levels, count=4) == ["project", "communicative", "managerial", "expert"]


def test_weakest_competencies_ties_follow_model_order():
    levels = {"project": 50, "research": 50, "expert": 50, "communicative": 70}
    assert weakest_competencies(levels, count=3) == ["expert", "research", "project"]


def test_weakest_competencies_all_unknown():
    assert weakest_competencies(dict.fromkeys(reversed(COMPETENCY_CODES))) == ["expert", "communicative"]
    assert weakest_competencies({}) == []
    assert weakest_competencies({"expert": 10}, count=0) == []
