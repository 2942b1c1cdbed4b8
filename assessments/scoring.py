"""Grading of assessment attempts as pure functions: no models, no database, so the rules are easy to test and to
re-run when a reviewer changes a score or an author fixes a question.

Answers are the raw JSON values a browser posted. They can be anything, so nothing here raises on an answer: a
malformed answer is treated as no answer and earns 0 points.
"""

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext

from course.codes import CompetencyCode

COMPETENCY_CODES = tuple(CompetencyCode.values)
LIKERT_SCALE = range(1, 6)  # 1..5

# An option index has at most this many digits: longer strings are junk, and int() of a huge string is slow.
_MAX_INDEX_DIGITS = 6
_INDEX_RE = re.compile(rf"[0-9]{{1,{_MAX_INDEX_DIGITS}}}", re.ASCII)
_SCORE_RE = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)", re.ASCII)


class QuestionKind(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    SITUATIONAL = "situational"
    LIKERT = "likert"
    SHORT_ANSWER = "short_answer"


class MultipleChoiceRule(StrEnum):
    PARTIAL = "partial"
    ALL_OR_NOTHING = "all_or_nothing"


@dataclass(frozen=True)
class Option:
    """An answer option: `correct` for choice questions, `credit` (percent 0..100) for situational ones."""

    correct: bool = False
    credit: int = 0


@dataclass(frozen=True)
class Question:
    """What grading needs to know about a question; the text lives in the page content."""

    id: str
    kind: QuestionKind
    competency: str
    points: int = 0
    options: tuple[Option, ...] = ()
    rule: MultipleChoiceRule = MultipleChoiceRule.PARTIAL
    max_length: int = 0


@dataclass(frozen=True)
class QuestionScore:
    """The result of one question. A pending question (awaiting review) has earned = possible = 0."""

    earned: float
    possible: float
    pending: bool = False
    answered: bool = True


@dataclass(frozen=True)
class CompetencyScore:
    earned: float
    possible: float

    @property
    def level(self) -> float | None:
        """Percent of the possible points, or None when the attempt had nothing to say about the competency."""
        return _percent(self.earned, self.possible)


@dataclass(frozen=True)
class AttemptGrade:
    """Scores of an attempt. Self-assessment (Likert) is kept apart: it never counts towards competency levels."""

    questions: dict[str, QuestionScore]
    competencies: dict[str, CompetencyScore]
    self_assessment: dict[str, float]
    pending_review: bool

    @property
    def earned(self) -> float:
        return round(sum(score.earned for score in self.questions.values()), 2)

    @property
    def possible(self) -> float:
        return round(sum(score.possible for score in self.questions.values()), 2)

    @property
    def percent(self) -> float | None:
        return _percent(self.earned, self.possible)


@dataclass(frozen=True)
class PassResult:
    passed: bool
    failed_competencies: tuple[str, ...]
    overall_ok: bool


@dataclass(frozen=True)
class Evidence:
    """Points earned on one competency in one graded piece of work (a test attempt, a reviewed case study)."""

    competency: str
    earned: float
    possible: float


def _percent(earned: float, possible: float) -> float | None:
    if possible <= 0:
        return None
    return round(min(max(earned / possible * 100, 0.0), 100.0), 1)


def _as_index(value: object) -> int | None:
    """An integer from a JSON value: an int, an integral float or a string of ASCII digits; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        return int(text) if _INDEX_RE.fullmatch(text) else None
    return None


def _option_index(value: object, options: Sequence[Option]) -> int | None:
    index = _as_index(value)
    return index if index is not None and 0 <= index < len(options) else None


def _selected_indices(value: object, options: Sequence[Option]) -> set[int]:
    if not isinstance(value, list | tuple):
        return set()
    selected = (_option_index(item, options) for item in value)
    return {index for index in selected if index is not None}


def _manual(value: object) -> float | None:
    """A reviewer's points as a finite float, or None when there is no usable score yet."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        number = float(value)
    except (OverflowError, ValueError):
        return None
    return number if math.isfinite(number) else None


def score_question(question: Question, answer: object, manual_points: float | None = None) -> QuestionScore:
    """Score one answer. `manual_points` is a reviewer's score and only matters for short answers."""
    points = max(question.points, 0)
    kind = QuestionKind(question.kind)
    options = question.options

    if kind is QuestionKind.LIKERT:
        return QuestionScore(0.0, 0.0, answered=likert_value(answer) is not None)

    if kind is QuestionKind.SHORT_ANSWER:
        if not isinstance(answer, str) or not answer.strip():
            # Nothing to review: a blank answer simply earns nothing.
            return QuestionScore(0.0, float(points), answered=False)
        reviewed = _manual(manual_points)
        if reviewed is None:
            return QuestionScore(0.0, 0.0, pending=True)
        return QuestionScore(round(min(max(reviewed, 0.0), float(points)), 2) + 0.0, float(points))

    if kind is QuestionKind.MULTIPLE_CHOICE:
        selected = _selected_indices(answer, options)
        if not selected:
            return QuestionScore(0.0, float(points), answered=False)
        return QuestionScore(_multiple_choice_earned(question, selected, points), float(points))

    index = _option_index(answer, options)
    if index is None:
        return QuestionScore(0.0, float(points), answered=False)
    if kind is QuestionKind.SITUATIONAL:
        credit = min(max(options[index].credit, 0), 100)
        return QuestionScore(round(points * credit / 100, 2), float(points))
    return QuestionScore(float(points) if options[index].correct else 0.0, float(points))


def _multiple_choice_earned(question: Question, selected: set[int], points: int) -> float:
    """The course's rule: right answers minus wrong ones, never below zero, and ticking every option earns nothing
    (when at least one option is wrong) so that guessing everything is not rewarded. All-or-nothing questions give
    full points only for exactly the set of correct options."""
    correct = {index for index, option in enumerate(question.options) if option.correct}
    if not correct:
        return 0.0
    if MultipleChoiceRule(question.rule) is MultipleChoiceRule.ALL_OR_NOTHING:
        return float(points) if selected == correct else 0.0
    if len(selected) == len(question.options) and len(correct) < len(question.options):
        return 0.0
    right = len(selected & correct)
    wrong = len(selected - correct)
    return round(points * max(0.0, (right - wrong) / len(correct)), 2)


def likert_value(answer: object) -> int | None:
    """A Likert answer 1..5, or None when the answer is missing or malformed."""
    value = _as_index(answer)
    return value if value in LIKERT_SCALE else None


def grade_attempt(
    questions: Sequence[Question],
    answers: Mapping[str, object],
    manual_points: Mapping[str, float] | None = None,
) -> AttemptGrade:
    """Grade a whole attempt. Short answers without a reviewer's points are pending: they are left out of earned and
    possible until reviewed, and the attempt is marked `pending_review`."""
    if not isinstance(answers, Mapping):
        answers = {}
    if not isinstance(manual_points, Mapping):
        manual_points = {}
    scores: dict[str, QuestionScore] = {}
    earned = dict.fromkeys(COMPETENCY_CODES, 0.0)
    possible = dict.fromkeys(COMPETENCY_CODES, 0.0)
    likert: dict[str, list[int]] = {}
    for question in questions:
        if question.id in scores:
            raise ValueError(f"Duplicate question id {question.id!r}")
        answer = answers.get(question.id)
        score = score_question(question, answer, manual_points.get(question.id))
        scores[question.id] = score
        if QuestionKind(question.kind) is QuestionKind.LIKERT:
            value = likert_value(answer)
            if value is not None:
                likert.setdefault(question.competency, []).append(value)
            continue
        earned[question.competency] = earned.get(question.competency, 0.0) + score.earned
        possible[question.competency] = possible.get(question.competency, 0.0) + score.possible
    return AttemptGrade(
        questions=scores,
        competencies={code: CompetencyScore(round(earned[code], 2), round(possible[code], 2)) for code in earned},
        self_assessment={
            code: round(sum((value - 1) / 4 * 100 for value in values) / len(values), 1)
            for code, values in likert.items()
        },
        pending_review=any(score.pending for score in scores.values()),
    )


def evaluate_pass(
    grade: AttemptGrade, competency_levels_required: Mapping[str, int], overall_required: int
) -> PassResult:
    """The pass rule (``judge_pass``) applied to a graded attempt."""
    levels = {code: competency.level for code, competency in grade.competencies.items()}
    return judge_pass(
        grade.percent, levels, competency_levels_required, overall_required, pending_review=grade.pending_review
    )


def judge_pass(
    percent: float | None,
    levels: Mapping[str, float | None],
    competency_levels_required: Mapping[str, int],
    overall_required: int,
    *,
    pending_review: bool = False,
) -> PassResult:
    """The pass rule, the one every grade is judged by: pass when the overall percent and every required competency
    level are reached. A competency the work did not test (no level) is not a failure, nor is an overall percent of an
    attempt with nothing scored (a pure self-assessment). Work awaiting review has not passed yet. Levels are compared
    as shown (1 decimal)."""
    overall_ok = percent is None or percent >= overall_required
    failed = [
        code
        for code, required in competency_levels_required.items()
        if levels.get(code) is not None and levels[code] < required
    ]
    failed_competencies = tuple(sorted(failed, key=_competency_order))
    passed = overall_ok and not failed_competencies and not pending_review
    return PassResult(passed=passed, failed_competencies=failed_competencies, overall_ok=overall_ok)


def _competency_order(code: str) -> int:
    return COMPETENCY_CODES.index(code) if code in COMPETENCY_CODES else len(COMPETENCY_CODES)


def competency_levels(evidence: Iterable[Evidence]) -> dict[str, float | None]:
    """A learner's level per competency over all their evidence, weighted by points (a 20-point case counts more
    than a 2-point question). All five codes are present; None means no evidence yet."""
    earned = dict.fromkeys(COMPETENCY_CODES, 0.0)
    possible = dict.fromkeys(COMPETENCY_CODES, 0.0)
    for item in evidence:
        if not item.possible > 0 or not math.isfinite(item.possible) or not math.isfinite(item.earned):
            continue
        earned[item.competency] = earned.get(item.competency, 0.0) + item.earned
        possible[item.competency] = possible.get(item.competency, 0.0) + item.possible
    return {code: _percent(earned[code], possible[code]) for code in earned}


def rubric_points(score: object, max_points: int) -> float:
    """A reviewer's score on a rubric criterion. Rubric levels are ranges, so any score from 0 to the criterion's
    maximum is allowed, in steps of 0.5; a decimal comma is accepted. Raises ValueError with a message for the
    reviewer."""
    invalid = gettext("Enter a number of points from 0 to %(max)s in steps of 0.5.") % {"max": max_points}
    if isinstance(score, bool):
        raise ValueError(invalid)
    if isinstance(score, str):
        text = score.strip()
        if not text:
            raise ValueError(gettext("Enter the points for this criterion."))
        if not _SCORE_RE.fullmatch(text):
            raise ValueError(invalid)
        score = Decimal(text.replace(",", "."))
    if not isinstance(score, int | float | Decimal):
        raise ValueError(invalid)
    try:
        number = float(score)
    except (OverflowError, ValueError) as error:
        raise ValueError(invalid) from error
    if not math.isfinite(number) or not 0 <= number <= max_points or not (number * 2).is_integer():
        raise ValueError(invalid)
    return number + 0.0  # -0.0 becomes 0.0


def weakest_competencies(levels: Mapping[str, float | None], count: int = 2) -> list[str]:
    """The competencies to recommend work on: lowest known levels first. Unknown levels (None) are skipped, unless
    nothing is known, then the first ones in the model's order are returned. Ties keep the model's order."""
    if count <= 0:
        return []
    order = {code: (_competency_order(code), position) for position, code in enumerate(levels)}
    known = [code for code, level in levels.items() if level is not None]
    if not known:
        return sorted(levels, key=order.__getitem__)[:count]
    return sorted(known, key=lambda code: (levels[code], order[code]))[:count]
