"""The shared caches of pages: anonymous responses, the site frame and the route to a page, and what empties them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from course.models import Municipality, Region
from lms_site.page_cache import HEADER
from tests.factories import CoursePageFactory, UserFactory


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


def menu_titles(response) -> list[str]:
    nav = BeautifulSoup(response.content, "html.parser").select_one("nav.site-nav")
    return [link.get_text(strip=True) for link in nav.select("a")]


def test_an_anonymous_page_is_served_from_the_cache_without_queries(client, course, page_cache):
    assert client.get("/ru/")[HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ru/")
    assert response.status_code == 200
    assert response[HEADER] == "hit"
    assert len(queries) == 0
    assert course.title in response.content.decode()
    # The headers of the middleware outside the cache are set on every response, the cached one too.
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


def test_languages_and_query_strings_are_cached_apart(client, en_home, page_cache):
    client.get("/ru/")
    assert client.get("/en/")[HEADER] == "miss"
    assert client.get("/ru/?page=2")[HEADER] == "miss"
    assert BeautifulSoup(client.get("/en/").content, "html.parser").html["lang"] == "en"


def test_logged_in_visitors_never_get_or_fill_the_cache(client, course, page_cache):
    client.get("/ru/")
    client.force_login(UserFactory(username="reader", email="reader@example.org"))
    response = client.get("/ru/")
    assert HEADER not in response
    # The visitor's own header (the logout form), never the anonymous one from the cache.
    assert BeautifulSoup(response.content, "html.parser").select_one("nav.site-nav form[action$='/logout/']")


def test_a_page_with_a_form_that_posts_is_not_cached(client, home, page_cache):
    client.get("/ru/accounts/login/")
    assert HEADER not in client.get("/ru/accounts/login/")


def test_a_visitor_with_messages_is_not_served_from_the_cache(client, course, page_cache):
    client.get("/ru/")
    client.cookies["messages"] = "anything"
    assert HEADER not in client.get("/ru/")


def test_publishing_a_page_shows_at_once(client, course, page_cache):
    client.get("/ru/")
    course.title = "Наставничество: новый поток"
    course.save_revision().publish()
    response = client.get("/ru/")
    assert response[HEADER] == "miss"
    assert "Наставничество: новый поток" in response.content.decode()


def test_public_data_changed_empties_the_cache(client, course, page_cache):
    client.get("/ru/")
    region = Region.objects.create(name="Марий Эл", name_en="Mari El", slug="mari-el")
    Municipality.objects.create(region=region, name="Йошкар-Ола", name_en="Yoshkar-Ola", slug="yoshkar-ola")
    assert client.get("/ru/")[HEADER] == "miss"


def test_the_cache_is_off_with_zero_seconds(client, course, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/ru/")
    assert HEADER not in client.get("/ru/")


def test_the_health_check_is_never_cached(client, home, page_cache):
    client.get("/healthz")
    assert HEADER not in client.get("/healthz")


def test_the_menu_follows_publishing(client, home):
    """The frame is cached per tree version: a page added to the menu shows on the next request."""
    with CaptureQueriesContext(connection) as cold:
        first = client.get("/ru/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/ru/")
    assert len(warm) <= len(cold) - 2  # the home pages and the menu
    CoursePageFactory(parent=home, title="Второй курс", slug="second", show_in_menus=True)
    assert "Второй курс" not in menu_titles(first)
    assert "Второй курс" in menu_titles(client.get("/ru/"))


def test_the_route_to_a_page_is_cached_and_follows_moves(course, module, reader):
    """A cached route still passes the page's own checks, and a page moved away is no longer found at its old URL."""
    url = module.url
    assert reader.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert reader.get(url).status_code == 200
    assert not any('"slug" =' in query["sql"] for query in queries.captured_queries)
    module.slug = "renamed"
    module.save_revision().publish()
    assert reader.get(url).status_code == 404
    assert reader.get(f"{course.url}renamed/").status_code == 200
