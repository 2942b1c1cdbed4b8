"""The page the sender's confirmation link opens: an address of its own outside the registry page (a signed token
has colons, which Wagtail's page routes do not allow)."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language

from mentors.models.pages import MentorRegistryPage
from mentors.requests import services as mentoring
from mentors.requests import tasks as request_tasks


def confirm(request, token):
    page = MentorRegistryPage.objects.live().filter(locale__language_code=get_language()).first()
    try:
        mentoring_request, confirmed_now = mentoring.confirm_request(token)
    except mentoring.LinkExpired as expired:
        context = {"page": page, "profile": expired.profile}
        return TemplateResponse(request, "mentors/requests/link_expired.html", context, status=410)
    except mentoring.LinkInvalid:
        return TemplateResponse(request, "mentors/requests/link_invalid.html", {"page": page}, status=404)
    if confirmed_now:
        dashboard_url = request.build_absolute_uri(reverse("dashboard"))
        request_tasks.notify_mentor.enqueue(request_id=mentoring_request.pk, dashboard_url=dashboard_url)
    context = {"page": page, "mentoring_request": mentoring_request, "profile": mentoring_request.profile}
    return TemplateResponse(request, "mentors/requests/confirmed.html", context)
