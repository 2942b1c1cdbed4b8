"""Staff reports in the Wagtail admin (menu "Reports"), each a Wagtail ``ReportView`` with CSV and XLSX export.

Every report is computed with a fixed number of queries, whatever the number of learners:

* **Enrolment and progress**: enrolled and completed per course from ``Enrolment`` (``completed_at`` is stamped by
  ``course.services.refresh_completion`` whenever a learner's evidence changes); per module, the learners enrolled
  who have completed it as their own progress shows it (``course.progress.module_tallies``).
* **Analyses waiting**: per case study, the count of analyses awaiting review, the oldest and the average wait.
* **Pass rates per competency**: per course and competency, over each learner's grade that counts at each module
  test and final (``AssessmentGrade``, by the assessment's grading method): how many grades measured the competency
  and how many reached the assessment's pass level for it (the evidence policy's rule, overrides included).
* **Item analysis**: per assessment and item, over the graded attempts, facility, discrimination, the options chosen
  and flags (``assessments.item_analysis``), from the courses, the assessments, the attempts and their answers.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Min, Q
from django.db.models import Value as V
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from assessments import item_analysis, policy
from assessments.admin_filters import (
    CompetencyReportFilterSet,
    CourseReportFilterSet,
    ItemAnalysisFilterSet,
    WaitingReportFilterSet,
)
from assessments.blocks import QuestionStreamBlock
from assessments.models import (
    Answer,
    AssessmentGrade,
    AssessmentKind,
    AssessmentPage,
    Attempt,
    AttemptStatus,
    SubmissionStatus,
)
from assessments.policy import competency_label
from assessments.queues import course_of_page
from course.models import CaseStudyPage, CoursePage, Enrolment
from course.progress import module_tallies

DAY = timedelta(days=1)


def can_view_reports(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _under(courses, path_field: str = "path") -> Q:
    """Pages (or rows pointing to pages) under any of ``courses``."""
    condition = Q(pk__in=[])
    for course in courses:
        condition |= Q(**{f"{path_field}__startswith": course.path})
    return condition


class StaffReportView(ReportView):
    """A report for the institute's staff: anyone with access to the admin."""

    header_icon = "table"
    filterset_class = CourseReportFilterSet

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_courses(self) -> list[CoursePage]:
        courses = self.filters.qs if self.filters else CoursePage.objects.all()
        # Learners enrol in the course in the default language; translations are landing pages only.
        return list(courses.filter(locale=Locale.get_default()).order_by("path"))

    def get_filtered_queryset(self):
        return self.get_rows()

    def get_rows(self):
        raise NotImplementedError


# --- Enrolment and progress ------------------------------------------------------------------------------------------


@dataclass
class ProgressRow:
    course: str
    module: str
    enrolled: int
    completed: int

    @property
    def rate(self) -> float | None:
        return percent(self.completed, self.enrolled)


class CourseProgressReportView(StaffReportView):
    page_title = _("Enrolment and progress")
    index_url_name = "assessments_reports:course_progress"
    index_results_url_name = "assessments_reports:course_progress_results"
    export_filename = "course-progress"
    list_export = ["course", "module", "enrolled", "completed", "rate"]
    export_headings = {
        "course": _("Course"),
        "module": _("Module"),
        "enrolled": _("Enrolled"),
        "completed": _("Completed"),
        "rate": _("Completed, %"),
    }
    columns = [
        Column("course", label=_("Course")),
        Column("module", label=_("Module")),
        NumberColumn("enrolled", label=_("Enrolled")),
        NumberColumn("completed", label=_("Completed")),
        Column("rate", label=_("Completed, %")),
    ]

    def get_rows(self) -> list[ProgressRow]:
        courses = self.get_courses()
        counts = {
            row["course_id"]: row
            for row in Enrolment.objects.filter(course__in=courses)
            .order_by()
            .values("course_id")
            .annotate(enrolled=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False)))
        }
        rows = []
        for course in courses:
            count = counts.get(course.pk, {"enrolled": 0, "completed": 0})
            rows.append(ProgressRow(course.title, "", count["enrolled"], count["completed"]))
            for tally in module_tallies(course):
                completed = count["enrolled"] if tally.completed is None else tally.completed
                rows.append(ProgressRow(course.title, tally.module.title, count["enrolled"], completed))
        return rows


# --- Analyses waiting ------------------------------------------------------------------------------------------------


class WaitingAnalysesReportView(StaffReportView):
    page_title = _("Case analyses waiting for review")
    index_url_name = "assessments_reports:waiting_analyses"
    index_results_url_name = "assessments_reports:waiting_analyses_results"
    filterset_class = WaitingReportFilterSet
    export_filename = "case-analyses-waiting"
    list_export = ["title", "course_title", "waiting", "oldest", "oldest_days", "average_days"]
    export_headings = {
        "title": _("Case study"),
        "course_title": _("Course"),
        "waiting": _("Waiting"),
        "oldest": _("Oldest submitted"),
        "oldest_days": _("Oldest waiting, days"),
        "average_days": _("Average waiting, days"),
    }
    columns = [
        Column("title", label=_("Case study")),
        Column("course_title", label=_("Course")),
        NumberColumn("waiting", label=_("Waiting")),
        Column("oldest_days", label=_("Oldest waiting, days")),
        Column("average_days", label=_("Average waiting, days")),
    ]

    def get_rows(self):
        self.now = timezone.now()
        waiting = Q(submissions__status=SubmissionStatus.SUBMITTED)
        wait = ExpressionWrapper(V(self.now) - F("submissions__submitted_at"), output_field=DurationField())
        queryset = CaseStudyPage.objects.all()
        if self.filters:
            self.filters.is_valid()  # the valid filters apply; the others show their errors
            queryset = self.filters.filter_queryset(queryset)
        return (
            queryset.annotate(
                waiting=Count("submissions", filter=waiting),
                oldest=Min("submissions__submitted_at", filter=waiting),
                average_wait=Avg(wait, filter=waiting),
                course_title=course_of_page("path"),
            )
            .filter(waiting__gt=0)
            .order_by("oldest", "path")
        )

    def decorate_paginated_queryset(self, object_list):
        cases = list(object_list)
        for case in cases:
            case.oldest_days = (self.now - case.oldest) // DAY if case.oldest else None
            case.average_days = round(case.average_wait / DAY, 1) if case.average_wait is not None else None
        return cases


# --- Pass rates per competency ---------------------------------------------------------------------------------------


@dataclass
class CompetencyRow:
    course: str
    competency: str
    attempts: int
    passed: int

    @property
    def rate(self) -> float | None:
        return percent(self.passed, self.attempts)


def competency_pass_counts(courses: list[CoursePage], kind: str = "") -> dict[int, dict[str, tuple[int, int]]]:
    """{course id: {competency: (grades that measured it, grades that reached the pass level)}} in three queries.

    Each learner's grade that counts at each assessment (``AssessmentGrade``, by its grading method) is judged by the
    evidence policy's own rule, with the assessment's per-competency overrides, so the report agrees with the
    attempts' results. The entry diagnostic has no pass mark and is left out.
    """
    pages = AssessmentPage.objects.filter(_under(courses)).exclude(kind=AssessmentKind.DIAGNOSTIC)
    if kind:
        pages = pages.filter(kind=kind)
    pages = list(pages.prefetch_related("pass_level_overrides").only("id", "path", "competency_pass_level"))
    levels = {page.pk: page.pass_levels() for page in pages}
    course_ids = {
        page.pk: next((course.pk for course in courses if page.path.startswith(course.path)), None) for page in pages
    }
    counts: dict[int, dict[str, list[int]]] = {}
    grades = AssessmentGrade.objects.filter(page_id__in=levels).values_list("page_id", "competencies")
    for page_id, competencies in grades:
        outcome = policy.Outcome({code: tuple(points) for code, points in competencies.items()}, None, False)
        per_code = counts.setdefault(course_ids[page_id], {code: [0, 0] for code in policy.CODES})
        for code in policy.CODES:
            level = outcome.level(code)
            if level is None:
                continue
            per_code[code][0] += 1
            per_code[code][1] += level >= levels[page_id][code]
    return {
        course_id: {code: tuple(pair) for code, pair in per_code.items()} for course_id, per_code in counts.items()
    }


class CompetencyPassRatesReportView(StaffReportView):
    page_title = _("Pass rates per competency")
    index_url_name = "assessments_reports:competency_pass_rates"
    index_results_url_name = "assessments_reports:competency_pass_rates_results"
    filterset_class = CompetencyReportFilterSet
    export_filename = "competency-pass-rates"
    list_export = ["course", "competency", "attempts", "passed", "rate"]
    export_headings = {
        "course": _("Course"),
        "competency": _("Competency"),
        "attempts": _("Attempts"),
        "passed": _("Passed"),
        "rate": _("Pass rate, %"),
    }
    columns = [
        Column("course", label=_("Course")),
        Column("competency", label=_("Competency")),
        NumberColumn("attempts", label=_("Attempts")),
        NumberColumn("passed", label=_("Passed")),
        Column("rate", label=_("Pass rate, %")),
    ]

    def get_rows(self) -> list[CompetencyRow]:
        courses = self.get_courses()
        kind = ""
        if self.filters:
            self.filters.is_valid()
            kind = self.filters.form.cleaned_data.get("kind") or ""
        counts = competency_pass_counts(courses, kind)
        return [
            CompetencyRow(course.title, competency_label(code), *counts.get(course.pk, {}).get(code, (0, 0)))
            for course in courses
            for code in policy.CODES
        ]


# --- Item analysis ---------------------------------------------------------------------------------------------------

QUESTION_TYPE_LABELS = {name: block.meta.label for name, block in QuestionStreamBlock.base_blocks.items()}
KIND_LABELS = dict(AssessmentKind.choices)
# Prompts and options are cut to this many characters in the table and the export.
ITEM_TEXT_LENGTH = 90
OPTION_TEXT_LENGTH = 60


@dataclass(frozen=True)
class ItemOption:
    """An option as the report shows it: its number in the bank, its text shortened, whether it is the key."""

    number: int
    text: str
    key: bool
    chosen: int


@dataclass
class ItemRow:
    """One item of one assessment as the report lists it."""

    course: str
    assessment: str
    kind: str
    number: int | None
    item: str
    type: str
    competency: str
    attempts: int
    facility: float | None
    discrimination: float | None
    point_biserial: float | None
    unanswered: int | None
    options: list[ItemOption]
    options_text: str
    flags_text: str


def graded_attempt_rows(page_ids: list[int]) -> dict[int, list[item_analysis.AttemptRow]]:
    """The graded attempts of the pages with their answers, by page, in two queries whatever their number."""
    graded = Attempt.objects.filter(page_id__in=page_ids, status=AttemptStatus.GRADED)
    answers: dict[int, dict[str, object]] = {}
    for attempt_id, question_id, value in (
        Answer.objects.filter(attempt__in=graded).order_by().values_list("attempt_id", "question_id", "value")
    ):
        answers.setdefault(attempt_id, {})[question_id] = value
    rows: dict[int, list[item_analysis.AttemptRow]] = {}
    for attempt_id, page_id, percent, items, result in graded.order_by("pk").values_list(
        "pk", "page_id", "percent", "items", "result"
    ):
        rows.setdefault(page_id, []).append(
            item_analysis.AttemptRow(
                id=attempt_id,
                percent=None if percent is None else float(percent),
                items=items or [],
                questions=(result or {}).get("questions") or {},
                answers=answers.get(attempt_id, {}),
            )
        )
    return rows


def item_row(course: CoursePage, page: AssessmentPage, stats: item_analysis.ItemStats) -> ItemRow:
    """One line of the report: labels translated and texts shortened now, in the language of the request."""
    choice = bool(stats.options)
    options = [
        ItemOption(
            option.index + 1,
            Truncator(" ".join(option.text.split())).chars(OPTION_TEXT_LENGTH),
            option.key,
            option.chosen,
        )
        for option in stats.options
    ]
    key = str(_("key"))
    return ItemRow(
        course=course.title,
        assessment=page.title,
        kind=str(KIND_LABELS.get(page.kind, page.kind)),
        number=stats.number,
        item=Truncator(" ".join(stats.prompt.split())).chars(ITEM_TEXT_LENGTH),
        type=str(QUESTION_TYPE_LABELS.get(stats.type, stats.type)),
        competency=str(competency_label(stats.competency)),
        attempts=stats.attempts,
        facility=item_analysis.rounded(stats.facility),
        discrimination=item_analysis.rounded(stats.discrimination),
        point_biserial=item_analysis.rounded(stats.point_biserial),
        unanswered=stats.unanswered if choice else None,
        options=options,
        options_text="; ".join(
            f"{option.number}. {option.text}{f' ({key})' if option.key else ''}: {option.chosen}" for option in options
        ),
        flags_text="; ".join(str(item_analysis.FLAG_LABELS[flag]) for flag in stats.flags),
    )


class OptionsColumn(Column):
    """The options of an item with how often each was chosen, as a list."""

    cell_template_name = "assessments/admin/item_options_cell.html"


class ItemAnalysisReportView(StaffReportView):
    """Per assessment and item: attempts, facility, discrimination (upper-lower 27 % and point-biserial), how often
    each option is chosen, and flags (``assessments.item_analysis``). Four queries for the data, whatever the number
    of attempts: the courses, the assessments, the graded attempts and their answers."""

    page_title = _("Item analysis")
    index_url_name = "assessments_reports:item_analysis"
    index_results_url_name = "assessments_reports:item_analysis_results"
    filterset_class = ItemAnalysisFilterSet
    export_filename = "item-analysis"
    list_export = [
        "course",
        "assessment",
        "kind",
        "number",
        "item",
        "type",
        "competency",
        "attempts",
        "facility",
        "discrimination",
        "point_biserial",
        "unanswered",
        "options_text",
        "flags_text",
    ]
    export_headings = {
        "course": _("Course"),
        "assessment": _("Assessment"),
        "kind": _("Kind of assessment"),
        "number": _("No. in the bank"),
        "item": _("Question"),
        "type": _("Question type"),
        "competency": _("Competency"),
        "attempts": _("Attempts"),
        "facility": _("Facility"),
        "discrimination": _("Discrimination (27 %)"),
        "point_biserial": _("Point-biserial"),
        "unanswered": _("Not answered"),
        "options_text": _("Options chosen"),
        "flags_text": _("Flags"),
    }
    columns = [
        Column("assessment", label=_("Assessment")),
        Column("number", label=_("No. in the bank")),
        Column("item", label=_("Question")),
        Column("competency", label=_("Competency")),
        NumberColumn("attempts", label=_("Attempts")),
        Column("facility", label=_("Facility")),
        Column("discrimination", label=_("Discrimination (27 %)")),
        Column("point_biserial", label=_("Point-biserial")),
        OptionsColumn("options", label=_("Options chosen")),
        Column("flags_text", label=_("Flags")),
    ]

    def get_rows(self) -> list[ItemRow]:
        courses = self.get_courses()
        pages = AssessmentPage.objects.filter(_under(courses))
        if self.filters:
            self.filters.is_valid()
            cleaned = self.filters.form.cleaned_data
            if cleaned.get("assessment"):
                pages = pages.filter(pk=cleaned["assessment"].pk)
            if cleaned.get("kind"):
                pages = pages.filter(kind=cleaned["kind"])
        pages = list(pages.order_by("path"))
        attempts = graded_attempt_rows([page.pk for page in pages])
        rows = []
        for page in pages:
            course = next(course for course in courses if page.path.startswith(course.path))
            for stats in item_analysis.analyse(page.bank_items(), attempts.get(page.pk, [])):
                rows.append(item_row(course, page, stats))
        return rows

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # Wagtail streams the CSV after the view has returned, when the admin's language is no longer active: the
        # headings are translated now, as the rows were.
        self.export_headings = {field: str(heading) for field, heading in type(self).export_headings.items()}
        return super().as_spreadsheet(queryset, spreadsheet_format)


# --- URLs and menu ---------------------------------------------------------------------------------------------------

REPORTS = [
    ("course-progress/", "course_progress", CourseProgressReportView, "user", 1300),
    ("waiting-analyses/", "waiting_analyses", WaitingAnalysesReportView, "time", 1310),
    ("competency-pass-rates/", "competency_pass_rates", CompetencyPassRatesReportView, "tick-inverse", 1320),
    ("item-analysis/", "item_analysis", ItemAnalysisReportView, "list-ul", 1330),
]

urlpatterns = [
    pattern
    for route, name, view, _icon, _order in REPORTS
    for pattern in (
        path(route, view.as_view(), name=name),
        path(f"{route}results/", view.as_view(results_only=True), name=f"{name}_results"),
    )
]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


def menu_item(name: str) -> MenuItem:
    """The "Reports" menu entry of the report ``name`` (a URL name of ``urlpatterns``)."""
    _route, _name, view, icon, order = next(report for report in REPORTS if report[1] == name)
    url = reverse(f"assessments_reports:{name}")
    return ReportMenuItem(view.page_title, url, name=name.replace("_", "-"), icon_name=icon, order=order)
