"""The registry page: every filter of the contract, Russian morphology on both databases, sorting, pagination,
invalid input as form errors, privacy and a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.models import Subject
from mentors.certification import revoke
from mentors.search import search_mentors
from tests.factories import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db

URL = "/ru/mentors/"


def names(client, query: str = "") -> list[str]:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200, response.content[:500]
    return [mentor.display_name for mentor in response.context["mentors"]]


@pytest.fixture
def places(db):
    tatarstan = RegionFactory(name="Республика Татарстан", slug="tatarstan")
    other = RegionFactory(name="Другой регион", slug="other-region")
    return {
        "kazan": MunicipalityFactory(region=tatarstan, name="Казань", slug="kazan"),
        "arsk": MunicipalityFactory(region=tatarstan, name="Арский район", slug="arsky"),
        "far": MunicipalityFactory(region=other, name="Далёкий район", slug="far"),
    }


@pytest.fixture
def mentors(registry, make_mentor, places):
    maths = Subject.objects.create(name="Математика", name_en="Mathematics", slug="mathematics")
    physics = Subject.objects.create(name="Физика", name_en="Physics", slug="physics")
    return {
        "a": make_mentor(
            display_name="Абрамова Анна",
            municipality=places["kazan"],
            formats=["adaptive"],
            subjects=[maths],
            position="teacher",
            levels={"expert": 90, "communicative": 60, "managerial": 60, "research": 60, "project": 60},
            bio="<p>Опытный наставник молодых учителей.</p>",
            capacity=4,
        ),
        "b": make_mentor(
            display_name="Борисов Булат",
            municipality=places["arsk"],
            formats=["reverse", "expert"],
            subjects=[physics],
            position="head",
            levels={"expert": 70, "communicative": 95, "managerial": 92, "research": 70, "project": 80},
            bio="<p>Руковожу школой, веду проекты.</p>",
            capacity=1,
        ),
        "c": make_mentor(
            display_name="Валиева Венера",
            municipality=places["far"],
            formats=["accompanying"],
            position="deputy_head",
            levels={"expert": 65, "communicative": 70, "managerial": 75, "research": 88, "project": 66},
            bio="<p>Исследую вместе с наставниками и их подопечными.</p>",
        ),
    }


def test_everyone_listed_by_name_by_default(client, mentors):
    assert names(client) == ["Абрамова Анна", "Борисов Булат", "Валиева Венера"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=tatarstan", ["Абрамова Анна", "Борисов Булат"]),
        ("municipality=arsky", ["Борисов Булат"]),
        ("format=adaptive", ["Абрамова Анна"]),
        ("format=adaptive&format=accompanying", ["Абрамова Анна", "Валиева Венера"]),
        ("format=expert", ["Борисов Булат"]),
        ("subject=physics", ["Борисов Булат"]),
        ("position=deputy_head", ["Валиева Венера"]),
        ("min_expert=90", ["Абрамова Анна"]),
        ("min_expert=89&min_communicative=61", []),
        ("min_communicative=95", ["Борисов Булат"]),
        ("min_managerial=76", ["Борисов Булат"]),
        ("min_research=88", ["Валиева Венера"]),
        ("min_project=80", ["Борисов Булат"]),
        ("region=tatarstan&format=reverse&min_managerial=90&position=head", ["Борисов Булат"]),
        ("q=Булат", ["Борисов Булат"]),
    ],
)
def test_each_filter_is_exact(client, mentors, query, expected):
    assert names(client, query) == expected


def test_available_means_a_free_place(client, mentors):
    mentors["b"].active_mentees = 1
    mentors["b"].save()
    assert names(client, "available=1") == ["Абрамова Анна", "Валиева Венера"]


@pytest.mark.parametrize("word", ["наставник", "наставника", "наставникам", "наставником", "наставники"])
def test_morphology_finds_every_form_on_this_database(client, mentors, word):
    """Runs on SQLite (Snowball stems) and on PostgreSQL (the ``russian`` configuration) alike."""
    assert set(names(client, f"q={word}")) == {"Абрамова Анна", "Валиева Венера"}


def test_all_words_must_match(client, mentors):
    assert names(client, "q=наставник учителей") == ["Абрамова Анна"]
    assert names(client, "q=квантовая хромодинамика") == []


def test_text_and_filters_together(client, mentors):
    assert names(client, "q=наставникам&municipality=far") == ["Валиева Венера"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Абрамова Анна", "Борисов Булат", "Валиева Венера"]),
        ("-level", ["Борисов Булат", "Валиева Венера", "Абрамова Анна"]),
    ],
)
def test_sorting(client, mentors, sort, expected):
    assert names(client, f"sort={sort}") == expected


def test_newest_certificates_first(client, mentors):
    from django.utils import timezone

    for days, key in enumerate(["c", "a", "b"]):
        mentors[key].certified_at = timezone.now() - timezone.timedelta(days=days)
        mentors[key].save()
    assert names(client, "sort=-certified") == ["Валиева Венера", "Абрамова Анна", "Борисов Булат"]


def test_unpublished_revoked_and_expired_mentors_are_invisible(client, mentors, superuser):
    mentors["a"].is_published = False
    mentors["a"].save()
    revoke(mentors["b"].certificate, by=superuser, reason="Ошибка")
    assert names(client) == ["Валиева Венера"]
    assert client.get(f"{URL}{mentors['a'].slug}/").status_code == 404
    assert client.get(f"{URL}{mentors['b'].slug}/").status_code == 404
    assert client.get(f"{URL}{mentors['c'].slug}/").status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("municipality=atlantis", "municipality"),
        ("region=nowhere", "region"),
        ("format=telepathic", "format"),
        ("subject=alchemy", "subject"),
        ("position=king", "position"),
        ("available=yes", "available"),
        ("min_expert=101", "min_expert"),
        ("min_research=-1", "min_research"),
        ("min_project=abc", "min_project"),
        ("sort=random", "sort"),
        (f"q={'я' * 201}", "q"),
    ],
)
def test_invalid_parameters_are_form_errors(client, mentors, query, field):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert field in response.context["form"].errors
    with translation.override("ru"):
        assert translation.gettext("Please correct the search") in response.content.decode()
    assert "mentor-card" not in response.content.decode()


def test_page_numbers(client, registry, make_mentor):
    for number in range(23):
        make_mentor(display_name=f"Наставник {number:02d}")
    first = client.get(URL)
    assert first.context["count"] == 23 and len(first.context["mentors"]) == 20
    second = client.get(f"{URL}?page=2")
    assert [m.display_name for m in second.context["mentors"]] == ["Наставник 20", "Наставник 21", "Наставник 22"]
    assert client.get(f"{URL}?page=3").status_code == 404
    assert client.get(f"{URL}?page=x").status_code == 400


def test_active_filters_can_be_removed_one_by_one(client, mentors):
    response = client.get(f"{URL}?municipality=kazan&format=adaptive&format=reverse&min_expert=50")
    chips = {chip["value"]: chip["url"] for chip in response.context["active_filters"]}
    assert set(chips) == {"Казань", "50", *[str(label) for label in _format_labels("adaptive", "reverse")]}
    without_kazan = chips["Казань"]
    assert "municipality" not in without_kazan and "format=adaptive" in without_kazan


def _format_labels(*codes):
    from course.codes import FormatCode

    with translation.override("ru"):
        return [str(FormatCode(code).label) for code in codes]


def test_empty_state(client, mentors):
    response = client.get(f"{URL}?q=квантовая")
    with translation.override("ru"):
        assert translation.gettext("No mentor matches this search.") in response.content.decode()


def test_no_contact_details_on_public_pages(client, mentors):
    user = mentors["a"].user
    user.email = "secret.mentor@example.org"
    user.save()
    listing = client.get(URL).content.decode()
    profile = client.get(f"{URL}{mentors['a'].slug}/").content.decode()
    for html in (listing, profile):
        assert "secret.mentor@example.org" not in html and "@example.org" not in html


def test_the_profile_shows_levels_radar_and_certificate(client, mentors):
    mentor = mentors["a"]
    html = client.get(f"{URL}{mentor.slug}/").content.decode()
    assert "<svg" in html and 'value="90"' in html
    assert f"/ru/certificates/{mentor.certificate.code}/" in html
    assert mentor.certificate.number in html


def count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Site and page lookup, the filter form's choices, the count, the page and its formats and subjects.
REGISTRY_QUERIES = 20
# The page, the profile with its certificate, formats, subjects and areas, and the request form's municipalities.
PROFILE_QUERIES = 18


def test_queries_do_not_grow_with_mentors(client, registry, make_mentor, places):
    subject = Subject.objects.create(name="Математика", name_en="Mathematics", slug="mathematics")
    for _number in range(3):
        make_mentor(formats=["adaptive", "reverse"], subjects=[subject], municipality=places["kazan"])
    few = count(client, URL), count(client, f"{URL}?q=Гарипова&format=adaptive")
    for _number in range(25):
        make_mentor(formats=["adaptive", "reverse"], subjects=[subject], municipality=places["kazan"])
    many = count(client, URL), count(client, f"{URL}?q=Гарипова&format=adaptive")
    assert few == many
    assert few[0] == REGISTRY_QUERIES


def test_profile_queries(client, mentors):
    assert count(client, f"{URL}{mentors['a'].slug}/") == PROFILE_QUERIES


PARAMETERS = [
    "q", "region", "municipality", "format", "subject", "position", "available", "min_expert",
    "min_communicative", "min_managerial", "min_research", "min_project", "sort", "page",
]  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(PARAMETERS), st.lists(st.text(max_size=30), min_size=1, max_size=3)))
def test_any_parameters_never_break_the_page(client, mentors, params):
    from urllib.parse import urlencode

    query = urlencode(params, doseq=True)
    assert client.get(f"{URL}?{query}").status_code in {200, 400, 404}


def test_search_service_reports_errors_without_results(db):
    from django.http import QueryDict

    search = search_mentors(QueryDict("min_expert=x&format=adaptive"))
    assert not search.is_valid and search.results is None
    assert set(search.filterset.errors) == {"min_expert"}


def test_the_sitemap_lists_the_registry_and_listed_profiles_only(client, mentors):
    mentors["a"].is_published = False
    mentors["a"].save()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/ru/mentors/</loc>" in sitemap
    assert f"/ru/mentors/{mentors['c'].slug}/" in sitemap
    assert mentors["a"].slug not in sitemap
