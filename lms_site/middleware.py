"""Middleware of the site."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from csp.middleware import CSPMiddleware

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
