"""The plugin's settings in one place, with their defaults: every app of the plugin reads them through ``setting``.

Presentation settings sit in one dictionary, ``MENTOR_LMS = {"BASE_TEMPLATE": ..., "STYLESHEET": ..., ...}``; the
certificate and mentoring-request settings keep the names production environments already set
(``CERTIFICATE_…``, ``MENTORING_REQUEST…``, ``MENTORS_REGISTRY_…``). A host that sets none of them gets the defaults;
``course.checks`` reports a value of the wrong kind at ``manage.py check``, before any request reads it.
"""

from django.conf import settings

# MENTOR_LMS["<key>"]
PRESENTATION = {
    # The template every page of the plugin extends; it must define the blocks title, extra_css, body_class, content
    # and extra_js (Wagtail's project template does).
    "BASE_TEMPLATE": "base.html",
    # Whether the plugin's pages link its stylesheet (course/static/course/mentor-lms.css); False where the site's
    # base template links it for every page.
    "STYLESHEET": True,
    # Where the course landing sends a visitor who has no account (a URL name or a path); empty: only the login.
    "SIGNUP_URL": "",
}

# settings.<name>
NAMED = {
    "CERTIFICATE_BASE_URL": "",
    "CERTIFICATE_ISSUER_NAME": "Mentor LMS",
    "CERTIFICATE_ISSUER_URL": "",
    "CERTIFICATE_SIGNING_KEY": "",
    "CERTIFICATE_SIGNING_KEY_ID": "key-1",
    "CERTIFICATE_RETIRED_KEYS": "{}",
    "CERTIFICATE_JWT_LIFETIME_DAYS": 365,
    "CERTIFICATE_STATUS_LIST_TTL": 24 * 60 * 60,
    "CERTIFICATE_LOOKUP_THROTTLE_ATTEMPTS": 30,
    "CERTIFICATE_LOOKUP_THROTTLE_WINDOW": 15 * 60,
    "MENTORING_REQUEST_CONFIRM_DAYS": 3,
    "MENTORING_REQUESTS_PER_ADDRESS": 5,
    "MENTORING_REQUESTS_PER_EMAIL": 3,
    "MENTORING_REQUESTS_WINDOW": 60 * 60,
    "MENTORING_REQUESTS_EMAIL_WINDOW": 24 * 60 * 60,
    "MENTORS_REGISTRY_COUNT_LIMIT": 1000,
    # "auto": the PostgreSQL search document on PostgreSQL with Wagtail's database backend; "postgres"; "wagtail".
    "MENTORS_REGISTRY_SEARCH": "auto",
}


def setting(name: str):
    """The value of one of the plugin's settings (read at each call, so that ``override_settings`` applies)."""
    if name in PRESENTATION:
        return presentation().get(name, PRESENTATION[name])
    return getattr(settings, name, NAMED[name])


def presentation() -> dict:
    value = getattr(settings, "MENTOR_LMS", None)
    return value if isinstance(value, dict) else {}
