"""``/api/v1/mentors/``: the contract's response shape, the page's filters, 400s naming the field, no contacts."""

import json
from urllib.parse import urlencode

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.models import Subject
from mentors.models import MentoringRequest
from tests.factories import MunicipalityFactory, RegionFactory
from tests.mentors.test_registry_search import PARAMETERS

pytestmark = pytest.mark.django_db

API = "/api/v1/mentors/"


@pytest.fixture
def kazan(db):
    return MunicipalityFactory(region=RegionFactory(name="Республика Татарстан", slug="tatarstan"), slug="kazan")


@pytest.fixture
def mentor(registry, make_mentor, kazan):
    maths = Subject.objects.create(name="Математика", name_en="Mathematics", slug="mathematics")
    return make_mentor(
        display_name="Абрамова Анна Ильдаровна",
        municipality=kazan,
        formats=["reverse", "adaptive"],
        subjects=[maths],
        bio="<p>Наставник молодых учителей.</p>",
        levels={"expert": 91, "communicative": 82, "managerial": 73, "research": 64, "project": 65},
    )


def test_the_response_has_the_contract_shape(client, mentor):
    body = client.get(API).json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    [item] = body["results"]
    assert set(item) == {
        "slug", "name", "position", "organisation", "region", "municipality", "subjects", "formats",
        "competencies", "available", "url", "certificate",
    }  # fmt: skip
    assert item["slug"] == mentor.slug and item["name"] == "Абрамова Анна Ильдаровна"
    assert item["region"] == {"slug": "tatarstan", "name": "Республика Татарстан"}
    assert item["municipality"]["slug"] == "kazan"
    assert item["subjects"] == ["mathematics"]
    assert item["formats"] == ["adaptive", "reverse"]
    assert item["competencies"] == {"expert": 91, "communicative": 82, "managerial": 73, "research": 64, "project": 65}
    assert item["available"] is True
    assert item["url"] == f"http://testserver/ru/mentors/{mentor.slug}/"
    assert item["certificate"]["number"] == mentor.certificate.number
    assert item["certificate"]["url"] == f"http://testserver/ru/certificates/{mentor.certificate.code}/"
    assert item["certificate"]["issued"].startswith(str(mentor.certificate.issued_at.year))


def test_the_filters_and_morphology_are_the_pages(client, mentor, make_mentor):
    make_mentor(display_name="Борисов Булат", formats=["expert"])
    assert [m["name"] for m in client.get(f"{API}?q=наставникам").json()["results"]] == ["Абрамова Анна Ильдаровна"]
    assert client.get(f"{API}?format=expert&format=adaptive").json()["count"] == 2
    assert client.get(f"{API}?municipality=kazan&min_expert=92").json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("min_expert=500", "min_expert"),
        ("municipality=atlantis", "municipality"),
        ("format=telepathic", "format"),
        ("available=maybe", "available"),
        ("sort=random", "sort"),
        ("page=first", "page"),
        ("page=40", "page"),
    ],
)
def test_invalid_input_is_a_400_naming_the_field(client, mentor, query, field):
    response = client.get(f"{API}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert field in response.json()["errors"]


def test_pages_link_with_absolute_urls(client, registry, make_mentor):
    for number in range(21):
        make_mentor(display_name=f"Наставник {number:02d}")
    first = client.get(f"{API}?sort=name").json()
    assert first["count"] == 21 and len(first["results"]) == 20
    assert first["next"] == "http://testserver/api/v1/mentors/?sort=name&page=2"
    second = client.get(first["next"]).json()
    assert second["previous"] == "http://testserver/api/v1/mentors/?sort=name&page=1"
    assert [m["name"] for m in second["results"]] == ["Наставник 20"]


def test_no_contact_details_in_the_api_or_its_schema(client, mentor, kazan):
    mentor.user.email = "mentor.private@example.org"
    mentor.user.save()
    MentoringRequest.objects.create(
        profile=mentor,
        school="Школа № 1",
        municipality=kazan,
        contact_name="Иванова Ирина",
        email="school.private@example.org",
        phone="+7 900 123-45-67",
        mentee_position="teacher",
        desired_format="adaptive",
        message="Нужен наставник",
        status="accepted",
    )
    for url in (API, f"{API}?q=Абрамова", "/api/v1/openapi.json"):
        text = client.get(url).content.decode()
        assert "private@example.org" not in text and "900 123" not in text and "@example.org" not in text


def test_the_openapi_schema_documents_the_parameters(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    operation = schema["paths"]["/api/v1/mentors/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == set(PARAMETERS)
    assert "400" in operation["responses"] and "200" in operation["responses"]


API_QUERIES = 5


def test_queries_do_not_grow_with_results(client, registry, make_mentor, kazan):
    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make_mentor(formats=["adaptive"], municipality=kazan)
    few = queries(API), queries(f"{API}?q=Гарипова&format=adaptive")
    for _number in range(24):
        make_mentor(formats=["adaptive", "reverse"], municipality=kazan)
    assert (queries(API), queries(f"{API}?q=Гарипова&format=adaptive")) == few
    assert few[0] == API_QUERIES


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(PARAMETERS), st.lists(st.text(max_size=30), min_size=1, max_size=3)))
def test_any_parameters_never_break_the_api(client, mentor, params):
    response = client.get(f"{API}?{urlencode(params, doseq=True)}")
    assert response.status_code in {200, 400}
    assert response["Content-Type"].startswith("application/json")
