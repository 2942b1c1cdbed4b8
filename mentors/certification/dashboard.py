"""The learner dashboard's certification panel: certificates earned, or the checklist of what is still missing."""

from functools import partial

from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from assessments import policy
from assessments.dashboard import DashboardPanel, kept_key
from assessments.evidence import CompetencyProfile, competency_profile
from course.caching import kept
from course.progress import PROGRESS_CACHE_SECONDS
from mentors.certification.rules import evaluate
from mentors.models.certificates import Certificate


def profiles_on_the_dashboard(panels) -> dict[int, CompetencyProfile]:
    """The competency profiles the assessments app's panels already hold, by course: its hook runs first
    (``assessments`` is installed before ``mentors``), so the checklist reuses them instead of computing them again."""
    found = (getattr(panel, "context", {}).get("profile") for panel in panels)
    return {profile.course.pk: profile for profile in found if isinstance(profile, CompetencyProfile)}


def certification_panels(request, panels, progresses) -> None:
    """The ``construct_learner_dashboard`` hook: one panel with every course's certificate or checklist.

    A checklist is a function of the learner's progress and levels and of the course: it is rendered once per
    learner and tree version and language, and kept (``kept_key``); whether a certificate was issued, revoked or has
    expired is read afresh on every request."""
    certificates = {
        certificate.course_id: certificate
        for certificate in Certificate.objects.filter(user=request.user).select_related("profile")
    }
    rows = []
    for progress in progresses:
        course = progress.course
        certificate = certificates.get(course.pk)
        if certificate is not None:
            rows.append({"course": course, "certificate": certificate})
        elif course.issues_certificates:
            rows.append({"course": course, "progress": progress, "key": kept_key(f"checklist:{course.pk}", request)})
    _checklists(request, panels, [row for row in rows if "key" in row])
    prefetch_related_objects([row["certificate"] for row in rows if "certificate" in row], "profile__formats")
    if rows:
        panels.append(DashboardPanel(15, "mentors/dashboard/certification.html", {"rows": rows}))


def _checklists(request, panels, rows: list[dict]) -> None:
    """Each row's rendered checklist, kept or made (with its ``eligibility``) and kept."""
    profiles = profiles_on_the_dashboard(panels)

    def make_checklist(row: dict) -> str:
        course = row["course"]
        profile = profiles.get(course.pk) or competency_profile(request.user, course, with_log=False)
        levels = policy.certification_levels(course)
        row["eligibility"] = evaluate(row["progress"], profile.current, levels, profile.items)
        template = get_template("mentors/dashboard/checklist.html")
        return str(template.render({"request": request, "eligibility": row["eligibility"]}))

    checklists = kept({row["key"]: partial(make_checklist, row) for row in rows}, PROGRESS_CACHE_SECONDS)
    for row in rows:
        row["checklist"] = mark_safe(checklists[row["key"]])  # noqa: S308 - our own template's output
