"""Anonymous responses of public pages from the shared cache (Redis in production).

The way ``wagtail-cache`` does it (its releases require Wagtail < 8), on Django's cache framework: a GET from a
visitor without a session is answered from the cache when the same page, in the same language, was rendered for
another such visitor since the page tree or the public data last changed. Never cached: a logged-in visitor or any
request carrying a session or messages, a response that sets a cookie, uses the CSRF token (a form that posts),
shows messages, carries a CSP nonce, is private or not a 200. Keys carry the tree version (``course.caching``) and
a version of the public data (mentor profiles, certificates, reference data), so publishing a page, revoking a
certificate or a mentor hiding the profile is seen at once; ``PAGE_CACHE_SECONDS`` bounds everything else (0 turns
the cache off).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from course.caching import tree_version

PUBLIC_VERSION_KEY = "page-cache:public-version"
HEADER = "X-Page-Cache"
# Models whose rows public pages show outside the page tree; anything else is bounded by PAGE_CACHE_SECONDS.
PUBLIC_MODELS = (
    "mentors.MentorProfile",
    "mentors.MentorFormat",
    "mentors.Certificate",
    "course.Competency",
    "course.MentoringFormat",
    "course.MentoringModel",
    "course.Region",
    "course.Municipality",
    "course.Subject",
    "course.ExpertArea",
)


def public_version() -> str:
    version = cache.get(PUBLIC_VERSION_KEY)
    if version is None:
        version = format(time.time_ns(), "x")
        if not cache.add(PUBLIC_VERSION_KEY, version, timeout=None):
            version = cache.get(PUBLIC_VERSION_KEY) or version
    return version


def bump_public_version(**kwargs) -> None:
    cache.set(PUBLIC_VERSION_KEY, format(time.time_ns(), "x"), timeout=None)


def connect_receivers() -> None:
    for label in PUBLIC_MODELS:
        post_save.connect(bump_public_version, sender=label, dispatch_uid=f"page_cache_saved_{label}")
        post_delete.connect(bump_public_version, sender=label, dispatch_uid=f"page_cache_deleted_{label}")


class PageCacheMiddleware:
    """Serves and stores anonymous GET responses; placed after the authentication and messages middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not timeout or not self.request_is_cacheable(request):
            return self.get_response(request)
        key = self.key(request)
        response = cache.get(key)
        if response is not None:
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if self.response_is_cacheable(request, response):
            cache.set(key, response, timeout)
            response[HEADER] = "miss"
        return response

    @staticmethod
    def request_is_cacheable(request) -> bool:
        if request.method != "GET" or "Authorization" in request.headers:
            return False
        if request.path_info.startswith(tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", ()))):
            return False
        cookies = request.COOKIES
        return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies

    @staticmethod
    def response_is_cacheable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or isinstance(getattr(request, "_csp_nonce", None), str):
            return False
        # A session begun or a message added here would be a cookie set by the middleware outside this one.
        session = getattr(request, "session", None)
        messages = getattr(request, "_messages", None)
        if (session is not None and session.modified) or getattr(messages, "added_new", False):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        return not any(directive in cache_control for directive in ("private", "no-cache", "no-store"))

    @staticmethod
    def key(request) -> str:
        address = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
        versions = f"{tree_version()}:{public_version()}"
        return f"page-cache:{get_language()}:{versions}:{address}"
