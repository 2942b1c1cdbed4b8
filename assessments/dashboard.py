"""The learner dashboard's panels from this app: case work, results, and the competency profile of each course."""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component

from assessments.evidence import CompetencyProfile, competency_profile
from assessments.models import Attempt, CaseReview, CaseSubmission, SubmissionStatus
from assessments.radar import RadarSeries, radar_svg
from course.codes import CompetencyCode
from course.progress import CourseProgress, ModuleProgress


class DashboardPanel(Component):
    """A section of the learner's dashboard, rendered from a template with a prepared context."""

    def __init__(self, order: int, template_name: str, context: dict):
        self.order = order
        self.template_name = template_name
        self.context = context

    def get_context_data(self, parent_context):
        return self.context


def radar_series(profile: CompetencyProfile) -> list[RadarSeries]:
    series = [RadarSeries(str(_("Current level")), profile.current, "radar-current")]
    if any(level is not None for level in profile.entry.values()):
        series.append(RadarSeries(str(_("Entry diagnostic")), profile.entry, "radar-entry"))
    if any(level is not None for level in profile.self_assessment.values()):
        series.append(RadarSeries(str(_("Self-assessment")), profile.self_assessment, "radar-self"))
    return series


def competency_radar(series: list[RadarSeries]) -> str:
    axes = [(code, str(label)) for code, label in CompetencyCode.choices]
    return radar_svg(axes, series, title=str(_("Competency profile")))


def recommended_modules(progress: CourseProgress, focus: list[str], limit: int = 3) -> list[ModuleProgress]:
    """The trajectory: unfinished modules that develop the weakest competencies, those that develop more first.

    It never starts with a locked module: the first open one among them leads, or else the learner's current
    module (the one to finish before the others open); locked modules may follow, shown as locked."""
    unfinished = [module for module in progress.modules if not module.complete]
    prefetch_related_objects([module.module for module in unfinished], "competency_tags")
    matches = [(len(set(module.module.competency_codes) & set(focus)), module) for module in unfinished]
    ranked = [module for count, module in sorted(matches, key=lambda pair: (-pair[0], pair[1].module.number)) if count]
    first = next((module for module in ranked if module.unlocked), None)
    first = first or next((module for module in unfinished if module.unlocked), None)
    if first is None:
        return []
    return [first, *(module for module in ranked if module is not first)][:limit]


def profile_context(user, progress: CourseProgress) -> dict:
    profile = competency_profile(user, progress.course)
    series = radar_series(profile) if profile.has_evidence else []
    return {
        "course": progress.course,
        "profile": profile,
        "radar": competency_radar(series) if series else "",
        "radar_series": series,
        "recommended": recommended_modules(progress, profile.focus) if profile.has_evidence else [],
    }


# The panels list titles and states: the cases' and tests' content, the analyses and the drawn questions stay in the
# database (each row would carry kilobytes of JSON and HTML the dashboard never shows).
CASE_CONTENT = ("participants", "questions", "rubric")


def panels_for(user, progresses: list[CourseProgress]) -> list[DashboardPanel]:
    submissions = list(
        CaseSubmission.objects.for_user(user)
        .select_related("case")
        .defer("draft", *(f"case__{name}" for name in CASE_CONTENT))
        .order_by("-updated_at")
    )
    reviews = list(
        CaseReview.objects.filter(version__submission__user=user)
        .select_related("version__submission__case")
        .defer(
            "version__body",
            "version__submission__draft",
            *(f"version__submission__case__{name}" for name in CASE_CONTENT),
        )
        .order_by("-created_at")[:10]
    )
    attempts = list(
        Attempt.objects.filter(user=user)
        .select_related("page")
        .defer("items", "result", "page__questions")
        .order_by("-started_at")[:10]
    )
    panels = [
        DashboardPanel(
            20,
            "assessments/dashboard/case_work.html",
            {
                "drafts": [s for s in submissions if s.status in {SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}],
                "awaiting": [s for s in submissions if s.status == SubmissionStatus.SUBMITTED],
                "reviews": reviews,
                "attempts": attempts,
            },
        )
    ]
    panels += [
        DashboardPanel(30, "assessments/dashboard/profile.html", profile_context(user, progress))
        for progress in progresses
    ]
    return panels
