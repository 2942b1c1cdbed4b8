"""The mentor's requests on the learner dashboard: waiting ones first, with the buttons to answer them."""

from django.db.models import Case, When
from django.middleware.csrf import get_token

from assessments.dashboard import DashboardPanel
from mentors.models.profiles import MentorProfile
from mentors.models.requests import MentoringRequest, RequestStatus

OPEN = [RequestStatus.PENDING, RequestStatus.ACCEPTED]
RECENT_ANSWERED = 10


def request_panels(request, panels, progresses) -> None:
    """The ``construct_learner_dashboard`` hook; nothing for a learner without a mentor profile."""
    if not request.user.is_authenticated:
        return
    profile = MentorProfile.objects.filter(user=request.user).first()
    if profile is None:
        return
    mine = MentoringRequest.objects.for_mentor(request.user).select_related("municipality")
    # Every open request, however many were answered since: waiting ones first, then the mentorings under way.
    open_requests = list(
        mine.filter(status__in=OPEN)
        .annotate(waiting_first=Case(When(status=RequestStatus.PENDING, then=0), default=1))
        .order_by("waiting_first", "-created_at", "-pk")
    )
    answered = list(mine.exclude(status__in=OPEN).order_by("-decided_at", "-pk")[:RECENT_ANSWERED])
    # Panels render outside the page's RequestContext, so the forms get their CSRF token here.
    context = {
        "profile": profile,
        "open_requests": open_requests,
        "answered": answered,
        "csrf_token": get_token(request),
    }
    panels.append(DashboardPanel(16, "mentors/dashboard/requests.html", context))
