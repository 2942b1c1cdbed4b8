"""A learner's personal data held by the assessments app: the export and the erasure parts that
the site calls (see ``course.personal_data``).

What the erasure keeps and why. The institute counts results in aggregate (pass rates per competency, the item
analysis of the question bank, course progress), so the numbers stay: graded attempts with their scores and chosen
options, the grades that count, the competency evidence, reviewed analyses' rubric scores and decisions. They stay
with the anonymised account, which has no name, address, organisation or contact left and cannot log in, so they
identify nobody. What the person wrote in their own words goes, because free text can name them, their school or
their colleagues whatever the account says: written answers, analysis drafts and versions, and the feedback written
to them. Work nobody has graded yet counts nowhere and would leave reviewers a queue item with nobody to answer, so
it is deleted outright: open attempts, attempts awaiting review, analysis versions not reviewed (an analysis left
with no version at all is deleted).
"""

from django.db.models import Prefetch

from assessments.models import (
    Answer,
    AssessmentGrade,
    Attempt,
    AttemptStatus,
    CaseReview,
    CaseSubmission,
    CaseSubmissionVersion,
    CompetencyEvidence,
)
from assessments.scoring import QuestionKind
from course.personal_data import iso

CHOICE_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.SITUATIONAL}
# What the learner was shown of an item; the answer key ("correct", "credit") and editors' notes are not theirs.
SHOWN_TEXT = ("scenario", "prompt", "statement", "guidance")


def decimal(value) -> str | None:
    return None if value is None else str(value)


def _option_text(options: list[dict], index) -> str | None:
    if isinstance(index, int) and 0 <= index < len(options):
        return options[index].get("text")
    return None


def export_answer(item: dict, answer: Answer | None, score: dict | None) -> dict:
    """One question as the attempt showed it, with the learner's answer (and the chosen options' texts)."""
    options = item.get("options") or []
    row = {
        "question_id": item.get("id"),
        "type": item.get("type"),
        "competency": item.get("competency") or None,
        **{key: item[key] for key in SHOWN_TEXT if item.get(key)},
    }
    if options:
        row["options"] = [option.get("text") for option in options]
    value = answer.value if answer is not None else None
    row["answer"] = value
    if item.get("type") in CHOICE_KINDS:
        row["answer_text"] = _option_text(options, value)
    elif item.get("type") == QuestionKind.MULTIPLE_CHOICE and isinstance(value, list):
        row["answer_text"] = [_option_text(options, index) for index in value]
    if score is not None:
        row["points"] = {"earned": score.get("earned"), "possible": score.get("possible")}
    if answer is not None:
        row["saved_at"] = iso(answer.saved_at)
        if answer.reviewed_at is not None:
            row["review"] = {
                "points": decimal(answer.manual_points),
                "feedback": answer.feedback,
                "reviewed_at": iso(answer.reviewed_at),
            }
    return row


def export_attempt(attempt: Attempt) -> dict:
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    graded = attempt.status == AttemptStatus.GRADED
    scores = (attempt.result or {}).get("questions") or {} if graded else {}
    return {
        "assessment": attempt.page.title,
        "assessment_id": attempt.page_id,
        "number": attempt.number,
        "status": attempt.status,
        "started_at": iso(attempt.started_at),
        "deadline": iso(attempt.deadline),
        "submitted_at": iso(attempt.submitted_at),
        "graded_at": iso(attempt.graded_at),
        "percent": decimal(attempt.percent),
        "passed": attempt.passed,
        "competencies": (attempt.result or {}).get("competencies") or {} if graded else {},
        "questions": [
            export_answer(item, answers.get(item.get("id")), scores.get(item.get("id"))) for item in attempt.items
        ],
    }


def export_review(review: CaseReview) -> dict:
    return {
        "decision": review.decision,
        "criteria": [
            {
                "title": criterion.get("title"),
                "competency": criterion.get("competency"),
                "max_points": criterion.get("max_points"),
                "points": criterion.get("points"),
            }
            for criterion in review.criteria
        ],
        "feedback": review.feedback,
        "total": decimal(review.total),
        "max_total": decimal(review.max_total),
        "reviewed_at": iso(review.created_at),
    }


def export_version(version: CaseSubmissionVersion) -> dict:
    review = getattr(version, "review", None)
    return {
        "number": version.number,
        "body": version.body,
        "submitted_at": iso(version.submitted_at),
        "review": export_review(review) if review is not None else None,
    }


def export_data(user) -> dict:
    """Attempts with their questions and answers, the grades that count, case analyses with every submitted version
    and its review, and the competency evidence."""
    attempts = (
        Attempt.objects.filter(user=user)
        .select_related("page")
        .prefetch_related("answers")
        .order_by("started_at", "pk")
    )
    submissions = (
        CaseSubmission.objects.filter(user=user)
        .select_related("case")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=CaseSubmissionVersion.objects.select_related("review").order_by("number"),
            )
        )
        .order_by("pk")
    )
    grades = AssessmentGrade.objects.filter(user=user).select_related("page").order_by("pk")
    evidence = (
        CompetencyEvidence.objects.filter(user=user).select_related("course", "page").order_by("recorded_at", "pk")
    )
    return {
        "attempts": [export_attempt(attempt) for attempt in attempts],
        "assessment_grades": [
            {
                "assessment": grade.page.title,
                "assessment_id": grade.page_id,
                "percent": decimal(grade.percent),
                "passed": grade.passed,
                "attempts_graded": grade.attempts_graded,
                "updated_at": iso(grade.updated_at),
            }
            for grade in grades
        ],
        "case_analyses": [
            {
                "case": submission.case.title,
                "case_id": submission.case_id,
                "status": submission.status,
                "draft": submission.draft,
                "draft_saved_at": iso(submission.draft_saved_at),
                "submitted_at": iso(submission.submitted_at),
                "versions": [export_version(version) for version in submission.versions.all()],
            }
            for submission in submissions
        ],
        "competency_evidence": [
            {
                "course": row.course.title,
                "page": row.page.title,
                "source": row.source,
                "competency": row.competency,
                "earned": decimal(row.earned),
                "possible": decimal(row.possible),
                "recorded_at": iso(row.recorded_at),
            }
            for row in evidence
        ],
    }


def _written_question_ids(attempt: Attempt) -> set[str]:
    return {item.get("id") for item in attempt.items or [] if item.get("type") == QuestionKind.SHORT_ANSWER}


def erase_attempts(user) -> dict[str, int]:
    ungraded = Attempt.objects.filter(user=user).exclude(status=AttemptStatus.GRADED)
    attempts_deleted = ungraded.count()
    ungraded.delete()
    answers_cleared = 0
    for attempt in Attempt.objects.filter(user=user).only("pk", "items"):
        written = _written_question_ids(attempt)
        answers = Answer.objects.filter(attempt=attempt)
        # The reviewer's points stay (regrading reads them); the text they scored does not.
        answers_cleared += answers.filter(question_id__in=written).exclude(value=None).update(value=None)
        answers.exclude(feedback="").update(feedback="")
    return {"attempts_deleted": attempts_deleted, "written_answers_cleared": answers_cleared}


def erase_analyses(user) -> dict[str, int]:
    versions = CaseSubmissionVersion.objects.filter(submission__user=user)
    unreviewed = versions.filter(review__isnull=True)
    versions_deleted = unreviewed.count()
    unreviewed.delete()
    versions_cleared = versions.update(body="")
    CaseReview.objects.filter(version__submission__user=user).update(feedback="")
    submissions = CaseSubmission.objects.filter(user=user)
    empty = submissions.filter(versions__isnull=True)
    analyses_deleted = empty.count()
    empty.delete()
    for submission in submissions:
        latest = CaseReview.objects.filter(version__submission=submission).order_by("-version__number").first()
        submission.draft = ""
        submission.status = latest.decision
        submission.save(update_fields=["draft", "status", "updated_at"])
    return {
        "analyses_deleted": analyses_deleted,
        "analysis_versions_deleted": versions_deleted,
        "analysis_versions_cleared": versions_cleared,
    }


def erase_data(user) -> dict[str, int]:
    """Delete what was never graded, clear what the person wrote; keep the numbers (see the module's docstring)."""
    return {**erase_attempts(user), **erase_analyses(user)}
