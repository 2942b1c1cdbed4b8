"""Production: refuses to start without SECRET_KEY and the certificate signing key; HTTPS only; static files
compressed and hashed."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")
# The key that signs the certificates' credentials must be the institute's own, not one derived from SECRET_KEY:
# rotating SECRET_KEY would otherwise invalidate every credential already handed out.
if not os.environ.get("CERTIFICATE_SIGNING_KEY"):
    raise ImproperlyConfigured(
        "CERTIFICATE_SIGNING_KEY (an RSA private key of 2048 bits or more, PEM) must be set for production."
    )

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = False

if os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
