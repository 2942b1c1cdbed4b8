"""Taking an assessment: start an attempt, autosave answers in order, submit once, grade, review written answers."""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import evidence
from assessments.models import Answer, AssessmentPage, Attempt, AttemptStatus
from assessments.scoring import LIKERT_SCALE, Question, QuestionKind, evaluate_pass, grade_attempt

# Saves that arrive this long after the deadline still count: the browser sent them in time.
DEADLINE_GRACE = timedelta(seconds=30)
MAX_SHORT_ANSWER = 10_000


class AttemptError(Exception):
    """Why an action on an attempt was refused, in words for the learner."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SaveResult:
    saved: bool  # False: a newer save had already arrived
    sequence: int


def start_attempt(user, page: AssessmentPage) -> Attempt:
    """Open an attempt, or return the one already open; refuses when no attempts are left."""
    current = Attempt.objects.filter(user=user, page=page, status=AttemptStatus.IN_PROGRESS).first()
    if current is not None:
        return current
    used = Attempt.objects.filter(user=user, page=page).count()
    if page.attempts_allowed and used >= page.attempts_allowed:
        raise AttemptError(_("You have used all the attempts at this assessment."))
    order = [question.id for question in page.scoring_questions()]
    if page.shuffle_questions:
        random.SystemRandom().shuffle(order)
    now = timezone.now()
    deadline = now + timedelta(minutes=page.time_limit_minutes) if page.time_limit_minutes else None
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                user=user, page=page, number=used + 1, question_order=order, deadline=deadline
            )
    except IntegrityError:
        # A second click on "Start" raced the first one: use the attempt it opened.
        return Attempt.objects.get(user=user, page=page, status=AttemptStatus.IN_PROGRESS)


def is_overdue(attempt: Attempt, now=None) -> bool:
    return attempt.deadline is not None and (now or timezone.now()) > attempt.deadline + DEADLINE_GRACE


def clean_answer(question: Question, value: object):
    """The answer as stored, or :class:`AttemptError` when it cannot be an answer to ``question``."""
    if value in (None, "", []):
        return None
    if question.kind in {QuestionKind.SINGLE_CHOICE, QuestionKind.SITUATIONAL}:
        index = _index(value)
        if index is None or index >= len(question.options):
            raise AttemptError(_("Choose one of the options."))
        return index
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        values = value if isinstance(value, list) else [value]
        indices = sorted({_index(item) for item in values} - {None})
        if len(indices) != len(values) or any(index >= len(question.options) for index in indices):
            raise AttemptError(_("Choose among the options."))
        return indices
    if question.kind == QuestionKind.LIKERT:
        index = _index(value)
        if index not in LIKERT_SCALE:
            raise AttemptError(_("Choose a point on the scale from 1 to 5."))
        return index
    if not isinstance(value, str):
        raise AttemptError(_("Write your answer as text."))
    limit = min(question.max_length or MAX_SHORT_ANSWER, MAX_SHORT_ANSWER)
    if len(value) > limit:
        raise AttemptError(_("The answer is too long: at most %(limit)s characters.") % {"limit": limit})
    return value


def _index(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 1000 else None
    if isinstance(value, str) and value.isdigit() and len(value) <= 3:
        return int(value)
    return None


def save_answer(attempt: Attempt, question_id: str, value: object, sequence: int) -> SaveResult:
    """Store an answer unless a save with a higher ``sequence`` is already stored (a stale save never wins)."""
    if not attempt.is_open:
        raise AttemptError(_("This attempt has been submitted; answers can no longer change."))
    if is_overdue(attempt):
        raise AttemptError(_("The time for this attempt is over."))
    question = next((q for q in attempt.page.scoring_questions() if q.id == question_id), None)
    if question is None or question_id not in attempt.question_order:
        raise AttemptError(_("There is no such question in this attempt."))
    if not isinstance(sequence, int) or isinstance(sequence, bool) or not 0 < sequence < 2**62:
        raise AttemptError(_("This save cannot be placed in order; reload the page."))
    value = clean_answer(question, value)
    fields = {"value": value, "sequence": sequence, "saved_at": timezone.now()}
    answers = Answer.objects.filter(attempt=attempt, question_id=question_id)
    if answers.filter(sequence__lt=sequence).update(**fields):
        return SaveResult(True, sequence)
    if not answers.exists():
        try:
            with transaction.atomic():
                Answer.objects.create(attempt=attempt, question_id=question_id, value=value, sequence=sequence)
            return SaveResult(True, sequence)
        except IntegrityError:
            # Another save created the row first; only the newer of the two may stay.
            if answers.filter(sequence__lt=sequence).update(**fields):
                return SaveResult(True, sequence)
    return SaveResult(False, answers.values_list("sequence", flat=True).first() or sequence)


def submit_attempt(attempt: Attempt) -> Attempt:
    """Submit and grade; submitting again (a double click, a second tab) returns the first result unchanged."""
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("page", "user").get(pk=attempt.pk)
        if not attempt.is_open:
            return attempt
        now = timezone.now()
        attempt.submitted_at = min(now, attempt.deadline) if attempt.deadline else now
        grade(attempt)
    return attempt


def submit_if_overdue(attempt: Attempt) -> Attempt:
    """The server enforces the time limit: an open attempt past its deadline is submitted with what was saved."""
    if attempt.is_open and is_overdue(attempt):
        return submit_attempt(attempt)
    return attempt


def grade(attempt: Attempt) -> None:
    """(Re)grade a submitted attempt from its answers and reviewers' points, and record the evidence."""
    page = attempt.page
    questions = page.scoring_questions()
    answers = list(attempt.answers.all())
    values = {answer.question_id: answer.value for answer in answers}
    manual = {
        answer.question_id: float(answer.manual_points) for answer in answers if answer.manual_points is not None
    }
    result = grade_attempt(questions, values, manual)
    verdict = evaluate_pass(result, page.pass_levels(), page.overall_pass_level)
    attempt.status = AttemptStatus.AWAITING_REVIEW if result.pending_review else AttemptStatus.GRADED
    attempt.graded_at = None if result.pending_review else timezone.now()
    attempt.passed = None if result.pending_review else verdict.passed
    attempt.percent = None if result.percent is None else Decimal(str(round(result.percent, 1)))
    attempt.result = {
        "competencies": {
            code: {"earned": score.earned, "possible": score.possible, "level": score.level}
            for code, score in result.competencies.items()
        },
        "self_assessment": result.self_assessment,
        "questions": {
            qid: {"earned": score.earned, "possible": score.possible, "pending": score.pending}
            for qid, score in result.questions.items()
        },
        "failed_competencies": list(verdict.failed_competencies),
    }
    attempt.save()
    evidence.record_attempt(attempt, result)


def review_written_answer(answer: Answer, reviewer, points, feedback: str) -> Attempt:
    """A reviewer scores a written answer; the attempt is graded again once nothing is pending."""
    with transaction.atomic():
        answer.manual_points = Decimal(str(points))
        answer.feedback = feedback
        answer.reviewer = reviewer
        answer.reviewed_at = timezone.now()
        answer.save(update_fields=["manual_points", "feedback", "reviewer", "reviewed_at"])
        attempt = Attempt.objects.select_for_update().select_related("page", "user").get(pk=answer.attempt_id)
        if not attempt.is_open:
            grade(attempt)
    return attempt
