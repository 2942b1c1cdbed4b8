"""The reviewers' screens in the Wagtail admin: the queue of case analyses and the queue of written answers, each
with the screen where one piece of work is reviewed.

Views bind the form, call one service (``assessments.cases.review_submission``,
``assessments.attempts.review_written_answer``) and render; the rules stay in the services, the queries in
``assessments.queues``.

Access: the case queue needs ``assessments.change_casesubmission``, the written answers
``assessments.change_answer`` (superusers have both); the whole admin needs ``wagtailadmin.access_admin``.
"""

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from assessments.admin_filters import CaseSubmissionFilterSet, WrittenAnswerFilterSet
from assessments.attempts import review_written_answer
from assessments.cases import ReviewScoresInvalid, SubmissionError, review_submission, rubric_snapshot
from assessments.models import (
    Answer,
    AttemptStatus,
    CaseSubmission,
    CaseSubmissionVersion,
    ReviewDecision,
    SubmissionStatus,
)
from assessments.policy import competency_label
from assessments.queues import course_of_page, question_of, written_answers_to_review
from assessments.review_forms import ReviewForm, WrittenAnswerForm


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


def _review_of(version: CaseSubmissionVersion):
    try:
        return version.review
    except CaseSubmissionVersion.review.RelatedObjectDoesNotExist:
        return None


class ReviewClosed(Exception):
    """The work stopped waiting while the reviewer was at it (another reviewer was faster)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReviewScreenView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """One piece of work beside the form that reviews it, while it waits; as it was reviewed afterwards.

    The screens of case analyses and of written answers differ only in what they read (``get_work``), whether it
    waits, the form, the service that saves the review (``save_review``) and their wording (the attributes below).
    """

    permission_required = "change"
    index_url_name = None
    queue_title = ""
    not_waiting_notice = ""  # shown above the work once reviewed
    not_waiting_error = ""  # a review posted once it no longer waits
    invalid_message = ""

    @cached_property
    def work(self):
        # Looked up after the permission check of dispatch(), so that ids are not probed by who may not review.
        return self.get_work()

    def get_work(self):
        raise NotImplementedError

    @property
    def waiting(self) -> bool:
        raise NotImplementedError

    @property
    def learner(self):
        raise NotImplementedError

    def get_form(self, data=None):
        raise NotImplementedError

    def save_review(self, form) -> str | None:
        """Save the review with the service; the message to show, or ``None`` when the service put errors on
        ``form``. Raises ``ReviewClosed`` when the work stopped waiting meanwhile."""
        raise NotImplementedError

    def get_page_subtitle(self):
        return self.learner.get_full_name()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.queue_title},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get(self, request, *args, **kwargs):
        if not self.waiting:
            messages.warning(request, self.not_waiting_notice)
        return self.render_to_response(self.get_context_data(form=self.get_form() if self.waiting else None))

    def post(self, request, *args, **kwargs):
        if not self.waiting:
            messages.error(request, self.not_waiting_error)
            return redirect(request.path)
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                message = self.save_review(form)
            except ReviewClosed as closed:
                messages.error(request, closed.message)
                return redirect(request.path)
            if message is not None:
                messages.success(request, message)
                return redirect(self.index_url_name)
        messages.error(request, self.invalid_message)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(learner=self.learner, index_url=reverse(self.index_url_name))
        return context


class ReviewView(ReviewScreenView):
    """One analysis: its latest version beside the rubric and the review form; earlier rounds below."""

    model = CaseSubmission
    template_name = "assessments/admin/review.html"
    header_icon = "tasks"
    page_title = _("Review of a case analysis")
    queue_title = _("Case analyses to review")
    not_waiting_notice = _("This analysis is not waiting for review; it is shown as it was reviewed.")
    not_waiting_error = _("This analysis is not waiting for review.")
    invalid_message = _("The review could not be saved; see the errors below.")

    def get_work(self) -> CaseSubmission:
        queryset = CaseSubmission.objects.exclude(status=SubmissionStatus.DRAFT).select_related(
            "user__learner", "case"
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    @cached_property
    def versions(self) -> list[CaseSubmissionVersion]:
        return list(self.work.versions.select_related("review__reviewer").order_by("-number"))

    @property
    def waiting(self) -> bool:
        return self.work.status == SubmissionStatus.SUBMITTED and bool(self.versions)

    @property
    def learner(self):
        return self.work.user

    def get_form(self, data=None) -> ReviewForm:
        return ReviewForm(rubric_snapshot(self.work.case), data=data)

    def save_review(self, form: ReviewForm) -> str | None:
        submission = self.work
        try:
            review = review_submission(
                submission,
                self.request.user,
                form.scores(),
                form.cleaned_data["feedback"],
                form.cleaned_data["decision"],
                comments=form.comments(),
            )
        except ReviewScoresInvalid as error:
            for criterion_id, message in error.errors.items():
                form.add_error(form.score_field(criterion_id), message)
            return None
        except SubmissionError as error:
            submission.refresh_from_db(fields=["status"])
            if submission.status != SubmissionStatus.SUBMITTED:
                raise ReviewClosed(error.message) from error
            form.add_error("feedback", error.message)
            return None
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
        return message % {
            "learner": submission.user.get_full_name(),
            "total": number_format(f"{review.total:g}"),
            "max": number_format(f"{review.max_total:g}"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest, *earlier = self.versions or [None]
        context.update(
            submission=self.work,
            case=self.work.case,
            latest=latest,
            latest_review=_review_of(latest) if latest else None,
            earlier=[{"version": version, "review": _review_of(version)} for version in earlier],
            rubric=kwargs["form"].rubric() if kwargs.get("form") else None,
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


class WrittenAnswerReviewView(ReviewScreenView):
    """One written answer with the question, the guidance for the reviewer and the scoring form."""

    model = Answer
    template_name = "assessments/admin/written_answer.html"
    header_icon = "edit"
    page_title = _("Score a written answer")
    queue_title = _("Written answers to score")
    not_waiting_notice = _("This answer is not waiting for points.")
    not_waiting_error = _("This answer is not waiting for points.")
    invalid_message = _("The points could not be saved; see the errors below.")

    def get_work(self) -> Answer:
        answer = get_object_or_404(
            Answer.objects.select_related("attempt__user__learner", "attempt__page"), pk=self.kwargs["pk"]
        )
        if not question_of(answer):
            raise Http404
        return answer

    @cached_property
    def question(self) -> dict:
        return question_of(self.work)

    @property
    def waiting(self) -> bool:
        return self.work.attempt.status == AttemptStatus.AWAITING_REVIEW and self.work.manual_points is None

    @property
    def learner(self):
        return self.work.attempt.user

    def get_form(self, data=None) -> WrittenAnswerForm:
        return WrittenAnswerForm(int(self.question["points"]), data=data)

    def save_review(self, form: WrittenAnswerForm) -> str:
        attempt = review_written_answer(
            self.work, self.request.user, form.cleaned_data["points"], form.cleaned_data["feedback"].strip()
        )
        if attempt.status == AttemptStatus.GRADED:
            return _("Points saved. The attempt of %(learner)s is graded: %(percent)s%%.") % {
                "learner": attempt.user.get_full_name(),
                "percent": attempt.percent,
            }
        return str(_("Points saved. Other answers of this attempt still wait for review."))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            answer=self.work,
            attempt=self.work.attempt,
            question=self.question,
            competency=competency_label(self.question.get("competency", "")),
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
