"""Settings shared by every environment.

Safe by default (``DEBUG`` off); everything that differs between machines comes from environment variables.
"""

import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE

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
    "axes",
    "csp",
    # Listed so that /api/v1/docs serves Swagger UI from our static files (no CDN, no inline script: CSP).
    "ninja",
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
    "lms_site.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms_site.middleware.LocaleMiddleware",
    "lms_site.middleware.SiteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "accounts.middleware.LoginDeviceCookieMiddleware",
    # Inside everything that sets headers and cookies, so those run on every response, cached or not.
    "lms_site.page_cache.PageCacheMiddleware",
    # Last, so that it sees the login page as rendered and only adds the status (accounts.throttling.lockout_response).
    "axes.middleware.AxesMiddleware",
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
                "csp.context_processors.nonce",
                "course.context_processors.mentor_lms",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction begins and wait their turn (up to the timeout) instead of failing
    # with "database is locked" when two of them upgrade a read to a write at once (two tabs accepting requests);
    # with the write-ahead log, readers never wait for a writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL (or CACHE_URL) is set, local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "lms_site.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mentor-lms"),
        }
    }
    # Sessions read from Redis, written through to the database (they survive a flush of the cache).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "mentor-lms"}}

# Anonymous responses of public pages kept in the cache (lms_site/page_cache.py), seconds; 0 turns it off.
# Publishing and the public data (mentors, certificates, reference data) invalidate at once; this bounds the rest.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "120"))
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/documents/", "/static/", "/media/")

# A CDN or caching proxy in front of the site, purged by Wagtail when pages are published (off when unset):
# FRONTEND_CACHE_URL for a proxy that takes PURGE requests (Varnish, nginx), or FRONTEND_CACHE as the JSON of
# WAGTAILFRONTENDCACHE for any of Wagtail's backends (Cloudflare, CloudFront, Azure).
WAGTAILFRONTENDCACHE = json.loads(os.environ.get("FRONTEND_CACHE") or "{}")
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_URL"],
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.contrib.forms"), "wagtail.contrib.frontend_cache")

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a throttled login before any password is checked, on every way in (site, admin).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.EmailOrUsernameBackend"]
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
# Starting a translation creates a draft in the other language; it goes live when a translator publishes it, never as
# an untranslated copy of the Russian page under /en/.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files only views hand out, after their checks (certificate PDFs): never under MEDIA_ROOT or served as media.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "certificates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private-media-is-not-served/"},
    },
}
WHITENOISE_USE_FINDERS = True

# Media on S3-compatible object storage (django-storages) when AWS_STORAGE_BUCKET_NAME is set, so that every app
# server sees the same uploads. Credentials come the usual boto3 way (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
# or the machine's role). Media are public objects at plain URLs (a CDN in front: AWS_S3_CUSTOM_DOMAIN); certificate
# PDFs go to AWS_PRIVATE_STORAGE_BUCKET_NAME (by default the same bucket under private/), as private objects whose
# only URLs would be short-lived signed ones: the site hands them out through the view that checks the status.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_SOURCES = []  # origins of media for the Content-Security-Policy (img-src)
if AWS_STORAGE_BUCKET_NAME:
    _s3 = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,  # "path" for most local servers
        "file_overwrite": False,  # as on disk: a new upload never replaces another's file
    }
    _custom_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "location": os.environ.get("AWS_LOCATION", ""),
            "custom_domain": _custom_domain or None,
            # Empty where the bucket refuses ACLs (object ownership enforced) and a bucket policy makes media public.
            "default_acl": os.environ.get("AWS_DEFAULT_ACL", "public-read") or None,
            "querystring_auth": False,
        },
    }
    STORAGES["certificates"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME") or AWS_STORAGE_BUCKET_NAME,
            "location": os.environ.get("AWS_PRIVATE_LOCATION", "private"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
    if _custom_domain:
        MEDIA_SOURCES.append(f"https://{_custom_domain}")
    elif _s3["endpoint_url"]:
        _endpoint = urlsplit(_s3["endpoint_url"])
        MEDIA_SOURCES.append(f"{_endpoint.scheme}://{_endpoint.netloc}")
        if _s3["addressing_style"] != "path":
            MEDIA_SOURCES.append(f"{_endpoint.scheme}://{AWS_STORAGE_BUCKET_NAME}.{_endpoint.netloc}")
    else:
        MEDIA_SOURCES.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
        if _s3["region_name"]:
            MEDIA_SOURCES.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_s3['region_name']}.amazonaws.com")

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
# Pixels, whatever the file's size: a 117 KB PNG of 11000x11000 took 350 MB to render at Wagtail's default (128 M).
# 40 M is a 48-megapixel phone's photo scaled down a little, or any ordinary camera's.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No avatars from gravatar.com: it would send a hash of staff e-mail addresses to a third party (152-ФЗ).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# The plugin's settings (course/conf.py), all in MENTOR_LMS: its pages extend the site's base.html, which links the
# plugin's stylesheet for every page (the accounts pages use its forms); visitors sign up here. The certificate,
# mentoring-request and registry keys are added below, read from environment variables of the same names.
MENTOR_LMS = {"BASE_TEMPLATE": "base.html", "STYLESHEET": False, "SIGNUP_URL": "accounts:signup"}

# Learners log in at /<lang>/accounts/login/; the Wagtail admin keeps its own login at /admin/login/.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
# Pages an editor restricts to logged-in users send visitors to the learners' login, not Wagtail's plain one.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# Throttling (accounts/throttling.py), counted in the cache. Failed logins, on every way in (django-axes): per client
# address (higher: a school's teachers often share one address), per (address, account), and per account as a much
# higher ceiling that the owner's devices (the cookie of an earlier login) pass; each in a window of
# LOGIN_THROTTLE_WINDOW seconds. Password-reset e-mails, the site's and the admin's: per address and per e-mail.
LOGIN_THROTTLE_ATTEMPTS = int(os.environ.get("LOGIN_THROTTLE_ATTEMPTS", "5"))
LOGIN_THROTTLE_IP_ATTEMPTS = int(os.environ.get("LOGIN_THROTTLE_IP_ATTEMPTS", "30"))
LOGIN_THROTTLE_ACCOUNT_ATTEMPTS = int(os.environ.get("LOGIN_THROTTLE_ACCOUNT_ATTEMPTS", "100"))
LOGIN_THROTTLE_WINDOW = int(os.environ.get("LOGIN_THROTTLE_WINDOW", str(15 * 60)))
LOGIN_DEVICE_COOKIE_AGE = int(os.environ.get("LOGIN_DEVICE_COOKIE_AGE", str(365 * 24 * 60 * 60)))
PASSWORD_RESET_THROTTLE_ATTEMPTS = int(os.environ.get("PASSWORD_RESET_THROTTLE_ATTEMPTS", "5"))
THROTTLE_KEY_PREFIX = "throttle"
# Reverse proxies in front of the site that append the client's address to X-Forwarded-For; 0 trusts none and
# uses REMOTE_ADDR. Behind one proxy, set it to 1, or every visitor shares the proxy's address in the throttle.
# Production refuses to start without it (it sits behind the TLS proxy that SECURE_PROXY_SSL_HEADER trusts).
_proxies = os.environ.get("TRUSTED_PROXY_COUNT", "0").strip()
if not _proxies.isdecimal():
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be a whole number of reverse proxies (0 without any).")
TRUSTED_PROXY_COUNT = int(_proxies)

# django-axes: its backend and middleware, with the counting of accounts.throttling (per-parameter limits).
AXES_HANDLER = "accounts.throttling.LoginThrottleHandler"
AXES_USERNAME_CALLABLE = "accounts.throttling.login_account"
AXES_CLIENT_IP_CALLABLE = "course.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["ip_address", "username"], "username"]
# A refused attempt is not counted, so a block ends a window after it began however often it is tried.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_THROTTLE_WINDOW)
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
# Wagtail's admin login and password-reset forms, with the same throttle as the site's.
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.AdminLoginForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "accounts.forms.AdminPasswordResetForm"  # noqa: S105 (a class path)

# Content-Security-Policy (django-csp, lms_site.middleware.ContentSecurityPolicyMiddleware). The site is strict: its
# own scripts and styles, or an inline one that carries the request's nonce ({{ CSP_NONCE }}); no style attributes.
# Embedded videos come from the providers in CSP_FRAME_SRC; images from the site and CSP_IMG_SRC (a media storage).
# (Not named CSP_…: django-csp would take it for a setting of its 3.x format.)
EMBED_FRAME_SOURCES = env_list(
    "CSP_FRAME_SRC",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com,https://rutube.ru,"
    "https://vk.com,https://vkvideo.ru",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *MEDIA_SOURCES, *env_list("CSP_IMG_SRC")],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin (Wagtail 8) is not CSP-strict: its panels and widgets carry inline <script> blocks, its React
# editors set style attributes, and the accessibility checker (axe) compiles templates with new Function(). So under
# /admin/ scripts and styles may be inline and eval is allowed; everything else stays as strict as the site (no other
# origins, no plugins, no <base>, forms only to the site, framed only by the site itself, for the preview).
CONTENT_SECURITY_POLICY_ADMIN_PREFIX = "/admin/"
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *MEDIA_SOURCES, *env_list("CSP_IMG_SRC")],
        "frame-ancestors": [SELF],
    }
}

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

# Certificates (mentors/certification/, mentors/credentials/)
# The public address printed in the QR code of every PDF and used in the Open Badges credentials; empty: the admin's
# base URL. It must not change once certificates are handed out, or the printed QR codes break.
MENTOR_LMS["CERTIFICATE_BASE_URL"] = os.environ.get("CERTIFICATE_BASE_URL", "")
MENTOR_LMS["CERTIFICATE_ISSUER_NAME"] = os.environ.get(
    "CERTIFICATE_ISSUER_NAME", "Институт развития образования Республики Татарстан"
)
# The institute's site; empty: the LMS itself.
MENTOR_LMS["CERTIFICATE_ISSUER_URL"] = os.environ.get("CERTIFICATE_ISSUER_URL", "")
# The RSA private key (PEM, 2048 bits or more) that signs the credentials (VC-JWT, RS256); production must set it.
# When it is empty, an RSA key derived from SECRET_KEY is used, which is fine for development and tests only.
# CERTIFICATE_SIGNING_KEY_ID names it (letters, digits, "-", "_"): its public key is at /badges/keys/<id>.json.
MENTOR_LMS["CERTIFICATE_SIGNING_KEY"] = os.environ.get("CERTIFICATE_SIGNING_KEY", "")
MENTOR_LMS["CERTIFICATE_SIGNING_KEY_ID"] = os.environ.get("CERTIFICATE_SIGNING_KEY_ID", "key-1")
# Keys replaced by a rotation, still published for verification: a JSON object {"<id>": "<public key PEM>", ...}.
MENTOR_LMS["CERTIFICATE_RETIRED_KEYS"] = os.environ.get("CERTIFICATE_RETIRED_KEYS", "{}")
# A signed credential of a certificate without an expiry date expires (JWT "exp") this many days after it is fetched.
MENTOR_LMS["CERTIFICATE_JWT_LIFETIME_DAYS"] = int(os.environ.get("CERTIFICATE_JWT_LIFETIME_DAYS", "365"))
# How long a signed revocation list is valid (seconds).
MENTOR_LMS["CERTIFICATE_STATUS_LIST_TTL"] = int(os.environ.get("CERTIFICATE_STATUS_LIST_TTL", str(24 * 60 * 60)))
# Look-ups by number on /<lang>/certificates/ per client IP address and window (numbers are sequential).
MENTOR_LMS["CERTIFICATE_LOOKUP_THROTTLE_ATTEMPTS"] = int(os.environ.get("CERTIFICATE_LOOKUP_THROTTLE_ATTEMPTS", "30"))
MENTOR_LMS["CERTIFICATE_LOOKUP_THROTTLE_WINDOW"] = int(
    os.environ.get("CERTIFICATE_LOOKUP_THROTTLE_WINDOW", str(15 * 60))
)

# Mentoring requests (mentors/requests/services.py): a sender confirms the e-mail within this many days; requests are
# counted per client address and per sender e-mail in the cache (Redis in production) within the window.
MENTOR_LMS["MENTORING_REQUEST_CONFIRM_DAYS"] = int(os.environ.get("MENTORING_REQUEST_CONFIRM_DAYS", "3"))
MENTOR_LMS["MENTORING_REQUESTS_PER_ADDRESS"] = int(os.environ.get("MENTORING_REQUESTS_PER_ADDRESS", "5"))
MENTOR_LMS["MENTORING_REQUESTS_PER_EMAIL"] = int(os.environ.get("MENTORING_REQUESTS_PER_EMAIL", "3"))
MENTOR_LMS["MENTORING_REQUESTS_WINDOW"] = int(os.environ.get("MENTORING_REQUESTS_WINDOW", str(60 * 60)))
MENTOR_LMS["MENTORING_REQUESTS_EMAIL_WINDOW"] = int(
    os.environ.get("MENTORING_REQUESTS_EMAIL_WINDOW", str(24 * 60 * 60))
)

# The mentor registry (mentors/registry/search.py): counts are exact up to the limit; the full-text search is chosen
# by the database and SEARCH_BACKEND ("auto").
MENTOR_LMS["MENTORS_REGISTRY_COUNT_LIMIT"] = 1000
MENTOR_LMS["MENTORS_REGISTRY_SEARCH"] = "auto"
