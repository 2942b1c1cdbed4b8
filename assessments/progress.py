"""The state of case studies and assessments for a learner, told to ``course`` progress through its hook."""

from django.utils.translation import gettext_lazy as _

from assessments.models import AssessmentPage, Attempt, AttemptStatus, CaseSubmission, SubmissionStatus
from course.models import CaseStudyPage
from course.progress import NOT_STARTED, ItemState

CASE_STATES = {
    SubmissionStatus.DRAFT: ItemState(False, "draft", _("Draft saved")),
    SubmissionStatus.SUBMITTED: ItemState(False, "submitted", _("Awaiting review")),
    SubmissionStatus.RETURNED: ItemState(False, "returned", _("Returned for revision")),
    SubmissionStatus.ACCEPTED: ItemState(True, "accepted", _("Accepted")),
}
PASSED = ItemState(True, "passed", _("Passed"))
DONE = ItemState(True, "done", _("Done"))
NOT_PASSED = ItemState(False, "failed", _("Not passed yet"))
IN_PROGRESS = ItemState(False, "in_progress", _("In progress"))
AWAITING_REVIEW = ItemState(False, "submitted", _("Awaiting review"))


def case_states(user, pages) -> dict[int, ItemState]:
    case_ids = [page.pk for page in pages if isinstance(page, CaseStudyPage)]
    if not case_ids or not user.is_authenticated:
        return {}
    statuses = dict(CaseSubmission.objects.filter(user=user, case_id__in=case_ids).values_list("case_id", "status"))
    return {case_id: CASE_STATES.get(statuses.get(case_id), NOT_STARTED) for case_id in case_ids}


def assessment_states(user, pages) -> dict[int, ItemState]:
    assessments = {page.pk: page for page in pages if isinstance(page, AssessmentPage)}
    if not assessments or not user.is_authenticated:
        return {}
    attempts: dict[int, list[tuple[str, bool | None]]] = {}
    rows = Attempt.objects.filter(user=user, page_id__in=assessments).values_list("page_id", "status", "passed")
    for page_id, status, passed in rows:
        attempts.setdefault(page_id, []).append((status, passed))
    states = {}
    for page_id, page in assessments.items():
        tried = attempts.get(page_id, [])
        if any(passed for _status, passed in tried):
            states[page_id] = PASSED
        elif page.required is False and any(status == AttemptStatus.GRADED for status, _passed in tried):
            states[page_id] = DONE  # a diagnostic is done once taken
        elif any(status == AttemptStatus.IN_PROGRESS for status, _passed in tried):
            states[page_id] = IN_PROGRESS
        elif any(status == AttemptStatus.AWAITING_REVIEW for status, _passed in tried):
            states[page_id] = AWAITING_REVIEW
        elif tried:
            states[page_id] = NOT_PASSED
        else:
            states[page_id] = NOT_STARTED
    return states
