"""Filters of the reviewers' queues and the staff reports in the Wagtail admin (django-filter FilterSets).

A malformed value (an unknown course id, a word where a number belongs) is a form error shown in the filter drawer;
the listing keeps the filters that are valid instead of failing.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from assessments.models import Answer, AssessmentKind, AssessmentPage, CaseSubmission, SubmissionStatus
from course.models import CaseStudyPage, CoursePage

WAITING_CHOICES = [
    ("1", _("Waiting more than 1 day")),
    ("3", _("Waiting more than 3 days")),
    ("7", _("Waiting more than 7 days")),
]


def _courses(request):
    return CoursePage.objects.order_by("path")


def _cases(request):
    return CaseStudyPage.objects.order_by("path")


def _assessments(request):
    return AssessmentPage.objects.order_by("path")


def _in_course(queryset, path_field: str, course: CoursePage):
    """Rows whose page lies under ``course``: the tree path of a descendant starts with the course's path."""
    return queryset.filter(**{f"{path_field}__startswith": course.path})


class CaseSubmissionFilterSet(WagtailFilterSet):
    """The review queue: only analyses awaiting review unless the reviewer asks for another status."""

    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=_courses, method="filter_course", empty_label=_("All courses")
    )
    case = django_filters.ModelChoiceFilter(label=_("Case study"), queryset=_cases, empty_label=_("All case studies"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        # Drafts are the learner's private work: never in the queue.
        choices=[choice for choice in SubmissionStatus.choices if choice[0] != SubmissionStatus.DRAFT],
        empty_label=_("Any status"),
        initial=SubmissionStatus.SUBMITTED,
    )
    waiting = django_filters.ChoiceFilter(
        label=_("Age"), choices=WAITING_CHOICES, method="filter_waiting", empty_label=_("Any age")
    )

    class Meta:
        model = CaseSubmission
        fields = ["course", "case", "status", "waiting"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "status" not in data:
            # The queue opens on what waits for review; "Any status" (an empty value) lists every reviewed one too.
            data = data.copy()
            data["status"] = SubmissionStatus.SUBMITTED
        super().__init__(data, *args, **kwargs)

    def filter_course(self, queryset, name, value):
        return _in_course(queryset, "case__path", value)

    def filter_waiting(self, queryset, name, value):
        return queryset.filter(submitted_at__lt=timezone.now() - timedelta(days=int(value)))


class WrittenAnswerFilterSet(WagtailFilterSet):
    """Written answers waiting for points, by course and assessment."""

    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=_courses, method="filter_course", empty_label=_("All courses")
    )
    assessment = django_filters.ModelChoiceFilter(
        label=_("Assessment"), queryset=_assessments, field_name="attempt__page", empty_label=_("All assessments")
    )

    class Meta:
        model = Answer
        fields = ["course", "assessment"]

    def filter_course(self, queryset, name, value):
        return _in_course(queryset, "attempt__page__path", value)


class CourseReportFilterSet(WagtailFilterSet):
    """Reports made per course: pick one course (the language filter is Wagtail's, added for translatable pages)."""

    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=_courses, field_name="pk", empty_label=_("All courses")
    )

    class Meta:
        model = CoursePage
        fields = ["course"]


class WaitingReportFilterSet(WagtailFilterSet):
    """Case studies with analyses waiting, by course."""

    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=_courses, method="filter_course", empty_label=_("All courses")
    )

    class Meta:
        model = CaseStudyPage
        fields = ["course"]

    def filter_course(self, queryset, name, value):
        return _in_course(queryset, "path", value)


class CompetencyReportFilterSet(CourseReportFilterSet):
    """Pass rates per course, over one kind of assessment or all of them."""

    kind = django_filters.ChoiceFilter(
        label=_("Assessments"), choices=AssessmentKind.choices, method="keep", empty_label=_("All assessments")
    )

    class Meta(CourseReportFilterSet.Meta):
        fields = ["course", "kind"]

    def keep(self, queryset, name, value):
        # The kind narrows the attempts counted, not the courses listed: the report reads it from cleaned_data.
        return queryset


class ItemAnalysisFilterSet(CourseReportFilterSet):
    """Item analysis per course, narrowed to one assessment or one kind of assessment."""

    assessment = django_filters.ModelChoiceFilter(
        label=_("Assessment"), queryset=_assessments, method="keep", empty_label=_("All assessments")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of assessment"), choices=AssessmentKind.choices, method="keep", empty_label=_("All kinds")
    )

    class Meta(CourseReportFilterSet.Meta):
        fields = ["course", "assessment", "kind"]

    def keep(self, queryset, name, value):
        # These narrow the assessments analysed, not the courses listed: the report reads them from cleaned_data.
        return queryset
