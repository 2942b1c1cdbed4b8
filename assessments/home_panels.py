"""The reviewer's waiting work on the Wagtail dashboard (the ``construct_homepage_panels`` hook)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min
from django.urls import reverse

from wagtail.admin.ui.components import Component

from assessments.models import Answer, CaseSubmission, SubmissionStatus
from assessments.queues import written_answers_to_review


@dataclass(frozen=True)
class ReviewWorkload:
    """What waits for a reviewer: case analyses and written answers, and when the oldest of them was submitted."""

    analyses: int
    answers: int
    oldest_analysis: datetime | None
    oldest_answer: datetime | None

    @property
    def oldest(self) -> datetime | None:
        dates = [date for date in (self.oldest_analysis, self.oldest_answer) if date is not None]
        return min(dates) if dates else None


def review_workload() -> ReviewWorkload:
    """Two aggregate queries, whatever the size of the queues."""
    analyses = CaseSubmission.objects.filter(status=SubmissionStatus.SUBMITTED).aggregate(
        count=Count("pk"), oldest=Min("submitted_at")
    )
    answers = written_answers_to_review().aggregate(count=Count("pk"), oldest=Min("attempt__submitted_at"))
    return ReviewWorkload(analyses["count"], answers["count"], analyses["oldest"], answers["oldest"])


class ReviewWorkPanel(Component):
    """Counts of the analyses and written answers waiting, the oldest submission, links to both queues."""

    name = "review_work"
    order = 50
    template_name = "assessments/admin/home_review_panel.html"

    def __init__(self, *, show_analyses: bool, show_answers: bool):
        self.show_analyses = show_analyses
        self.show_answers = show_answers

    def get_context_data(self, parent_context=None):
        return {
            "workload": review_workload(),
            "show_analyses": self.show_analyses,
            "show_answers": self.show_answers,
            "analyses_url": reverse("reviews:index"),
            "answers_url": reverse("written-answers:index"),
        }


def review_panel_for(user) -> ReviewWorkPanel | None:
    """The panel for whoever may review analyses or score written answers; nothing for the others."""
    show_analyses = user.has_perm(f"assessments.change_{CaseSubmission._meta.model_name}")
    show_answers = user.has_perm(f"assessments.change_{Answer._meta.model_name}")
    if not (show_analyses or show_answers):
        return None
    return ReviewWorkPanel(show_analyses=show_analyses, show_answers=show_answers)
