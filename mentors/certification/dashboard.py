"""The learner dashboard's certification panel: certificates earned, or the checklist of what is still missing."""

from django.db.models import prefetch_related_objects

from assessments import policy
from assessments.dashboard import DashboardPanel
from assessments.evidence import competency_profile
from mentors.certification.rules import evaluate
from mentors.models.certificates import Certificate


def certification_panels(request, panels, progresses) -> None:
    """The ``construct_learner_dashboard`` hook: one panel with every course's certificate or checklist."""
    certificates = {
        certificate.course_id: certificate
        for certificate in Certificate.objects.filter(user=request.user).select_related("profile")
    }
    rows = []
    for progress in progresses:
        certificate = certificates.get(progress.course.pk)
        if certificate is not None:
            rows.append({"course": progress.course, "certificate": certificate})
        elif progress.course.issues_certificates:
            profile = competency_profile(request.user, progress.course, with_log=False)
            levels = policy.certification_levels(progress.course)
            rows.append(
                {"course": progress.course, "eligibility": evaluate(progress, profile.current, levels, profile.items)}
            )
    prefetch_related_objects([row["certificate"] for row in rows if "certificate" in row], "profile__formats")
    if rows:
        panels.append(DashboardPanel(15, "mentors/dashboard/certification.html", {"rows": rows}))
