"""The learner's grade report ("My grades", as Moodle's user report): every graded item of every course, in the
order of the course, with the grade that counts, the feedback, the date and the way to the review.

``grade_report`` reads only the learner's own records (each query filters by ``user``) in a fixed number of queries,
however many courses, assessments and analyses there are.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from assessments import policy
from assessments.models import (
    Answer,
    AssessmentGrade,
    AssessmentKind,
    Attempt,
    AttemptStatus,
    CaseReview,
    CaseSubmission,
    SubmissionStatus,
)
from course.models import CoursePage, ModulePage

KIND_LABELS = {
    AssessmentKind.DIAGNOSTIC: _("Entry diagnostic"),
    AssessmentKind.MODULE_TEST: _("Module test"),
    AssessmentKind.FINAL: _("Final assessment"),
    "case": _("Case analysis"),
    "capstone": _("Capstone project"),
}


@dataclass
class GradeRow:
    """One graded item: an assessment with the grade that counts, or a case analysis with its latest review."""

    page: Page
    kind: str  # a key of KIND_LABELS
    status: str  # passed, failed, taken (no pass mark), awaiting, accepted, returned
    percent: Decimal | None = None
    points: tuple[Decimal, Decimal] | None = None  # a review's total and maximum
    counts: bool = True  # the entry diagnostic is a starting point: it counts towards nothing
    attempts: int = 0
    graded_at: datetime | None = None
    feedback_html: str = ""  # a reviewer's sanitised HTML
    feedback: list[str] = field(default_factory=list)  # plain-text comments on written answers
    review_url: str = ""  # where the review policy lets the learner see it, else empty

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass
class CourseGrades:
    course: CoursePage | None  # None: items outside any course (a page moved away)
    rows: list[GradeRow]


def _counted_attempt(page, graded: list[Attempt]) -> Attempt | None:
    """The attempt whose grade counts by the assessment's grading method (the latest for an average), chosen by the
    rule ``policy.counted_outcome`` applies."""
    if not graded:
        return None
    outcomes = [policy.Outcome({}, float(a.percent or 0), bool(a.passed), a.number) for a in graded]
    counted = policy.counted_outcome(outcomes, page.grading_method, {}, 0)
    by_number = {attempt.number: attempt for attempt in graded}
    return by_number.get(counted.number, graded[-1])


def _assessment_rows(user) -> list[GradeRow]:
    attempts = list(
        Attempt.objects.filter(user=user).select_related("page").defer("items", "result").order_by("page_id", "number")
    )
    grades = {grade.page_id: grade for grade in AssessmentGrade.objects.filter(user=user)}
    by_page: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_page.setdefault(attempt.page_id, []).append(attempt)
    rows, counted_ids = [], {}
    for attempts_of_page in by_page.values():
        page = attempts_of_page[0].page
        grade = grades.get(page.pk)
        awaiting = any(attempt.status == AttemptStatus.AWAITING_REVIEW for attempt in attempts_of_page)
        graded = [attempt for attempt in attempts_of_page if attempt.status == AttemptStatus.GRADED]
        if grade is None and not awaiting:
            continue  # only started
        counted = _counted_attempt(page, graded)
        has_pass_mark = policy.has_pass_mark(page)
        if grade is None:
            status = "awaiting"
        elif not has_pass_mark:
            status = "taken"
        else:
            status = "passed" if grade.passed else "failed"
        row = GradeRow(
            page=page,
            kind=page.kind,
            status=status,
            percent=grade.percent if grade else None,
            counts=has_pass_mark,
            attempts=len(graded),
            graded_at=(counted.graded_at or counted.submitted_at) if counted else None,
        )
        if counted is not None:
            counted_ids[counted.pk] = row
            left = None if page.attempts_allowed == 0 else page.attempts_allowed - len(attempts_of_page)
            still_open = any(attempt.is_open for attempt in attempts_of_page)
            visibility = policy.review_visibility(
                page,
                submitted=True,
                passed=bool(grade and grade.passed),
                attempts_left=left is None or left > 0 or still_open,
            )
            if visibility.correctness:
                row.review_url = reverse("assessments:attempt", args=[counted.pk])
        rows.append(row)
    if counted_ids:
        comments = (
            Answer.objects.filter(attempt_id__in=list(counted_ids), attempt__user=user)
            .exclude(feedback="")
            .order_by("attempt_id", "pk")
            .values_list("attempt_id", "feedback")
        )
        for attempt_id, feedback in comments:
            counted_ids[attempt_id].feedback.append(feedback)
    return rows


def _case_rows(user) -> list[GradeRow]:
    submissions = list(
        CaseSubmission.objects.for_user(user)
        .exclude(status=SubmissionStatus.DRAFT, submitted_at__isnull=True)
        .select_related("case")
        .defer("draft")
    )
    latest_reviews: dict[int, CaseReview] = {}
    reviews = (
        CaseReview.objects.filter(version__submission__user=user)
        .select_related("version")
        .defer("rubric_snapshot", "version__body")
        .order_by("version__submission_id", "-created_at")
    )
    for review in reviews:
        latest_reviews.setdefault(review.version.submission_id, review)
    rows = []
    for submission in submissions:
        review = latest_reviews.get(submission.pk)
        case = submission.case
        if review is None and submission.status != SubmissionStatus.SUBMITTED:
            continue  # a draft never handed in
        # A revision handed in after a return waits for its own review.
        status = "awaiting" if submission.status == SubmissionStatus.SUBMITTED else review.decision
        rows.append(
            GradeRow(
                page=case,
                kind="capstone" if case.is_capstone else "case",
                status=status,
                points=(review.total, review.max_total) if review else None,
                percent=(
                    (review.total * 100 / review.max_total).quantize(Decimal("0.1"))
                    if review and review.max_total
                    else None
                ),
                graded_at=review.created_at if review else None,
                feedback_html=review.feedback if review else "",
                feedback=[comment for comment in review.comments.values() if comment] if review else [],
                review_url=f"{case.url}#analysis" if review else "",
            )
        )
    return rows


def _ancestor_paths(pages: list[Page]) -> set[str]:
    step = Page.steplen
    return {page.path[:length] for page in pages for length in range(step, len(page.path), step)}


def _course_path(page: Page, courses: dict[str, CoursePage]) -> str:
    return next((page.path[:n] for n in range(len(page.path), 0, -Page.steplen) if page.path[:n] in courses), "")


def _course_order(row: GradeRow, course_path: str, module_numbers: dict[str, int]) -> tuple:
    """The programme's order, as ``course.progress`` has it: the entry diagnostic, the modules by number, then the
    capstone project before the final assessment."""
    depth = len(course_path) + Page.steplen
    if len(row.page.path) > depth:  # inside a module
        module_path = row.page.path[:depth]
        return (1, module_numbers.get(module_path, 0), module_path, row.page.path)
    if getattr(row.page, "course_position", "end") == "start":
        return (0, 0, "", row.page.path)
    return (2 if row.kind == "capstone" else 3, 0, "", row.page.path)


def grade_report(user) -> list[CourseGrades]:
    """The learner's graded items, grouped by course, in the order of the programme."""
    rows = _assessment_rows(user) + _case_rows(user)
    if not rows:
        return []
    ancestors = _ancestor_paths([row.page for row in rows])
    courses = {course.path: course for course in CoursePage.objects.filter(path__in=ancestors)}
    module_numbers = dict(ModulePage.objects.filter(path__in=ancestors).values_list("path", "number"))
    grouped: dict[str, CourseGrades] = {}
    for row in rows:
        path = _course_path(row.page, courses)
        grouped.setdefault(path, CourseGrades(courses.get(path), [])).rows.append(row)
    for path, group in grouped.items():
        group.rows.sort(key=lambda row, path=path: _course_order(row, path, module_numbers))
    return sorted(grouped.values(), key=lambda group: group.course.path if group.course else "~")
