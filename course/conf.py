"""The plugin's settings in one place, with their defaults: every app of the plugin reads them through ``setting``.

They all sit in one dictionary, ``MENTOR_LMS = {"BASE_TEMPLATE": ..., "CERTIFICATE_SIGNING_KEY": ..., ...}``, whose
keys are those of ``DEFAULTS``. A host that sets none of them gets the defaults. The certificate, mentoring-request
and registry settings used to be flat Django settings (``settings.CERTIFICATE_BASE_URL``, ...): a flat one is still
read where ``MENTOR_LMS`` lacks its key, and ``course.checks`` reports it as deprecated (``mentor_lms.W001``), a value
of the wrong kind, and an unknown key at ``manage.py check``, before any request reads them.
"""

from django.conf import settings

DEFAULTS = {
    # The template every page of the plugin extends; it must define the blocks title, extra_css, body_class, content
    # and extra_js (Wagtail's project template does).
    "BASE_TEMPLATE": "base.html",
    # Whether the plugin's pages link its stylesheet (course/static/course/mentor-lms.css); False where the site's
    # base template links it for every page.
    "STYLESHEET": True,
    # Where the course landing sends a visitor who has no account (a URL name or a path); empty: only the login.
    "SIGNUP_URL": "",
    # The address in the certificates' QR codes and credentials; empty: WAGTAILADMIN_BASE_URL.
    "CERTIFICATE_BASE_URL": "",
    "CERTIFICATE_ISSUER_NAME": "Mentor LMS",
    "CERTIFICATE_ISSUER_URL": "",
    # The RSA private key (PEM) that signs the credentials; empty: one derived from SECRET_KEY (not for production).
    "CERTIFICATE_SIGNING_KEY": "",
    "CERTIFICATE_SIGNING_KEY_ID": "key-1",
    # A JSON object (or a dict) {key id: public key PEM} of the keys a rotation replaced.
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

# The keys that were flat Django settings before they moved into MENTOR_LMS (deprecated there).
FLAT = tuple(name for name in DEFAULTS if name.startswith(("CERTIFICATE_", "MENTORING_", "MENTORS_")))


def setting(name: str):
    """The value of one of the plugin's settings (read at each call, so that ``override_settings`` applies):
    ``MENTOR_LMS[name]``, else the deprecated flat ``settings.<name>``, else the default."""
    namespaced = options()
    if name in namespaced:
        return namespaced[name]
    if name in FLAT and hasattr(settings, name):
        return getattr(settings, name)
    return DEFAULTS[name]


def flat_settings() -> dict:
    """The deprecated flat settings the host still sets, by name (for ``course.checks``)."""
    return {name: getattr(settings, name) for name in FLAT if hasattr(settings, name)}


def options() -> dict:
    """``settings.MENTOR_LMS``, or an empty dictionary where it is missing or is not one (``mentor_lms.E001``)."""
    value = getattr(settings, "MENTOR_LMS", None)
    return value if isinstance(value, dict) else {}
