"""The mentor's requests on the learner dashboard: waiting ones first, with the buttons to answer them."""

from django.middleware.csrf import get_token

from assessments.dashboard import DashboardPanel
from mentors.models import MentoringRequest, MentorProfile, RequestStatus

ORDER = {RequestStatus.PENDING: 0, RequestStatus.ACCEPTED: 1, RequestStatus.DECLINED: 2, RequestStatus.CLOSED: 3}
RECENT_ANSWERED = 10


def request_panels(request, panels, progresses) -> None:
    """The ``construct_learner_dashboard`` hook; nothing for a learner without a mentor profile."""
    profile = MentorProfile.objects.filter(user=request.user).first()
    if profile is None:
        return
    requests = list(MentoringRequest.objects.for_mentor(request.user).select_related("municipality")[:100])
    requests.sort(key=lambda item: (ORDER.get(item.status, 9), -item.created_at.timestamp()))
    open_requests = [r for r in requests if r.status in {RequestStatus.PENDING, RequestStatus.ACCEPTED}]
    answered = [r for r in requests if r not in open_requests][:RECENT_ANSWERED]
    # Panels render outside the page's RequestContext, so the forms get their CSRF token here.
    context = {
        "profile": profile,
        "open_requests": open_requests,
        "answered": answered,
        "csrf_token": get_token(request),
    }
    panels.append(DashboardPanel(16, "mentors/dashboard/requests.html", context))
