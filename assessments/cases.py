"""Case analyses: drafts, submitted versions, and reviews on the rubric as it stood when the reviewer scored."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import evidence
from assessments.models import (
    CaseReview,
    CaseSubmission,
    CaseSubmissionVersion,
    ReviewDecision,
    SubmissionStatus,
)
from assessments.scoring import rubric_points
from assessments.tasks import notify_learner_of_review
from course.models import CaseStudyPage
from course.sanitize import MarkupRejected, text_length, user_html

MAX_ANALYSIS_CHARACTERS = 20_000  # what a reader sees
# As typed, markup included: checked before anything parses it. Room for the longest analysis with its paragraphs,
# line breaks and some HTML; the sanitiser's ceiling (course.sanitize.MAX_INPUT_LENGTH).
MAX_ANALYSIS_HTML = 30_000


class SubmissionError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def clean_analysis(html: str) -> str:
    try:
        cleaned = user_html(html, max_length=MAX_ANALYSIS_HTML)
    except MarkupRejected as error:
        raise SubmissionError(error.message) from None
    if text_length(cleaned) > MAX_ANALYSIS_CHARACTERS:
        raise SubmissionError(
            _("The analysis is too long: at most %(limit)s characters.") % {"limit": MAX_ANALYSIS_CHARACTERS}
        )
    return cleaned


def _submission_for_update(user, case: CaseStudyPage) -> CaseSubmission:
    try:
        with transaction.atomic():
            CaseSubmission.objects.get_or_create(user=user, case=case)
    except IntegrityError:
        pass  # created by a parallel request
    return CaseSubmission.objects.select_for_update().get(user=user, case=case)


def save_draft(user, case: CaseStudyPage, html: str) -> CaseSubmission:
    """Keep the learner's working text; only drafts and returned analyses can change."""
    cleaned = clean_analysis(html)
    with transaction.atomic():
        submission = _submission_for_update(user, case)
        if not submission.editable:
            raise SubmissionError(_("The analysis is with the reviewer and cannot change now."))
        submission.draft = cleaned
        submission.draft_saved_at = timezone.now()
        submission.save(update_fields=["draft", "draft_saved_at", "updated_at"])
    return submission


def submit_analysis(user, case: CaseStudyPage, html: str) -> CaseSubmissionVersion:
    """Send the analysis for review as a new version; the draft stays for the next round."""
    cleaned = clean_analysis(html)
    if not text_length(cleaned):
        raise SubmissionError(_("Write your analysis before submitting it."))
    with transaction.atomic():
        submission = _submission_for_update(user, case)
        if not submission.editable:
            raise SubmissionError(_("The analysis is with the reviewer already."))
        number = (submission.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = CaseSubmissionVersion.objects.create(submission=submission, number=number, body=cleaned)
        submission.draft = cleaned
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_at = timezone.now()
        submission.save(update_fields=["draft", "status", "submitted_at", "updated_at"])
    return version


def rubric_snapshot(case: CaseStudyPage) -> list[dict]:
    """The rubric as it is now, kept with a review so that later edits do not rewrite history."""
    return [
        {
            "id": block.id,
            "title": block.value["title"],
            "description": block.value["description"],
            "competency": block.value["competency"],
            "max_points": int(block.value["max_points"]),
            "levels": [
                {
                    "label": level["label"],
                    "min_points": level["min_points"],
                    "max_points": level["max_points"],
                    "descriptor": level["descriptor"],
                }
                for level in block.value["levels"]
            ],
        }
        for block in case.rubric
    ]


MAX_CRITERION_COMMENT = 2_000


def criterion_comments(comments: dict[str, object] | None, snapshot: list[dict]) -> dict[str, str]:
    """The reviewer's comment on each criterion as plain text, trimmed; unknown criteria and empty comments dropped."""
    comments = comments or {}
    kept = {}
    for criterion in snapshot:
        text = comments.get(criterion["id"])
        if isinstance(text, str) and text.strip():
            kept[criterion["id"]] = text.strip()[:MAX_CRITERION_COMMENT]
    return kept


def review_submission(
    submission: CaseSubmission,
    reviewer,
    scores: dict[str, object],
    feedback: str,
    decision: str,
    comments: dict[str, object] | None = None,
) -> CaseReview:
    """Score each criterion of the latest version (with an optional comment on each), accept it or return it, and
    tell the learner."""
    if decision not in ReviewDecision.values:
        raise SubmissionError(_("Choose whether to accept the analysis or return it."))
    feedback = clean_analysis(feedback)
    with transaction.atomic():
        submission = CaseSubmission.objects.select_for_update().select_related("case", "user").get(pk=submission.pk)
        if submission.status != SubmissionStatus.SUBMITTED:
            raise SubmissionError(_("This analysis is not waiting for review."))
        version = submission.versions.order_by("-number").first()
        snapshot = rubric_snapshot(submission.case)
        points = {}
        errors = {}
        for criterion in snapshot:
            try:
                points[criterion["id"]] = rubric_points(scores.get(criterion["id"]), criterion["max_points"])
            except ValueError as error:
                errors[criterion["id"]] = str(error)
        if errors:
            raise ReviewScoresInvalid(errors)
        review = CaseReview.objects.create(
            version=version,
            reviewer=reviewer,
            decision=decision,
            rubric_snapshot=snapshot,
            scores=points,
            feedback=feedback,
            comments=criterion_comments(comments, snapshot),
            total=Decimal(str(sum(points.values()))),
            max_total=Decimal(sum(criterion["max_points"] for criterion in snapshot)),
        )
        submission.status = (
            SubmissionStatus.ACCEPTED if decision == ReviewDecision.ACCEPTED else SubmissionStatus.RETURNED
        )
        submission.save(update_fields=["status", "updated_at"])
        evidence.record_review(review, submission.user, submission.case)
        transaction.on_commit(lambda: notify_learner_of_review.enqueue(review.pk))
    return review


class ReviewScoresInvalid(SubmissionError):
    """Some criteria have no valid score; ``errors`` maps criterion ids to messages."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(_("Score every criterion within its range."))
        self.errors = errors
