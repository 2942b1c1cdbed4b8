"""Wagtail's page serving, with the route to each page and its view restrictions cached per host, language and tree
version.

Wagtail finds a page by walking the tree from the site root, two queries per level (the child by slug, then its
specific page): eight for a lesson. The walk only depends on the published tree, so its end — the page's id and
class — is cached under the tree version (``course.caching``), and a request then loads the specific page in one
query and lets it route the rest of the path itself (a routable page's own sub-URLs). Everything after routing is
Wagtail's own view: the ``before_serve_page`` and ``on_serve_page`` hooks (view restrictions, the course gate) still
run on every request.

Wagtail's view-restriction check asks two queries of every page served (the ancestors, for aliases, then their
restrictions). Which restrictions apply changes only with the tree or with the restrictions themselves, and both bump
the tree version (``course.receivers``), so the route also keeps the ids of the restrictions: a page without any (most)
is checked with no query, a restricted one with one. Each restriction is still checked against the request as Wagtail
does (its password in the session, the visitor's groups).
"""

from django.apps import apps
from django.core.cache import cache
from django.http import Http404

from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction

from course.caching import tree_version

ROUTE_CACHE_SECONDS = 24 * 60 * 60  # the keys carry the tree version


def _key(request, path: str) -> str:
    # "v2": the entry holds the restrictions too; entries of the previous form are not read.
    return f"route:v2:{request.get_host()}:{request.LANGUAGE_CODE}:{path}:{tree_version()}"


class KnownViewRestrictions:
    """Wagtail's ``page.get_view_restrictions`` answered from the restriction ids cached with the page's route.

    A plain object, not a closure: the page served may be cached again later in the request (the course a learner is
    taught, progress), and a closure on it made the page unpicklable."""

    def __init__(self, restriction_ids):
        self.restriction_ids = tuple(restriction_ids)

    def __call__(self):
        if not self.restriction_ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=self.restriction_ids)


def _with_restrictions(page: Page, restriction_ids: list[int]) -> Page:
    """``page`` answering Wagtail's ``get_view_restrictions`` from the ids cached with its route."""
    # An attribute of this instance only, the one served to this request.
    page.get_view_restrictions = KnownViewRestrictions(restriction_ids)
    return page


def _cached_route(request, path: str):
    found = cache.get(_key(request, path))
    if found is None:
        return None
    page_id, model_label, restriction_ids = found
    model = apps.get_model(model_label)
    page = model.objects.filter(pk=page_id).first()
    if page is None:
        return None
    try:
        return _with_restrictions(page, restriction_ids).route(request, [])
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
                restriction_ids = [restriction.pk for restriction in page.get_view_restrictions()]
                cache.set(_key(request, path), (page.pk, page._meta.label, restriction_ids), ROUTE_CACHE_SECONDS)
    return wagtail_views.serve(request, path)
