"""Settings shared by every environment.

Safe by default (``DEBUG`` off); everything that differs between machines comes from environment variables.
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url
import dj_email_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "lms_site"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lms_site",
    "accounts",
    "course",
    "assessments",
    "mentors",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.LmsUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms_site.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms_site.urls"
WSGI_APPLICATION = "lms_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite by default so that `make run` needs nothing installed; PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL (or CACHE_URL) is set, local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mentor-lms"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "mentor-lms"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailOrUsernameBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Russian first, English second. Content is translated with wagtail-localize, strings with gettext.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LANGUAGE_NAMES_NATIVE = {"ru": "Русский", "en": "English"}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# E-mail: EMAIL_URL such as smtp://user:password@host:587/?tls=True; console by default.
_email = dj_email_url.parse(os.environ.get("EMAIL_URL", "console://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mentor LMS <noreply@mentor-lms.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (django-tasks, which Wagtail already uses). Run immediately unless a backend is configured; in
# production TASKS_BACKEND=django_tasks_db.DatabaseBackend queues them in the database for `manage.py db_worker`.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# Wagtail
WAGTAIL_SITE_NAME = "Mentor LMS"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": os.environ.get("SEARCH_BACKEND", "wagtail.search.backends.database"),
        # Used by the PostgreSQL implementation of the database backend: Russian morphology.
        "SEARCH_CONFIG": os.environ.get("SEARCH_CONFIG", "russian"),
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No avatars from gravatar.com: it would send a hash of staff e-mail addresses to a third party (152-ФЗ).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# Learners log in at /<lang>/accounts/login/; the Wagtail admin keeps its own login at /admin/login/.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
# Pages an editor restricts to logged-in users send visitors to the learners' login, not Wagtail's plain one.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# Throttling (accounts/throttling.py), counted in the cache: failed logins per e-mail or username, failed logins per
# client IP address (higher: a school's teachers often share one address), password-reset requests per IP address
# and per e-mail address; each in a window of LOGIN_THROTTLE_WINDOW seconds.
LOGIN_THROTTLE_ATTEMPTS = int(os.environ.get("LOGIN_THROTTLE_ATTEMPTS", "5"))
LOGIN_THROTTLE_IP_ATTEMPTS = int(os.environ.get("LOGIN_THROTTLE_IP_ATTEMPTS", "30"))
LOGIN_THROTTLE_WINDOW = int(os.environ.get("LOGIN_THROTTLE_WINDOW", str(15 * 60)))
PASSWORD_RESET_THROTTLE_ATTEMPTS = int(os.environ.get("PASSWORD_RESET_THROTTLE_ATTEMPTS", "5"))
# Reverse proxies in front of the site that append the client's address to X-Forwarded-For; 0 trusts none and
# uses REMOTE_ADDR. Behind one proxy, set it to 1, or every visitor shares the proxy's address in the throttle.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail marks its preview views SAMEORIGIN itself, so everything else can refuse framing.
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Task and publishing chatter drowns the useful lines when the demo content loads.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # WeasyPrint reports every step of every PDF (and of the default stylesheets it loads on import).
        "weasyprint": {"level": "WARNING"},
    },
}

# Certificates (mentors/certificates.py, pdf.py, badges.py)
# The public address printed in the QR code of every PDF and used in the Open Badges credentials; empty: the admin's
# base URL. It must not change once certificates are handed out, or the printed QR codes break.
CERTIFICATE_BASE_URL = os.environ.get("CERTIFICATE_BASE_URL", "")
CERTIFICATE_ISSUER_NAME = os.environ.get(
    "CERTIFICATE_ISSUER_NAME", "Институт развития образования Республики Татарстан"
)
CERTIFICATE_ISSUER_URL = os.environ.get("CERTIFICATE_ISSUER_URL", "")  # the institute's site; empty: the LMS itself
# The Ed25519 private key (PEM) that signs the credentials (VC-JWT); production must set it. When it is empty, a key
# derived from SECRET_KEY is used, which is fine for development and tests only.
CERTIFICATE_SIGNING_KEY = os.environ.get("CERTIFICATE_SIGNING_KEY", "")
CERTIFICATE_SIGNING_KEY_ID = os.environ.get("CERTIFICATE_SIGNING_KEY_ID", "key-1")
# Look-ups by number on /<lang>/certificates/ per client IP address and window (numbers are sequential).
CERTIFICATE_LOOKUP_THROTTLE_ATTEMPTS = int(os.environ.get("CERTIFICATE_LOOKUP_THROTTLE_ATTEMPTS", "30"))
CERTIFICATE_LOOKUP_THROTTLE_WINDOW = int(os.environ.get("CERTIFICATE_LOOKUP_THROTTLE_WINDOW", str(15 * 60)))

# Mentoring requests (mentors/mentoring.py): a sender confirms the e-mail within this many days; requests are
# counted per client address and per sender e-mail in the cache (Redis in production) within the window.
MENTORING_REQUEST_CONFIRM_DAYS = int(os.environ.get("MENTORING_REQUEST_CONFIRM_DAYS", "3"))
MENTORING_REQUESTS_PER_ADDRESS = int(os.environ.get("MENTORING_REQUESTS_PER_ADDRESS", "5"))
MENTORING_REQUESTS_PER_EMAIL = int(os.environ.get("MENTORING_REQUESTS_PER_EMAIL", "3"))
MENTORING_REQUESTS_WINDOW = int(os.environ.get("MENTORING_REQUESTS_WINDOW", str(60 * 60)))
MENTORING_REQUESTS_EMAIL_WINDOW = int(os.environ.get("MENTORING_REQUESTS_EMAIL_WINDOW", str(24 * 60 * 60)))
