"""What the registry page keeps rendered: the result cards in the cache (``mentors.registry.cards``), whatever a card
shows changing (an edit, a hidden profile, new levels, free places, a renamed place, the language, the words marked,
the way back) on the very next search; the filters per process (``mentors.templatetags.mentors_registry``), with
their values, options, language and errors as ever."""

from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from course.codes import FormatCode
from mentors.models import RequestStatus
from mentors.profiles.moderation import hide_profile
from mentors.profiles.services import refresh_active_mentees
from mentors.registry.cards import CARD_TEMPLATE
from tests.conftest import translate
from tests.factories import UserFactory
from tests.mentors.helpers import pending

pytestmark = pytest.mark.django_db

URL = "/ru/mentors/"


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def card_of(response, name: str):
    page = BeautifulSoup(response.content.decode(), "html.parser")
    cards = {card.select_one(".mentor-card__name").get_text(): card for card in page.select(".mentor-card")}
    return cards.get(name)


def rendered_cards(response) -> int:
    return sum(template.name == CARD_TEMPLATE for template in response.templates)


def test_a_card_is_rendered_once_then_read(client, mentors):
    first = get(client, URL)
    assert rendered_cards(first) == 3
    again = get(client, URL)
    assert rendered_cards(again) == 0
    assert again.content == first.content


def test_an_edited_profile_shows_on_the_next_search(client, mentors):
    get(client, URL)
    profile = mentors["a"]
    profile.organisation = "Лицей № 7"
    profile.save()
    card = card_of(get(client, URL), "Абрамова Анна")
    assert "Лицей № 7" in card.get_text() and "Гимназия" not in card.get_text()


def test_a_hidden_profile_leaves_the_results_at_once(client, mentors):
    get(client, URL)
    hide_profile(mentors["a"], by=UserFactory(is_staff=True), reason="Проверка")
    assert card_of(get(client, URL), "Абрамова Анна") is None


def test_new_levels_show_on_the_next_search(client, mentors):
    get(client, URL)
    profile = mentors["a"]
    profile.set_levels({"expert": 77, "communicative": 60, "managerial": 60, "research": 60, "project": 60})
    profile.save()
    card = card_of(get(client, URL), "Абрамова Анна")
    assert card.select_one(".competency-bars__meter--expert")["value"] == "77"


def test_free_places_counted_without_a_signal_show(client, mentors, places):
    """Accepting a mentee updates the count with ``update()``: no signal, yet the card follows."""
    before = card_of(get(client, URL), "Абрамова Анна").select_one(".mentor-card__availability").get_text()
    profile = mentors["a"]
    for _number in range(profile.capacity):
        pending(profile, places["kazan"], status=RequestStatus.ACCEPTED)
    assert refresh_active_mentees(profile) == profile.capacity
    after = card_of(get(client, URL), "Абрамова Анна").select_one(".mentor-card__availability").get_text()
    assert before != after
    with translation.override("ru"):
        assert translation.gettext("No free places now") in after


def test_a_renamed_place_shows(client, mentors, places):
    get(client, URL)
    places["kazan"].name = "Казань-2"
    places["kazan"].save()
    card = card_of(get(client, URL), "Абрамова Анна")
    assert card.select_one(".mentor-card__place").get_text() == "Казань-2"


def test_each_language_has_its_cards(client, registry, en_home, en, mentors):
    get(client, URL)
    english = translate(registry, en, "Mentor registry")
    html = get(client, english.url).content.decode()
    with translation.override("en"):
        assert str(FormatCode("adaptive").label) in html
        assert translation.gettext("Certified competency levels") in html
    slug = mentors["a"].slug
    assert f'href="/en/mentors/{slug}/"' in html and f'href="/ru/mentors/{slug}/"' not in html


def test_the_way_back_is_each_search_own(client, mentors):
    slug = mentors["a"].slug
    get(client, URL)
    kazan = get(client, f"{URL}?municipality=kazan").content.decode()
    assert f'href="{URL}{slug}/?from=municipality%3Dkazan"' in kazan
    plain = get(client, URL).content.decode()
    assert f'href="{URL}{slug}/"' in plain and "?from=" not in plain


def test_the_words_of_each_search_are_marked(client, mentors):
    """Highlighted cards are kept per words marked: another word marks another, no word marks none."""
    marked = card_of(get(client, f"{URL}?q=наставник"), "Абрамова Анна")
    assert [mark.get_text() for mark in marked.select("mark")] == ["наставник"]
    again = card_of(get(client, f"{URL}?q=наставник"), "Абрамова Анна")
    assert str(again) == str(marked)
    by_name = card_of(get(client, f"{URL}?q=Абрамова"), "Абрамова Анна")
    assert [mark.get_text() for mark in by_name.select("mark")] == ["Абрамова"]
    assert card_of(get(client, URL), "Абрамова Анна").select("mark") == []


def test_the_filters_follow_their_values_options_and_language(client, registry, en_home, en, mentors, places):
    kazan = BeautifulSoup(get(client, f"{URL}?municipality=kazan").content.decode(), "html.parser")
    assert kazan.select_one("#id_municipality option[selected]")["value"] == "kazan"
    plain = BeautifulSoup(get(client, URL).content.decode(), "html.parser")
    assert plain.select_one("#id_municipality option[selected]")["value"] == ""
    places["arsk"].name = "Арский муниципальный район"
    places["arsk"].save()
    options = BeautifulSoup(get(client, URL).content.decode(), "html.parser").select("#id_municipality option")
    assert "Арский муниципальный район" in [option.get_text() for option in options]
    english = translate(registry, en, "Mentor registry")
    page = BeautifulSoup(get(client, english.url).content.decode(), "html.parser")
    with translation.override("en"):
        assert page.select_one("label[for=id_municipality]").get_text() == translation.gettext("Municipality")
        assert translation.gettext("Any municipality") in page.select_one("#id_municipality").get_text()


def test_a_filter_with_an_error_says_so_after_the_same_filter_without(client, mentors):
    get(client, f"{URL}?min_expert=50")
    response = client.get(f"{URL}?min_expert=500")
    assert response.status_code == 400
    field = BeautifulSoup(response.content.decode(), "html.parser").select_one("#id_min_expert")
    assert field["aria-invalid"] == "true" and field["value"] == "500"
    assert 'value="50"' not in get(client, URL).content.decode()
