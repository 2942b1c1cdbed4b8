"""Middleware of the site."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

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
