"""Languages: the root redirect, the lang attribute, the language switcher and the translated interface."""

import pytest
from bs4 import BeautifulSoup


def switcher_links(response) -> dict[str, str]:
    """The language switcher's links by language code (the current language is not a link)."""
    assert response.status_code == 200
    nav = BeautifulSoup(response.content, "html.parser").select_one("nav.language-switcher")
    return {link["hreflang"]: link["href"] for link in nav.select("a[hreflang]")}


def html_lang(response) -> str:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").html["lang"]


@pytest.mark.django_db
class TestRootRedirect:
    def test_root_goes_to_russian(self, client):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == "/ru/"

    def test_root_follows_the_language_cookie(self, client):
        client.cookies["django_language"] = "en"
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == "/en/"

    @pytest.mark.parametrize("cookie", ["de", "", "../admin"])
    def test_root_ignores_an_unknown_language_in_the_cookie(self, client, cookie):
        client.cookies["django_language"] = cookie
        response = client.get("/")
        assert response["Location"] == "/ru/"


def test_russian_home_has_lang_ru(client, en_home):
    assert html_lang(client.get("/ru/")) == "ru"


def test_english_home_has_lang_en(client, en_home):
    response = client.get("/en/")
    assert html_lang(response) == "en"
    assert response.context["page"].pk == en_home.pk


def test_switcher_links_to_the_translated_page(client, en_course):
    assert switcher_links(client.get("/ru/pedagogical-mentoring/")) == {"en": "/en/pedagogical-mentoring/"}
    assert switcher_links(client.get("/en/pedagogical-mentoring/")) == {"ru": "/ru/pedagogical-mentoring/"}


def test_switcher_on_a_page_without_translation_links_to_the_english_home(reader, en_course, module):
    assert switcher_links(reader.get(module.url)) == {"en": "/en/"}


def test_switcher_marks_the_current_language(client, en_home):
    page = BeautifulSoup(client.get("/en/").content, "html.parser")
    current = page.select_one("nav.language-switcher [aria-current]")
    assert current["lang"] == "en"
    assert current.get_text(strip=True) == "English"


def test_interface_is_in_russian_on_russian_pages(client, en_home):
    page = BeautifulSoup(client.get("/ru/").content, "html.parser")
    assert page.select_one("a.skip-link").get_text(strip=True) == "Перейти к основному содержанию"
    assert page.select_one("nav.language-switcher")["aria-label"] == "Язык"


def test_interface_is_in_english_on_english_pages(client, en_home):
    page = BeautifulSoup(client.get("/en/").content, "html.parser")
    assert page.select_one("a.skip-link").get_text(strip=True) == "Skip to main content"
    assert page.select_one("nav.language-switcher")["aria-label"] == "Language"


def test_not_found_page_is_translated(client, en_home):
    ru = BeautifulSoup(client.get("/ru/nope/").content, "html.parser")
    en = BeautifulSoup(client.get("/en/nope/").content, "html.parser")
    assert ru.h1.get_text(strip=True) == "Страница не найдена"
    assert en.h1.get_text(strip=True) == "Page not found"
    assert ru.html["lang"] == "ru"
    assert en.html["lang"] == "en"


def test_switcher_ignores_an_unpublished_translation(client, course, en_home, en):
    draft = course.copy_for_translation(en)
    assert not draft.live
    assert switcher_links(client.get("/ru/pedagogical-mentoring/")) == {"en": "/en/"}


def test_switcher_keeps_the_parameters_on_the_translated_page(client, en_course):
    links = switcher_links(client.get("/ru/pedagogical-mentoring/?utm=mail&page=2"))
    assert links == {"en": "/en/pedagogical-mentoring/?utm=mail&page=2"}


def test_switcher_drops_the_parameters_when_it_falls_back_to_the_home(reader, en_course, module):
    assert switcher_links(reader.get(module.url + "?tab=cases")) == {"en": "/en/"}
