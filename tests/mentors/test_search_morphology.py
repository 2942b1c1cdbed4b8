"""Russian morphology in the registry search, on SQLite (Snowball stems) and on PostgreSQL (the ``russian``
text-search configuration) alike: no skip, the same assertions on both."""

from django.db import connection
from django.http import QueryDict

import pytest

from course.models import Subject
from mentors.registry.search import search_mentors, search_text
from mentors.registry.stemming import stem_text
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

FORMS = ["наставник", "наставника", "наставникам", "наставником", "наставники", "Наставнику"]


@pytest.fixture
def mentors(registry, make_mentor):
    return {
        "plain": make_mentor(display_name="Гарипова Алсу", bio="<p>Я наставник молодых учителей.</p>"),
        "bold": make_mentor(display_name="Хасанов Ильдар", bio="<p>Работаю как <strong>наставник</strong>.</p>"),
        "other": make_mentor(display_name="Сидорова Мария", bio="<p>Учитель физики, веду кружок.</p>"),
    }


def found(query: str) -> set[str]:
    search = search_mentors(QueryDict(query))
    assert search.is_valid, search.filterset.errors
    return {profile.display_name for profile in search.results}


@pytest.mark.parametrize("word", FORMS)
def test_every_form_of_the_word_finds_the_mentors_who_wrote_it(mentors, word):
    assert found(f"q={word}") == {"Гарипова Алсу", "Хасанов Ильдар"}


@pytest.mark.parametrize("word", ["наставника", "наставникам", "наставником"])
def test_the_page_and_the_api_find_the_same(client, mentors, word):
    page = client.get(f"/ru/mentors/?q={word}")
    api = client.get(f"/api/v1/mentors/?q={word}").json()
    assert {mentor.display_name for mentor in page.context["mentors"]} == {"Гарипова Алсу", "Хасанов Ильдар"}
    assert {mentor["name"] for mentor in api["results"]} == {"Гарипова Алсу", "Хасанов Ильдар"}
    assert "Сидорова Мария" not in page.content.decode()


def test_every_word_must_match(mentors):
    assert found("q=наставникам учителей") == {"Гарипова Алсу"}
    assert found("q=наставник физики") == set()
    assert found("q=квантовая хромодинамика") == set()


def test_names_and_places_are_searched_too(registry, make_mentor):
    from tests.factories import MunicipalityFactory

    make_mentor(display_name="Гарипова Алсу", municipality=MunicipalityFactory(name="Казань", name_en="Kazan"))
    make_mentor(display_name="Сидорова Мария")
    assert found("q=Гариповой") == {"Гарипова Алсу"}
    assert found("q=Казани") == {"Гарипова Алсу"}


def test_relevance_and_other_orders_within_a_text_search(mentors):
    by_name = search_mentors(QueryDict("q=наставником&sort=name"))
    assert [profile.display_name for profile in by_name.results] == ["Гарипова Алсу", "Хасанов Ильдар"]
    by_relevance = search_mentors(QueryDict("q=наставником"))
    assert by_relevance.sort == "relevance" and len(list(by_relevance.results)) == 2


def test_the_query_is_stemmed_only_where_the_database_cannot(db):
    if connection.vendor == "postgresql":
        assert search_text("наставникам") == "наставникам"
    else:
        assert search_text("наставникам") == stem_text("наставник") == "наставник"


def test_a_text_without_words_searches_nothing_in_particular(mentors):
    assert found("q=%20!!!%20") == {"Гарипова Алсу", "Хасанов Ильдар", "Сидорова Мария"}


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the search document is PostgreSQL's")


def lexemes(profile) -> str:
    profile.refresh_from_db(fields=["search_vector"])
    return profile.search_vector or ""


@postgres_only
def test_the_search_document_follows_the_profile_its_topics_and_places(registry, make_mentor):
    place = MunicipalityFactory(name="Казань", name_en="Kazan")
    profile = make_mentor(display_name="Гарипова Алсу", municipality=place, bio="<p><strong>Наставник</strong></p>")
    document = lexemes(profile)
    assert "'гарипов':1A" in document and "'казан':" in document and "'наставник':" in document
    assert "strong" not in document
    subject = Subject.objects.create(name="Астрономия", name_en="Astronomy", slug="astronomy")
    profile.subjects.add(subject)
    assert "'астроном':" in lexemes(profile)
    subject.name = "Геология"
    subject.save()
    assert "'геолог':" in lexemes(profile) and "'астроном'" not in lexemes(profile)
    place.name = "Елабуга"
    place.save()
    assert "'елабуг':" in lexemes(profile)
    profile.subjects.clear()
    assert "'геолог'" not in lexemes(profile)
    profile.bio = "<p>Учитель</p>"
    profile.save()
    assert "'наставник'" not in lexemes(profile) and found("q=наставник") == set()


@postgres_only
def test_postgres_ranks_names_above_bios(registry, make_mentor):
    make_mentor(display_name="Сидорова Мария", bio="<p>Коллега Наставникова.</p>")
    make_mentor(display_name="Наставникова Анна", bio="<p>Учитель.</p>")
    search = search_mentors(QueryDict("q=Наставникова"))
    assert [profile.display_name for profile in search.results] == ["Наставникова Анна", "Сидорова Мария"]


def test_wagtails_backend_stays_one_setting_away(mentors, mentor_lms_settings):
    mentor_lms_settings(MENTORS_REGISTRY_SEARCH="wagtail")
    assert found("q=наставника") == {"Гарипова Алсу", "Хасанов Ильдар"}
