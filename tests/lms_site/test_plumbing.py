"""Site plumbing: the health check, robots.txt, the sitemap and the read API."""

from unittest import mock
from xml.etree import ElementTree

from django.db import OperationalError

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import CoursePageFactory, LessonPageFactory

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}

# Health check -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_503_when_the_database_fails(client):
    with mock.patch("django.db.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


# robots.txt -------------------------------------------------------------------------------------------------------


def test_robots_txt_lists_the_sitemap_and_keeps_robots_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the site itself stays open


# Sitemap ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def sitemap_tree(lesson, en_course, module):
    draft = LessonPageFactory(parent=module, slug="draft-lesson", live=False)
    private = LessonPageFactory(parent=module, slug="private-lesson")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return {"draft": draft, "private": private}


def sitemap_locations(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    urlset = ElementTree.fromstring(response.content)  # noqa: S314 (our own response, not untrusted input)
    return {loc.text for loc in urlset.findall("sm:url/sm:loc", SITEMAP_NS)}


def test_sitemap_lists_live_public_russian_pages(client, sitemap_tree):
    locations = sitemap_locations(client)
    assert {"http://localhost/ru/", "http://localhost/ru/pedagogical-mentoring/"} <= locations


def test_sitemap_leaves_out_what_only_enrolled_learners_open(client, sitemap_tree):
    locations = sitemap_locations(client)
    assert not any("module-1" in location for location in locations)


def test_sitemap_lists_the_english_pages(client, sitemap_tree):
    locations = sitemap_locations(client)
    assert {"http://localhost/en/", "http://localhost/en/pedagogical-mentoring/"} <= locations


def sitemap_alternates(client) -> dict[str, dict[str, str]]:
    urlset = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own response)
    return {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", SITEMAP_NS)
        }
        for url in urlset.findall("sm:url", SITEMAP_NS)
    }


def test_sitemap_names_each_pages_translations_as_hreflang_alternates(
    client, sitemap_tree, django_assert_max_num_queries
):
    with django_assert_max_num_queries(13):
        alternates = sitemap_alternates(client)
    course_pair = {
        "ru": "http://localhost/ru/pedagogical-mentoring/",
        "en": "http://localhost/en/pedagogical-mentoring/",
        "x-default": "http://localhost/ru/pedagogical-mentoring/",
    }
    assert alternates["http://localhost/ru/pedagogical-mentoring/"] == course_pair
    assert alternates["http://localhost/en/pedagogical-mentoring/"] == course_pair
    # A page with no translation has no alternates to name.
    lesson_locations = [location for location in alternates if "lesson" in location]
    assert all(alternates[location] == {} for location in lesson_locations)


def test_sitemap_leaves_out_drafts_and_private_pages(client, sitemap_tree):
    locations = sitemap_locations(client)
    assert not any("draft-lesson" in location for location in locations)
    assert not any("private-lesson" in location for location in locations)
    assert locations  # the sitemap is not simply empty


# Read API ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def api_tree(lesson):
    course = lesson.get_parent().get_parent().specific
    draft_course = CoursePageFactory(parent=course.get_parent(), title="Черновик", slug="draft-course", live=False)
    draft_lesson = LessonPageFactory(parent=lesson.get_parent(), title="Черновик урока", slug="draft", live=False)
    return {"course": course, "lesson": lesson, "draft_course": draft_course, "draft_lesson": draft_lesson}


def test_api_lists_published_pages_only(client, api_tree):
    response = client.get("/api/v2/pages/", {"limit": 100})
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["items"]}
    assert {api_tree["course"].pk, api_tree["lesson"].pk} <= ids
    assert api_tree["draft_course"].pk not in ids
    assert api_tree["draft_lesson"].pk not in ids


def test_api_filters_by_type_with_fields(client, api_tree):
    response = client.get("/api/v2/pages/", {"type": "course.CoursePage", "fields": "summary,hours"})
    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["total_count"] == 1
    [item] = body["items"]
    assert item["id"] == api_tree["course"].pk
    assert item["meta"]["type"] == "course.CoursePage"
    assert item["hours"] == 72
    assert "Интенсив" in item["summary"]


def test_api_detail_of_a_published_page(client, api_tree):
    response = client.get(f"/api/v2/pages/{api_tree['lesson'].pk}/")
    assert response.status_code == 200
    # A lesson is for enrolled learners: its title is public, its body is not (tests/lms_site/test_api_exposure.py).
    assert response.json()["title"] == api_tree["lesson"].title and "body" not in response.json()


@pytest.mark.parametrize("page", ["draft_course", "draft_lesson", "missing"])
def test_api_detail_of_a_draft_or_missing_page_is_not_found(client, api_tree, page):
    page_id = api_tree[page].pk if page in api_tree else 999999
    response = client.get(f"/api/v2/pages/{page_id}/")
    # A JSON 404 from the API itself, not a redirect to a language-prefixed HTML page.
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "message" in response.json()


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "abc"},
        {"limit": "100000"},
        {"offset": "abc"},
        {"type": "nope.Nope"},
        {"type": "course.Nope"},
        {"fields": "nonexistent"},
        {"type": "course.CoursePage", "fields": "summary,nonexistent"},
        {"order": "nonexistent"},
        {"child_of": "abc"},
        {"descendant_of": "999999"},
    ],
    ids=lambda params: "&".join(f"{key}={value}" for key, value in params.items()),
)
def test_api_bad_parameters_give_400(client, api_tree, params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code == 400
    assert "message" in response.json()


def test_the_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    assert client.get(response["Location"]).status_code == 200
