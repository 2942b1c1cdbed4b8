"""A profile opened from a search leads back to that search: the search, the filters and the page number kept, and
never anywhere but the registry itself."""

from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.cache import cache
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from mentors.registry.back import registry_query
from tests.mentors.helpers import request_data

pytestmark = pytest.mark.django_db

URL = "/ru/mentors/"


def back_link(client, url: str) -> str:
    html = client.get(url).content.decode()
    return BeautifulSoup(html, "html.parser").select_one(".mentor-profile > p > a")["href"]


def test_a_card_leads_to_the_profile_and_back_to_the_same_search(client, mentors):
    search = "q=наставник&format=adaptive&format=accompanying&municipality=kazan&sort=name"
    html = client.get(f"{URL}?{search}").content.decode()
    card = BeautifulSoup(html, "html.parser").select_one(".mentor-card a")
    address = urlsplit(card["href"])
    assert address.path == f"{URL}{mentors['a'].slug}/"
    back = back_link(client, card["href"])
    assert urlsplit(back).path == URL
    assert parse_qs(urlsplit(back).query) == parse_qs(search)
    with translation.override("ru"):
        assert translation.gettext("Back to the search results") in client.get(card["href"]).content.decode()


def test_the_page_number_is_kept(client, registry, make_mentor):
    for number in range(22):
        make_mentor(display_name=f"Наставник {number:02}")
    html = client.get(f"{URL}?sort=name&page=2").content.decode()
    card = BeautifulSoup(html, "html.parser").select_one(".mentor-card a")
    assert parse_qs(urlsplit(back_link(client, card["href"])).query) == {"sort": ["name"], "page": ["2"]}


def test_a_card_of_the_plain_registry_links_the_plain_profile(client, mentors):
    html = client.get(URL).content.decode()
    card = BeautifulSoup(html, "html.parser").select_one(".mentor-card a")
    assert card["href"] == f"{URL}{mentors['a'].slug}/"
    assert back_link(client, card["href"]) == URL


@pytest.mark.parametrize(
    "hostile",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "javascript:alert(1)",
        "next=https://evil.example&url=//evil.example",
        "\r\nLocation: https://evil.example",
        '"><script>alert(1)</script>',
        "q=" + "x" * 5000,
    ],
)
def test_a_hostile_value_falls_back_to_the_plain_registry(client, mentors, hostile):
    url = f"{URL}{mentors['a'].slug}/?{urlencode({'from': hostile})}"
    assert back_link(client, url) == URL
    html = client.get(url).content.decode()
    assert "evil.example" not in html and "<script>alert" not in html


def test_only_the_registry_parameters_survive(client, mentors):
    hostile = "q=учитель&next=https://evil.example&region=tatarstan&page=3&format=adaptive&utm_source=mail"
    back = back_link(client, f"{URL}{mentors['a'].slug}/?{urlencode({'from': hostile})}")
    assert urlsplit(back).path == URL and not urlsplit(back).netloc
    assert parse_qs(urlsplit(back).query) == {
        "q": ["учитель"], "region": ["tatarstan"], "format": ["adaptive"], "page": ["3"],
    }  # fmt: skip


def test_registry_query_drops_what_is_not_the_registry_s():
    assert registry_query("") == ""
    assert registry_query("https://evil.example/?q=x") == ""
    assert registry_query("q=a&q=b") == "q=a"
    assert registry_query("q=" + "й" * 201) == ""
    assert registry_query("q=%00%0d%0a") == "q=%00%0D%0A"  # encoded again: a value, never a header or a path


def test_the_profile_names_its_plain_address_as_canonical(client, mentors):
    html = client.get(f"{URL}{mentors['a'].slug}/?from=q%3D%D0%B0").content.decode()
    assert f'<link rel="canonical" href="http://testserver{URL}{mentors["a"].slug}/">' in html


def test_a_request_sent_from_a_search_comes_back_with_the_way_back(client, registry, mentor, place):
    cache.clear()
    profile = f"{URL}{mentor.slug}/?{urlencode({'from': 'q=наставник&available=1'})}"
    html = client.get(profile).content.decode()
    action = BeautifulSoup(html, "html.parser").select_one("form.request-form")["action"]
    assert parse_qs(urlsplit(action).query) == {
        "from": ["q=%D0%BD%D0%B0%D1%81%D1%82%D0%B0%D0%B2%D0%BD%D0%B8%D0%BA&available=1"]
    }
    response = client.post(action, request_data(place))
    assert response.status_code == 302
    back = back_link(client, response["Location"])
    assert parse_qs(urlsplit(back).query) == {"q": ["наставник"], "available": ["1"]}
