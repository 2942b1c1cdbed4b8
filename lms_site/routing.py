"""Wagtail's page serving, with the route to each page cached per host, language and tree version.

Wagtail finds a page by walking the tree from the site root, two queries per level (the child by slug, then its
specific page): eight for a lesson. The walk only depends on the published tree, so its end — the page's id and
class — is cached under the tree version (``course.caching``), and a request then loads the specific page in one
query and lets it route the rest of the path itself (a routable page's own sub-URLs). Everything after routing is
Wagtail's own view: the ``before_serve_page`` hooks (view restrictions, the course gate) still run on every request.
"""

from django.apps import apps
from django.core.cache import cache
from django.http import Http404

from wagtail import views as wagtail_views
from wagtail.models import Page

from course.caching import tree_version

ROUTE_CACHE_SECONDS = 24 * 60 * 60  # the keys carry the tree version


def _key(request, path: str) -> str:
    return f"route:{request.get_host()}:{request.LANGUAGE_CODE}:{path}:{tree_version()}"


def _cached_route(request, path: str):
    found = cache.get(_key(request, path))
    if found is None:
        return None
    page_id, model_label = found
    model = apps.get_model(model_label)
    page = model.objects.filter(pk=page_id).first()
    if page is None:
        return None
    try:
        return page.route(request, [])
    except Http404:
        return None


def serve(request, path):
    """``wagtail.views.serve`` with the walk of the tree cached (pages served at their own URL, not sub-URLs)."""
    if not hasattr(request, "_wagtail_route_for_request"):
        route = _cached_route(request, path)
        if route is not None:
            request._wagtail_route_for_request = route
        else:
            route = Page.route_for_request(request, path)
            page = route[0] if route is not None else None
            if page is not None and page.get_url(request=request) == request.path:
                cache.set(_key(request, path), (page.pk, page._meta.label), ROUTE_CACHE_SECONDS)
    return wagtail_views.serve(request, path)
