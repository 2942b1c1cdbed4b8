"""The reviewers' screens in the Wagtail admin: the queue of case analyses with the review form, and the queue of
written answers with their scoring form.

Views bind the form, call one service (``assessments.cases.review_submission``,
``assessments.attempts.review_written_answer``) and render; the rules stay in the services.

Access: the case queue needs ``assessments.change_casesubmission``, the written answers
``assessments.change_answer`` (superusers have both); the whole admin needs ``wagtailadmin.access_admin``.
"""

from django import forms
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from assessments.admin_filters import CaseSubmissionFilterSet, WrittenAnswerFilterSet
from assessments.attempts import review_written_answer
from assessments.cases import (
    MAX_ANALYSIS_CHARACTERS,
    MAX_CRITERION_COMMENT,
    ReviewScoresInvalid,
    SubmissionError,
    review_submission,
    rubric_snapshot,
)
from assessments.models import (
    Answer,
    Attempt,
    AttemptStatus,
    CaseSubmission,
    CaseSubmissionVersion,
    ReviewDecision,
    SubmissionStatus,
)
from assessments.scoring import QuestionKind, rubric_points
from course.cleaning import StorableTextFormMixin
from course.codes import CompetencyCode
from course.models import CoursePage

MAX_ANSWER_FEEDBACK = 5_000
COMPETENCY_LABELS = dict(CompetencyCode.choices)


def course_of_page(path_ref: str, field: str = "title") -> Subquery:
    """A field of the course above the page at ``path_ref``, as a subquery that costs no query per row.

    A page's tree path starts with the paths of all its ancestors, so the course is the ``CoursePage`` whose path is
    the first ``depth * steplen`` characters of the page's path.
    """
    courses = CoursePage.objects.filter(path=Substr(OuterRef(path_ref), 1, F("depth") * Page.steplen))
    return Subquery(courses.values(field)[:1])


def competency_label(code: str) -> str:
    return COMPETENCY_LABELS.get(code, code)


class QueueIndexView(IndexView):
    """A reviewers' listing: the filters that are valid apply even when another one is malformed."""

    any_permission_required = ["change"]
    review_url_name = None

    def filter_queryset(self, queryset):
        if self.filters:
            # is_valid() keeps the valid values in cleaned_data and puts errors on the others, shown in the drawer.
            self.filters.is_valid()
            queryset = self.filters.filter_queryset(queryset)
        return queryset

    def get_review_url(self, instance) -> str:
        return reverse(self.review_url_name, args=[instance.pk])


# --- Case analyses ---------------------------------------------------------------------------------------------------


class ReviewQueueView(QueueIndexView):
    """Case analyses, waiting ones by default, oldest first."""

    page_title = _("Case analyses to review")
    filterset_class = CaseSubmissionFilterSet
    default_ordering = "submitted_at"

    def get_base_queryset(self):
        latest_version = (
            CaseSubmissionVersion.objects.filter(submission=OuterRef("pk")).order_by("-number").values("number")[:1]
        )
        return (
            CaseSubmission.objects.exclude(status=SubmissionStatus.DRAFT)
            .select_related("user__learner", "case")
            .annotate(version_number=Subquery(latest_version), course_title=course_of_page("case__path"))
        )

    @cached_property
    def columns(self):
        return [
            TitleColumn("learner", label=_("Learner"), accessor="user.get_full_name", get_url=self.get_review_url),
            Column("case", label=_("Case study"), accessor="case.title"),
            Column("course", label=_("Course"), accessor="course_title"),
            Column("version", label=_("Version"), accessor="version_number"),
            DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                primary=lambda submission: submission.status == SubmissionStatus.SUBMITTED,
            ),
        ]


class ReviewForm(StorableTextFormMixin, forms.Form):
    """Points on each rubric criterion (any value of its range, in steps of 0.5), feedback and the decision."""

    feedback = forms.CharField(
        label=_("Feedback to the learner"),
        required=False,
        max_length=MAX_ANALYSIS_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text; leave a blank line between paragraphs."),
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=ReviewDecision.choices, widget=forms.RadioSelect)

    def __init__(self, criteria: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[self.score_field(criterion["id"])] = forms.CharField(
                label=_("Points for “%(criterion)s”") % {"criterion": criterion["title"]},
                # The service checks the value; the browser's number input helps, but cannot be trusted.
                required=False,
                max_length=20,
                # A text input, not type="number": a number input in a Russian browser turns "5,5" into 55 or
                # nothing, while the service reads a decimal comma as it is typed.
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "autocomplete": "off",
                        "size": 6,
                        "data-review-score": "",
                        "data-max-points": criterion["max_points"],
                    }
                ),
                help_text=_("From 0 to %(max)s in steps of 0.5; a decimal comma is fine (5,5).")
                % {"max": criterion["max_points"]},
            )
            self.fields[self.comment_field(criterion["id"])] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion["title"]},
                required=False,
                max_length=MAX_CRITERION_COMMENT,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Optional; the learner sees it beside the points for this criterion."),
            )

    @staticmethod
    def score_field(criterion_id: str) -> str:
        return f"score-{criterion_id}"

    @staticmethod
    def comment_field(criterion_id: str) -> str:
        return f"comment-{criterion_id}"

    def clean(self):
        cleaned_data = super().clean()
        for criterion in self.criteria:
            name = self.score_field(criterion["id"])
            if name in cleaned_data:
                try:
                    rubric_points(cleaned_data[name], criterion["max_points"])
                except ValueError as error:
                    self.add_error(name, str(error))
        if cleaned_data.get("decision") == ReviewDecision.RETURNED and not cleaned_data.get("feedback", "").strip():
            self.add_error("feedback", _("Say what to revise when you return an analysis."))
        return cleaned_data

    def scores(self) -> dict[str, str]:
        return {
            criterion["id"]: self.cleaned_data.get(self.score_field(criterion["id"]), "")
            for criterion in self.criteria
        }

    def comments(self) -> dict[str, str]:
        return {
            criterion["id"]: self.cleaned_data.get(self.comment_field(criterion["id"]), "")
            for criterion in self.criteria
        }

    def rubric(self) -> list[dict]:
        """Each criterion with its competency's name and its bound score field, for the template."""
        return [
            {
                **criterion,
                "competency_label": competency_label(criterion["competency"]),
                "field": self[self.score_field(criterion["id"])],
                "comment_field": self[self.comment_field(criterion["id"])],
            }
            for criterion in self.criteria
        ]


def _review_of(version: CaseSubmissionVersion):
    try:
        return version.review
    except CaseSubmissionVersion.review.RelatedObjectDoesNotExist:
        return None


class ReviewView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """One analysis: its latest version beside the rubric and the review form; earlier rounds below."""

    model = CaseSubmission
    permission_required = "change"
    template_name = "assessments/admin/review.html"
    index_url_name = None
    header_icon = "tasks"

    @cached_property
    def submission(self) -> CaseSubmission:
        # Looked up after the permission check of dispatch(), so that ids are not probed by who may not review.
        queryset = CaseSubmission.objects.exclude(status=SubmissionStatus.DRAFT).select_related(
            "user__learner", "case"
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    @cached_property
    def versions(self) -> list[CaseSubmissionVersion]:
        versions = self.submission.versions.select_related("review__reviewer").order_by("-number")
        return list(versions)

    @property
    def waiting(self) -> bool:
        return self.submission.status == SubmissionStatus.SUBMITTED and bool(self.versions)

    def get_page_title(self):
        return _("Review of a case analysis")

    def get_page_subtitle(self):
        return self.submission.user.get_full_name()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Case analyses to review")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_form(self, data=None) -> ReviewForm:
        return ReviewForm(rubric_snapshot(self.submission.case), data=data)

    def get(self, request, *args, **kwargs):
        if not self.waiting:
            messages.warning(
                request, gettext("This analysis is not waiting for review; it is shown as it was reviewed.")
            )
        return self.render_to_response(self.get_context_data(form=self.get_form() if self.waiting else None))

    def post(self, request, *args, **kwargs):
        if not self.waiting:
            messages.error(request, gettext("This analysis is not waiting for review."))
            return redirect(request.path)
        form = self.get_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                review = review_submission(
                    self.submission,
                    request.user,
                    form.scores(),
                    data["feedback"],
                    data["decision"],
                    comments=form.comments(),
                )
            except ReviewScoresInvalid as error:
                for criterion_id, message in error.errors.items():
                    form.add_error(form.score_field(criterion_id), message)
            except SubmissionError as error:
                self.submission.refresh_from_db(fields=["status"])
                if self.submission.status != SubmissionStatus.SUBMITTED:
                    # Another reviewer was faster.
                    messages.error(request, error.message)
                    return redirect(request.path)
                form.add_error("feedback", error.message)
            else:
                # "of 50 points" agrees with the maximum; both numbers in the language's own decimal separator.
                if review.decision == ReviewDecision.ACCEPTED:
                    message = ngettext(
                        "The analysis of %(learner)s is accepted: %(total)s of %(max)s point.",
                        "The analysis of %(learner)s is accepted: %(total)s of %(max)s points.",
                        int(review.max_total),
                    )
                else:
                    message = ngettext(
                        "The analysis of %(learner)s is returned for revision: %(total)s of %(max)s point.",
                        "The analysis of %(learner)s is returned for revision: %(total)s of %(max)s points.",
                        int(review.max_total),
                    )
                points = {
                    "learner": self.submission.user.get_full_name(),
                    "total": number_format(f"{review.total:g}"),
                    "max": number_format(f"{review.max_total:g}"),
                }
                messages.success(request, message % points)
                return redirect(self.index_url_name)
        messages.error(request, gettext("The review could not be saved; see the errors below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest, *earlier = self.versions or [None]
        context.update(
            submission=self.submission,
            case=self.submission.case,
            learner=self.submission.user,
            latest=latest,
            latest_review=_review_of(latest) if latest else None,
            earlier=[{"version": version, "review": _review_of(version)} for version in earlier],
            rubric=kwargs["form"].rubric() if kwargs.get("form") else None,
            index_url=reverse(self.index_url_name),
        )
        return context


class ReviewQueueViewSet(ModelViewSet):
    """The queue of case analyses (``/admin/reviews/``) and the review screen (``/admin/reviews/<id>/``)."""

    model = CaseSubmission
    name = "reviews"
    icon = "tasks"
    menu_label = _("Case analyses")
    menu_name = "case-analyses"
    index_view_class = ReviewQueueView
    review_view_class = ReviewView
    # Searched with the ORM (the models are not in the search index): a learner's name or the case's title.
    search_fields = ["user__last_name", "user__first_name", "case__title"]
    search_backend_name = None
    add_to_reference_index = False
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        # Nobody adds, edits or deletes submissions here: no such URLs, so no such buttons.
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(review_url_name=self.get_url_name("review"), **kwargs)

    @property
    def review_view(self):
        return self.construct_view(self.review_view_class)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.review_view, name="review"),
        ]

    @property
    def url_finder_class(self):
        return type("_ReviewURLFinder", (ModelAdminURLFinder,), {"edit_url_name": self.get_url_name("review")})

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().filter(codename="change_casesubmission")


# --- Written answers -------------------------------------------------------------------------------------------------


def short_answer_questions_awaiting_review() -> list[str]:
    """Ids of the written-answer questions of the attempts waiting for a reviewer, from the attempts' own snapshots
    (one query)."""
    snapshots = Attempt.objects.filter(status=AttemptStatus.AWAITING_REVIEW).values_list("items", flat=True)
    return sorted(
        {item["id"] for items in snapshots for item in items if item.get("type") == QuestionKind.SHORT_ANSWER.value}
    )


def written_answers_to_review():
    """Written answers of submitted attempts that no reviewer has scored yet."""
    return Answer.objects.filter(
        attempt__status=AttemptStatus.AWAITING_REVIEW,
        manual_points__isnull=True,
        value__isnull=False,
        question_id__in=short_answer_questions_awaiting_review(),
    )


def question_of(answer: Answer) -> dict:
    """The written-answer question (prompt, guidance, points, …) as the attempt showed it; empty when it is not one."""
    item = answer.attempt.item_map().get(answer.question_id)
    if item is None or item.get("type") != QuestionKind.SHORT_ANSWER.value:
        return {}
    return item


class WrittenAnswerQueueView(QueueIndexView):
    """Written answers waiting for points, oldest attempt first."""

    page_title = _("Written answers to score")
    filterset_class = WrittenAnswerFilterSet
    default_ordering = "attempt__submitted_at"

    def get_base_queryset(self):
        return (
            written_answers_to_review()
            .select_related("attempt__user__learner", "attempt__page")
            .annotate(course_title=course_of_page("attempt__page__path"))
        )

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "learner", label=_("Learner"), accessor="attempt.user.get_full_name", get_url=self.get_review_url
            ),
            Column("assessment", label=_("Assessment"), accessor="attempt.page.title"),
            Column("course", label=_("Course"), accessor="course_title"),
            Column("question", label=_("Question"), accessor=lambda answer: question_of(answer).get("prompt", "")),
            DateColumn(
                "submitted", label=_("Submitted"), accessor="attempt.submitted_at", sort_key="attempt__submitted_at"
            ),
        ]


class WrittenAnswerForm(StorableTextFormMixin, forms.Form):
    """Points from 0 to the question's points, and feedback in plain text."""

    feedback = forms.CharField(
        label=_("Feedback to the learner"),
        required=False,
        max_length=MAX_ANSWER_FEEDBACK,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, max_points: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "points": forms.DecimalField(
                label=_("Points"),
                min_value=0,
                max_value=max_points,
                max_digits=6,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.5"}),
                help_text=_("From 0 to %(max)s.") % {"max": max_points},
            ),
            **self.fields,
        }


class WrittenAnswerReviewView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """One written answer with the question, the guidance for the reviewer and the scoring form."""

    model = Answer
    permission_required = "change"
    template_name = "assessments/admin/written_answer.html"
    index_url_name = None
    header_icon = "edit"

    @cached_property
    def answer(self) -> Answer:
        answer = get_object_or_404(
            Answer.objects.select_related("attempt__user__learner", "attempt__page"), pk=self.kwargs["pk"]
        )
        if not question_of(answer):
            raise Http404
        return answer

    @cached_property
    def question(self) -> dict:
        return question_of(self.answer)

    @property
    def waiting(self) -> bool:
        return self.answer.attempt.status == AttemptStatus.AWAITING_REVIEW and self.answer.manual_points is None

    def get_page_title(self):
        return _("Score a written answer")

    def get_page_subtitle(self):
        return self.answer.attempt.user.get_full_name()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Written answers to score")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_form(self, data=None) -> WrittenAnswerForm:
        return WrittenAnswerForm(int(self.question["points"]), data=data)

    def get(self, request, *args, **kwargs):
        if not self.waiting:
            messages.warning(request, gettext("This answer is not waiting for points."))
        return self.render_to_response(self.get_context_data(form=self.get_form() if self.waiting else None))

    def post(self, request, *args, **kwargs):
        if not self.waiting:
            messages.error(request, gettext("This answer is not waiting for points."))
            return redirect(request.path)
        form = self.get_form(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("The points could not be saved; see the errors below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        attempt = review_written_answer(
            self.answer, request.user, form.cleaned_data["points"], form.cleaned_data["feedback"].strip()
        )
        if attempt.status == AttemptStatus.GRADED:
            message = gettext("Points saved. The attempt of %(learner)s is graded: %(percent)s%%.") % {
                "learner": attempt.user.get_full_name(),
                "percent": attempt.percent,
            }
        else:
            message = gettext("Points saved. Other answers of this attempt still wait for review.")
        messages.success(request, message)
        return redirect(self.index_url_name)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            answer=self.answer,
            attempt=self.answer.attempt,
            learner=self.answer.attempt.user,
            question=self.question,
            competency=competency_label(self.question.get("competency", "")),
            index_url=reverse(self.index_url_name),
        )
        return context


class WrittenAnswerViewSet(ReviewQueueViewSet):
    """Written answers to score (``/admin/written-answers/``, one answer at ``/admin/written-answers/<id>/``)."""

    model = Answer
    name = "written-answers"
    icon = "edit"
    menu_label = _("Written answers")
    menu_name = "written-answers"
    index_view_class = WrittenAnswerQueueView
    review_view_class = WrittenAnswerReviewView
    search_fields = ["attempt__user__last_name", "attempt__user__first_name", "attempt__page__title"]

    def get_permissions_to_register(self):
        return ModelViewSet.get_permissions_to_register(self).filter(codename="change_answer")


class ReviewsGroup(ViewSetGroup):
    """The reviewers' menu: case analyses and written answers."""

    items = (ReviewQueueViewSet, WrittenAnswerViewSet)
    menu_label = _("Reviews")
    menu_name = "reviews"
    menu_icon = "tasks"
    menu_order = 250
