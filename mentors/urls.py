"""URLs of the mentors app outside the registry page: certificate checks and the mentor's side of the dashboard.

They sit under the language prefix: ``path("", include("mentors.urls"))`` in the host's i18n patterns; the addresses
that are the same in every language are in ``mentors.unprefixed_urls``.
"""

from django.urls import path

import course.converters  # noqa: F401  (the <id:...> converter)
from mentors.credentials import views as certificates
from mentors.profiles import views as dashboard
from mentors.requests import confirmation
from mentors.requests import views as requests

app_name = "mentors"

urlpatterns = [
    path("certificates/", certificates.lookup, name="certificate_lookup"),
    path("certificates/achievements/<id:course_id>/", certificates.achievement, name="achievement"),
    path("certificates/<slug:code>.pdf", certificates.pdf, name="certificate_pdf"),
    path("certificates/<slug:code>/", certificates.check, name="certificate"),
    path("certificates/<slug:code>/badge.json", certificates.badge_json, name="certificate_badge"),
    path("certificates/<slug:code>/badge.jwt", certificates.badge_jwt, name="certificate_badge_jwt"),
    # Outside the registry page: Wagtail's page URLs allow only letters, digits, "-" and "_", and a signed token
    # has colons.
    path("mentoring-requests/<str:token>/confirm/", confirmation.confirm, name="confirm_request"),
    path("dashboard/mentor/", dashboard.mentor_profile, name="mentor_profile"),
    path("dashboard/mentor/publish/", dashboard.publish, name="mentor_publish"),
    path("dashboard/mentor/unpublish/", dashboard.unpublish, name="mentor_unpublish"),
    path("dashboard/requests/<id:pk>/accept/", requests.accept, name="request_accept"),
    path("dashboard/requests/<id:pk>/decline/", requests.decline, name="request_decline"),
    path("dashboard/requests/<id:pk>/close/", requests.close, name="request_close"),
]
