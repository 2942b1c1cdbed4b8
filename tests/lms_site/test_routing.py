"""The cached route to a page keeps its view restrictions (``lms_site/routing.py``): a restriction added, changed or
removed, on the page or above it, shows at once; a page unpublished or renamed is no longer served from its cached
route."""

import pickle

from django.contrib.auth import get_user
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import LessonPageFactory

pytestmark = pytest.mark.django_db


def restriction_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries if "pageviewrestriction" in query["sql"]]


def test_an_unrestricted_page_is_checked_without_a_query_once_its_route_is_cached(module, reader):
    lesson = LessonPageFactory(parent=module)
    reader.get(lesson.url)
    assert restriction_queries(reader, lesson.url) == []


@pytest.mark.parametrize("on", ["lesson", "course"])
def test_a_view_restriction_added_shows_at_once(course, module, reader, on):
    lesson = LessonPageFactory(parent=module)
    assert reader.get(lesson.url).status_code == 200
    assert reader.get(lesson.url).status_code == 200  # served through the cached route

    restriction = PageViewRestriction.objects.create(
        page=lesson if on == "lesson" else course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Editors only"))
    assert reader.get(lesson.url).status_code != 200

    restriction.delete()
    assert reader.get(lesson.url).status_code == 200


def test_a_restricted_page_is_checked_on_every_request(module, reader):
    """The restriction's ids are cached, never whether the visitor passes it: a group joined shows at once."""
    lesson = LessonPageFactory(parent=module)
    group = Group.objects.create(name="Pilot schools")
    restriction = PageViewRestriction.objects.create(page=lesson, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    assert reader.get(lesson.url).status_code != 200
    assert reader.get(lesson.url).status_code != 200

    get_user(reader).groups.add(group)
    assert reader.get(lesson.url).status_code == 200
    # The restriction by its cached id and its groups, not the ancestors' restrictions.
    assert len(restriction_queries(reader, lesson.url)) == 2


def test_a_page_unpublished_or_renamed_is_not_served_from_its_cached_route(module, reader):
    lesson = LessonPageFactory(parent=module, slug="first")
    url = lesson.url
    assert reader.get(url).status_code == 200

    lesson.title = "Новое название"
    lesson.save_revision().publish()
    assert "Новое название" in reader.get(url).content.decode()

    lesson.unpublish()
    assert reader.get(url).status_code == 404


def test_the_site_is_found_once_per_tree_version_and_a_site_changed_shows_at_once(module, reader):
    """``lms_site.middleware.SiteMiddleware`` hands the site a request found to the next ones; a site saved bumps
    the tree version, so the next request finds it afresh."""
    reader.get(module.url)
    with CaptureQueriesContext(connection) as queries:
        response = reader.get(module.url)
    assert not any("wagtailcore_site" in query["sql"] for query in queries.captured_queries)
    site = response.wsgi_request._wagtail_site
    assert site is not None

    site.site_name = "Институт наставничества"
    site.save()
    assert reader.get(module.url).wsgi_request._wagtail_site.site_name == "Институт наставничества"
    assert reader.get(module.url).wsgi_request._wagtail_site.site_name == "Институт наставничества"


def test_a_page_served_from_its_cached_route_can_be_cached_again(course, reader):
    """The course a learner is taught is cached during the request; the page served from its cached route carries the
    restrictions' ids, and must still pickle (a closure on it made the landing page a 500 for a learner whose visit
    came after an anonymous one)."""
    assert Client().get(course.url).status_code == 200  # the route is cached, the taught course is not

    response = reader.get(course.url)

    assert response.status_code == 200
    served = pickle.loads(pickle.dumps(response.context["page"]))  # noqa: S301 - our own bytes
    assert list(served.get_view_restrictions()) == []
