"""The state of case studies and assessments for a learner, told to ``course`` progress through its hook."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_noop

from assessments.models import (
    AssessmentGrade,
    AssessmentPage,
    Attempt,
    AttemptStatus,
    CaseSubmission,
    SubmissionStatus,
)
from course.models import CaseStudyPage
from course.progress import NOT_STARTED, ItemState

CASE_STATES = {
    SubmissionStatus.DRAFT: ItemState(False, "draft", gettext_noop("Draft saved")),
    SubmissionStatus.SUBMITTED: ItemState(False, "submitted", gettext_noop("Awaiting review")),
    SubmissionStatus.RETURNED: ItemState(False, "returned", gettext_noop("Returned for revision")),
    SubmissionStatus.ACCEPTED: ItemState(True, "accepted", gettext_noop("Accepted")),
}
PASSED = ItemState(True, "passed", gettext_noop("Passed"))
DONE = ItemState(True, "done", gettext_noop("Done"))
NOT_PASSED = ItemState(False, "failed", gettext_noop("Not passed yet"))
IN_PROGRESS = ItemState(False, "in_progress", gettext_noop("In progress"))
AWAITING_REVIEW = ItemState(False, "submitted", gettext_noop("Awaiting review"))


def case_states(user, pages) -> dict[int, ItemState]:
    case_ids = [page.pk for page in pages if isinstance(page, CaseStudyPage)]
    if not case_ids or not user.is_authenticated:
        return {}
    statuses = dict(CaseSubmission.objects.filter(user=user, case_id__in=case_ids).values_list("case_id", "status"))
    return {case_id: CASE_STATES.get(statuses.get(case_id), NOT_STARTED) for case_id in case_ids}


def assessment_states(user, pages) -> dict[int, ItemState]:
    """Passed is the grade that counts (``AssessmentGrade``, by the grading method), not any one attempt."""
    assessments = {page.pk: page for page in pages if isinstance(page, AssessmentPage)}
    if not assessments or not user.is_authenticated:
        return {}
    # A grade exists only beside graded attempts, so one query over the attempts reads both.
    grade = AssessmentGrade.objects.filter(user=OuterRef("user"), page=OuterRef("page")).values("passed")[:1]
    rows = (
        Attempt.objects.filter(user=user, page_id__in=assessments)
        .annotate(grade_passed=Subquery(grade))
        .values_list("page_id", "status", "grade_passed")
    )
    grades: dict[int, bool] = {}
    statuses: dict[int, set[str]] = {}
    for page_id, status, passed in rows:
        statuses.setdefault(page_id, set()).add(status)
        if passed is not None:
            grades[page_id] = passed
    states = {}
    for page_id, page in assessments.items():
        tried = statuses.get(page_id, set())
        if page_id in grades and not page.required:
            states[page_id] = DONE  # the diagnostic is done once taken: it has no pass mark
        elif grades.get(page_id):
            states[page_id] = PASSED
        elif AttemptStatus.IN_PROGRESS in tried:
            states[page_id] = IN_PROGRESS
        elif AttemptStatus.AWAITING_REVIEW in tried:
            states[page_id] = AWAITING_REVIEW
        elif tried:
            states[page_id] = NOT_PASSED
        else:
            states[page_id] = NOT_STARTED
    return states
