"""Middleware of the site."""

import copy

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from csp.middleware import CSPMiddleware

from course.caching import tree_version

# Paths outside the language prefixes: their 404 must stay a 404, not become a redirect to /ru/….
NON_LOCALISED_PREFIXES = ("/api/", "/admin/", "/documents/", "/static/", "/media/", "/i18n/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that it does not redirect a 404 outside the language prefixes.

    Wagtail's catch-all page route accepts any path under /ru/, so Django would turn every unknown API or admin
    address into a redirect to an HTML page instead of answering 404.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(NON_LOCALISED_PREFIXES):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``CONTENT_SECURITY_POLICY_ADMIN`` under the Wagtail admin's prefix.

    The site keeps the strict policy; the admin gets the relaxed one that Wagtail needs (see the settings). A view may
    still set its own policy with django-csp's decorators.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_prefix = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN_PREFIX", None)
        if not report_only and admin_prefix and request.path_info.startswith(admin_prefix) and parts.config is None:
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
            # The admin's inline code carries no nonce, and a nonce in the header would make browsers ignore
            # 'unsafe-inline'.
            parts.nonce = None
        return parts


class SiteMiddleware:
    """Remembers the request's Wagtail site per host, port and tree version in each process.

    ``Site.find_for_request`` asks the database on every request that builds a page URL (a learner's course, module
    and result pages), for an answer that changes only when a site does, and a site saved or deleted bumps the tree
    version (``course.receivers``). The site a request found is remembered after it, and the next request to the same
    host is handed a copy of it; the middleware never asks the database itself.
    """

    MAX_ENTRIES = 64  # hosts are the client's to choose: a flood of names only empties the memo

    def __init__(self, get_response):
        self.get_response = get_response
        self.sites = {}

    def __call__(self, request):
        key = (request._get_raw_host(), request.get_port(), tree_version())
        known = key in self.sites
        if known:
            request._wagtail_site = copy.copy(self.sites[key])
        response = self.get_response(request)
        if not known and hasattr(request, "_wagtail_site"):
            if len(self.sites) >= self.MAX_ENTRIES:
                self.sites.clear()
            self.sites[key] = copy.copy(request._wagtail_site)
        return response
