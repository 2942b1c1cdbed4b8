"""Production: refuses to start without SECRET_KEY, the certificate signing key, a mail server, a shared cache, the
public base URL and a plausible proxy count; HTTPS only; static files compressed and hashed."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

MAX_TRUSTED_PROXIES = 5

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

# Nothing that would fail quietly (issue 10): reset links and request confirmations must reach a mail server, not the
# logs; the throttles must count in one cache that every worker shares; links in letters, credentials and QR codes
# must carry the public address.
if EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend":  # noqa: F405
    raise ImproperlyConfigured(
        "EMAIL_URL must name the mail server in production, e.g. smtp://user:password@smtp.example.org:587/?tls=True."
    )
if not (os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL")):
    raise ImproperlyConfigured(
        "REDIS_URL (or CACHE_URL) must name the shared cache in production: the login throttle and the other limits "
        "count there for every worker."
    )
_base_url = urlsplit(os.environ.get("WAGTAILADMIN_BASE_URL", ""))
if (
    _base_url.scheme != "https"
    or not _base_url.hostname
    or _base_url.hostname in {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 (refused, not bound)
):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be the site's public https:// address in production (it is signed into "
        "credentials and printed in QR codes)."
    )
# The client's address for the throttles: production sits behind the TLS-terminating proxy that
# SECURE_PROXY_SSL_HEADER trusts, so 0 (REMOTE_ADDR, the proxy's own address for every visitor) cannot be right, and
# neither can a count beyond any real chain of proxies.
_proxies = os.environ.get("TRUSTED_PROXY_COUNT", "").strip()
if not _proxies.isdecimal() or not 1 <= int(_proxies) <= MAX_TRUSTED_PROXIES:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT must be the number of reverse proxies in front of the site (1 to {MAX_TRUSTED_PROXIES}; "
        "1 behind one nginx or load balancer) in production."
    )
TRUSTED_PROXY_COUNT = int(_proxies)

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

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
