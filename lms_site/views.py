"""Site-wide plumbing views: the root redirect, robots.txt and the health check."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@require_GET
def root_redirect(request):
    """`/` leads to the Russian site, or to the language the visitor chose before (the language cookie)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    languages = {code for code, _name in settings.LANGUAGES}
    language = chosen if chosen in languages else settings.LANGUAGE_CODE
    return HttpResponseRedirect(f"/{language}/")


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /ru/dashboard/",
        "Disallow: /en/dashboard/",
        "Disallow: /ru/accounts/",
        "Disallow: /en/accounts/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to; the icon is a static file."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
