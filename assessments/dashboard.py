"""The learner dashboard's panels from this app: case work, results, and the competency profile of each course."""

from functools import partial

from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component

from assessments.evidence import CompetencyProfile, competency_profile
from assessments.models import Attempt, CaseReview, CaseSubmission, SubmissionStatus
from assessments.radar import RadarSeries, radar_svg
from course.caching import kept, learner_version, tree_version
from course.codes import CompetencyCode
from course.progress import PROGRESS_CACHE_SECONDS, CourseProgress, ModuleProgress


class DashboardPanel(Component):
    """A section of the learner's dashboard, rendered from a template with a prepared context."""

    def __init__(self, order: int, template_name: str, context: dict):
        self.order = order
        self.template_name = template_name
        self.context = context

    def get_context_data(self, parent_context):
        # With the request, the page links ({% pageurl %}) read the site root paths once per request instead of
        # once per link from the cache.
        request = parent_context.get("request") if parent_context is not None else None
        return {"request": request, **self.context}


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


class KeptPanel(DashboardPanel):
    """A panel rendered when it is made, perhaps kept from an earlier request (``panels_for``); ``context`` holds what
    other panels read from it (the competency profile's levels, for the certification checklist)."""

    def __init__(self, order: int, template_name: str, html: str, context: dict | None = None):
        super().__init__(order, template_name, context or {})
        self.html = html

    def render_html(self, parent_context=None):
        return self.html


# The levels a kept profile brings back, for the panels that read them (the log is only in the rendering).
KEPT_LEVELS = ("current", "entry", "self_assessment", "focus", "items")
WORK_TEMPLATE = "assessments/dashboard/case_work.html"
PROFILE_TEMPLATE = "assessments/dashboard/profile.html"


def kept_key(name: str, request) -> str:
    """Per learner, host (the page links) and language, and per version of the learner's records (submissions,
    reviews, attempts, levels, the log and the trajectory all change with them) and of the tree (titles, links, the
    modules' competencies): a kept rendering is never stale, only unused."""
    user_id = request.user.pk
    versions = f"{learner_version(user_id)}:{tree_version()}"
    place = f"{request.get_host()}:{get_language() or ''}:{timezone.get_current_timezone_name()}"
    return f"assessments:{name}:{user_id}:{versions}:{place}"


# The panels list titles and states: the cases' and tests' content, the analyses and the drawn questions stay in the
# database (each row would carry kilobytes of JSON and HTML the dashboard never shows).
CASE_CONTENT = ("participants", "questions", "rubric")


def work_context(user) -> dict:
    """The case work panel: drafts and returned analyses, those awaiting review, feedback and test results."""
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
    return {
        "drafts": [s for s in submissions if s.status in {SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}],
        "awaiting": [s for s in submissions if s.status == SubmissionStatus.SUBMITTED],
        "reviews": reviews,
        "attempts": attempts,
    }


def panels_for(request, progresses: list[CourseProgress]) -> list[DashboardPanel]:
    """The case work panel and each course's competency profile (chart, table, trajectory, evidence log), rendered
    once per learner version (a submission, a review, an attempt or a grade bumps it) and kept in the cache, as the
    course outline is: a dashboard that shows the same work again costs one cache read for all of them."""
    user = request.user

    def render(template_name: str, context: dict) -> str:
        return str(get_template(template_name).render({"request": request, **context}))

    def make_profile(progress: CourseProgress) -> tuple[dict, str]:
        context = profile_context(user, progress)
        levels = {name: getattr(context["profile"], name) for name in KEPT_LEVELS}
        return levels, render(PROFILE_TEMPLATE, context)

    work_key = kept_key("work-panel", request)
    profile_keys = {
        progress.course.pk: kept_key(f"profile-panel:{progress.course.pk}", request) for progress in progresses
    }
    makers = {work_key: lambda: render(WORK_TEMPLATE, work_context(user))}
    makers.update({profile_keys[progress.course.pk]: partial(make_profile, progress) for progress in progresses})
    values = kept(makers, PROGRESS_CACHE_SECONDS)
    panels = [KeptPanel(20, WORK_TEMPLATE, mark_safe(values[work_key]))]  # noqa: S308 - our own template's output
    for progress in progresses:
        levels, html = values[profile_keys[progress.course.pk]]
        profile = CompetencyProfile(progress.course, **levels)
        panels.append(KeptPanel(30, PROFILE_TEMPLATE, mark_safe(html), {"profile": profile}))  # noqa: S308
    return panels
