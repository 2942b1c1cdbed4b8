"""The evidence policy as plain functions: grading methods, the review options matrix, bands and sources."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from assessments import policy
from assessments.models import EvidenceSource
from assessments.scoring import CompetencyScore, evaluate_pass

LEVELS = dict.fromkeys(policy.CODES, 50)


def outcome(number, percent, passed, expert=(5.0, 10.0)):
    return policy.Outcome({"expert": expert}, percent, passed, number)


ATTEMPTS = [outcome(1, 40.0, False, (4, 10)), outcome(2, 80.0, True, (8, 10)), outcome(3, 55.0, False, (6, 10))]


@pytest.mark.parametrize(
    ("method", "number", "passed"),
    [("highest", 2, True), ("latest", 3, False), ("first", 1, False)],
)
def test_grading_methods_pick_the_attempt_that_counts(method, number, passed):
    counted = policy.counted_outcome(ATTEMPTS, method, LEVELS, 60)
    assert (counted.number, counted.passed) == (number, passed)


def test_highest_prefers_a_passed_attempt_to_a_higher_failed_one():
    failed_higher = outcome(1, 90.0, False)
    passed_lower = outcome(2, 70.0, True)
    assert policy.counted_outcome([failed_higher, passed_lower], "highest", LEVELS, 60).number == 2


def test_average_averages_points_and_percent_and_passes_by_the_same_rule():
    counted = policy.counted_outcome(ATTEMPTS, "average", LEVELS, 60)
    assert counted.competencies["expert"] == (6.0, 10.0)
    assert counted.percent == 58.3
    assert counted.passed is False  # 58.3 % overall is under 60
    assert policy.counted_outcome(ATTEMPTS, "average", LEVELS, 55).passed is True


def test_no_graded_attempt_counts_nothing():
    assert policy.counted_outcome([], "highest", LEVELS, 60) is None


def test_an_outcome_fails_a_competency_under_its_own_level():
    result = outcome(1, 90.0, True, (6, 10))
    assert policy.outcome_passes(result, LEVELS | {"expert": 70}, 60) is False
    assert policy.outcome_passes(result, LEVELS | {"expert": 60}, 60) is True


@pytest.mark.parametrize(
    ("percent", "expert", "overall", "passes"),
    [
        (60.0, (5.0, 10.0), 60, True),
        (59.9, (9.0, 10.0), 60, False),
        (90.0, (4.99, 10.0), 60, False),
        (None, (5, 10), 99, True),
    ],
)
def test_an_outcome_is_judged_by_the_attempts_own_pass_rule(percent, expert, overall, passes):
    """One rule (``scoring.judge_pass``): the grade that counts passes exactly when an attempt with the same points
    would, at the boundaries too (levels compared as shown, to one decimal)."""
    result = policy.Outcome({"expert": expert}, percent, False)
    # An ``AttemptGrade`` as the attempt's grading leaves it, with the percent of all its questions.
    grade = SimpleNamespace(percent=percent, competencies={"expert": CompetencyScore(*expert)}, pending_review=False)
    assert policy.outcome_passes(result, LEVELS, overall) is passes
    assert evaluate_pass(grade, LEVELS, overall).passed is passes


def page(correctness, answers, **extra):
    return SimpleNamespace(review_correctness=correctness, review_answers=answers, **extra)


# (moment, passed, attempts left) -> shown
MATRIX = [
    ("immediately", False, True, True),
    ("after_pass", False, True, False),
    ("after_pass", True, True, True),
    ("after_last", True, True, False),
    ("after_last", False, False, True),
    ("after_pass_or_last", False, True, False),
    ("after_pass_or_last", True, True, True),
    ("after_pass_or_last", False, False, True),
    ("never", True, False, False),
]


@pytest.mark.parametrize(("moment", "passed", "left", "shown"), MATRIX)
def test_review_options_matrix(moment, passed, left, shown):
    both = policy.review_visibility(page(moment, moment), submitted=True, passed=passed, attempts_left=left)
    assert both == policy.ReviewVisibility(shown, shown)


def test_nothing_is_reviewed_before_submission():
    visibility = policy.review_visibility(
        page("immediately", "immediately"), submitted=False, passed=True, attempts_left=False
    )
    assert visibility == policy.ReviewVisibility(False, False)


def test_module_test_defaults_show_correctness_at_once_and_answers_after_passing_or_the_last_attempt():
    module_test = page("immediately", "after_pass_or_last")
    failed_with_attempts = policy.review_visibility(module_test, submitted=True, passed=False, attempts_left=True)
    assert failed_with_attempts == policy.ReviewVisibility(correctness=True, answers=False)
    passed = policy.review_visibility(module_test, submitted=True, passed=True, attempts_left=True)
    assert passed == policy.ReviewVisibility(correctness=True, answers=True)


def test_the_wait_between_attempts():
    submitted = datetime(2026, 11, 1, 10, 0)
    assert policy.next_attempt_opens(SimpleNamespace(attempt_wait_hours=24), submitted) == submitted + timedelta(
        hours=24
    )
    assert policy.next_attempt_opens(SimpleNamespace(attempt_wait_hours=0), submitted) is None


@pytest.mark.parametrize(
    ("level", "expected"),
    [(None, "none"), (0, "not_yet"), (49.9, "not_yet"), (50, "basic"), (84.9, "advanced"), (85, "expert")],
)
def test_bands(level, expected):
    assert policy.band(level, (50, 70, 85)) == expected


def test_the_entry_diagnostic_and_self_assessment_never_count_towards_a_level():
    assert not policy.counts_towards_level(EvidenceSource.DIAGNOSTIC)
    assert not policy.counts_towards_level(EvidenceSource.SELF)
    assert all(
        policy.counts_towards_level(source)
        for source in (EvidenceSource.MODULE_TEST, EvidenceSource.FINAL, EvidenceSource.CASE)
    )


def test_competency_labels_come_from_the_one_list_of_codes():
    assert policy.CODES == ("expert", "communicative", "managerial", "research", "project")
    assert policy.competency_label("unknown") == "unknown"
