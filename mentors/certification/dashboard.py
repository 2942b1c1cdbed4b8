"""The learner dashboard's certification panel: certificates earned, or the checklist of what is still missing."""

from django.db.models import prefetch_related_objects

from assessments import policy
from assessments.dashboard import DashboardPanel
from assessments.evidence import CompetencyProfile, competency_profile
from mentors.certification.rules import evaluate
from mentors.models.certificates import Certificate


def profiles_on_the_dashboard(panels) -> dict[int, CompetencyProfile]:
    """The competency profiles the assessments app's panels already hold, by course: its hook runs first
    (``assessments`` is installed before ``mentors``), so the checklist reuses them instead of computing them again."""
    found = (getattr(panel, "context", {}).get("profile") for panel in panels)
    return {profile.course.pk: profile for profile in found if isinstance(profile, CompetencyProfile)}


def certification_panels(request, panels, progresses) -> None:
    """The ``construct_learner_dashboard`` hook: one panel with every course's certificate or checklist."""
    certificates = {
        certificate.course_id: certificate
        for certificate in Certificate.objects.filter(user=request.user).select_related("profile")
    }
    profiles = profiles_on_the_dashboard(panels)
    rows = []
    for progress in progresses:
        course = progress.course
        certificate = certificates.get(course.pk)
        if certificate is not None:
            rows.append({"course": course, "certificate": certificate})
        elif course.issues_certificates:
            profile = profiles.get(course.pk) or competency_profile(request.user, course, with_log=False)
            levels = policy.certification_levels(course)
            rows.append({"course": course, "eligibility": evaluate(progress, profile.current, levels, profile.items)})
    prefetch_related_objects([row["certificate"] for row in rows if "certificate" in row], "profile__formats")
    if rows:
        panels.append(DashboardPanel(15, "mentors/dashboard/certification.html", {"rows": rows}))
