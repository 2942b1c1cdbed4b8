"""Taking an assessment: start an attempt (its items drawn from the bank), autosave answers in order, submit once,
grade on the attempt's own snapshot, review written answers."""

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from assessments import bank, evidence, policy
from assessments.models import Answer, AssessmentPage, Attempt, AttemptStatus
from assessments.scoring import LIKERT_SCALE, Question, QuestionKind, evaluate_pass, grade_attempt

# Saves that arrive this long after the deadline still count: the browser sent them in time.
DEADLINE_GRACE = timedelta(seconds=30)
MAX_SHORT_ANSWER = 10_000
_INDEX = re.compile(r"[0-9]{1,3}", re.ASCII)
# Text that no database stores faithfully: NUL, and UTF-16 surrogates without their pair.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class AttemptError(Exception):
    """Why an action on an attempt was refused, in words for the learner."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class InvalidAnswer(AttemptError):
    """An answer that cannot belong to the attempt (a question not drawn, an option that does not exist): refused
    with a 400, nothing stored."""


@dataclass(frozen=True)
class SaveResult:
    saved: bool  # False: a newer save had already arrived
    sequence: int


def next_attempt_opens(user, page: AssessmentPage, now=None):
    """When the learner may start the next attempt, if the assessment's wait has not passed yet (else None)."""
    last = Attempt.objects.filter(user=user, page=page, submitted_at__isnull=False).order_by("-submitted_at").first()
    opens = policy.next_attempt_opens(page, last.submitted_at if last else None)
    return opens if opens is not None and opens > (now or timezone.now()) else None


def draw_snapshot(page: AssessmentPage, seed: int) -> list[dict]:
    """The items of a new attempt, drawn from the page's bank."""
    return bank.draw(
        page.bank_items(),
        page.draw_counts(),
        seed=seed,
        shuffle_questions=page.shuffle_questions,
        shuffle_options=page.shuffle_options,
    )


def start_attempt(user, page: AssessmentPage, *, seed: int | None = None) -> Attempt:
    """Open an attempt with its own draw, or return the one already open; refuses when no attempts are left or
    the wait after the last one has not passed."""
    current = Attempt.objects.filter(user=user, page=page, status=AttemptStatus.IN_PROGRESS).first()
    if current is not None:
        return current
    used = Attempt.objects.filter(user=user, page=page).count()
    if page.attempts_allowed and used >= page.attempts_allowed:
        raise AttemptError(_("You have used all the attempts at this assessment."))
    opens = next_attempt_opens(user, page)
    if opens is not None:
        when = formats.date_format(timezone.localtime(opens), "DATETIME_FORMAT")
        raise AttemptError(_("The next attempt opens on %(when)s.") % {"when": when})
    seed = seed if seed is not None else bank.new_seed()
    items = draw_snapshot(page, seed)
    now = timezone.now()
    deadline = now + timedelta(minutes=page.time_limit_minutes) if page.time_limit_minutes else None
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                user=user,
                page=page,
                number=used + 1,
                items=items,
                seed=seed,
                deadline=deadline,
            )
    except IntegrityError:
        # A second click on "Start" raced the first one: use the attempt it opened.
        return Attempt.objects.get(user=user, page=page, status=AttemptStatus.IN_PROGRESS)


def scoring_questions(attempt: Attempt) -> list[Question]:
    return [bank.to_question(item) for item in attempt.items]


def is_overdue(attempt: Attempt, now=None) -> bool:
    return attempt.deadline is not None and (now or timezone.now()) > attempt.deadline + DEADLINE_GRACE


def clean_answer(question: Question, value: object):
    """The answer as stored, or :class:`InvalidAnswer` when it cannot be an answer to ``question``."""
    if value in (None, "", []):
        return None
    if question.kind in {QuestionKind.SINGLE_CHOICE, QuestionKind.SITUATIONAL}:
        index = _index(value)
        if index is None or index >= len(question.options):
            raise InvalidAnswer(_("Choose one of the options."))
        return index
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        values = value if isinstance(value, list) else [value]
        indices = sorted({_index(item) for item in values} - {None})
        if len(indices) != len(values) or any(index >= len(question.options) for index in indices):
            raise InvalidAnswer(_("Choose among the options."))
        return indices
    if question.kind == QuestionKind.LIKERT:
        index = _index(value)
        if index not in LIKERT_SCALE:
            raise InvalidAnswer(_("Choose a point on the scale from 1 to 5."))
        return index
    if not isinstance(value, str):
        raise InvalidAnswer(_("Write your answer as text."))
    if _UNSTORABLE.search(value):
        raise InvalidAnswer(_("The answer contains characters that cannot be saved; retype it."))
    limit = min(question.max_length or MAX_SHORT_ANSWER, MAX_SHORT_ANSWER)
    if len(value) > limit:
        raise InvalidAnswer(_("The answer is too long: at most %(limit)s characters.") % {"limit": limit})
    return value


def _index(value) -> int | None:
    """An option index from a JSON or form value: an int, or a string of 1-3 ASCII digits ("²" is not a digit)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 1000 else None
    if isinstance(value, str) and _INDEX.fullmatch(value):
        return int(value)
    return None


def find_question(attempt: Attempt, question_id: str) -> Question:
    item = next((item for item in attempt.items if item["id"] == question_id), None)
    if item is None:
        raise InvalidAnswer(_("There is no such question in this attempt."))
    return bank.to_question(item)


def save_answer(attempt: Attempt, question_id: str, value: object, sequence: int) -> SaveResult:
    """Store an answer unless a save with a higher ``sequence`` is already stored (a stale save never wins).

    The attempt's row is locked while the answer is written, so a save racing the submit either lands before the
    grade or is refused after it.
    """
    question = find_question(attempt, question_id)
    if not isinstance(sequence, int) or isinstance(sequence, bool) or not 0 < sequence < 2**62:
        raise InvalidAnswer(_("This save cannot be placed in order; reload the page."))
    value = clean_answer(question, value)
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if not locked.is_open:
            raise AttemptError(_("This attempt has been submitted; answers can no longer change."))
        if is_overdue(locked):
            raise AttemptError(_("The time for this attempt is over."))
        fields = {"value": value, "sequence": sequence, "saved_at": timezone.now()}
        answers = Answer.objects.filter(attempt=attempt, question_id=question_id)
        if answers.filter(sequence__lt=sequence).update(**fields):
            return SaveResult(True, sequence)
        if not answers.exists():
            Answer.objects.create(attempt=attempt, question_id=question_id, value=value, sequence=sequence)
            return SaveResult(True, sequence)
        return SaveResult(False, answers.values_list("sequence", flat=True).first() or sequence)


def save_answers(attempt: Attempt, values: dict[str, object], sequence: int) -> None:
    """Save a whole form at once: every answer is checked first, so a bad one changes nothing."""
    cleaned = {
        question_id: clean_answer(find_question(attempt, question_id), value) for question_id, value in values.items()
    }
    for question_id, value in cleaned.items():
        save_answer(attempt, question_id, value, sequence)


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
    """(Re)grade a submitted attempt on its own snapshot, from its answers and reviewers' points, then the grade
    that counts and the evidence."""
    page = attempt.page
    questions = scoring_questions(attempt)
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
    evidence.record_assessment(attempt.user, page)


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
