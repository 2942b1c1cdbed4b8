"""``GET /api/v1/mentors/``: the contract's shape, the page's filters and rules, 400s naming the field, 404 past the
last page, no contacts in the answers or the schema, a fixed number of queries."""

import json
from urllib.parse import urlencode

from django.test import RequestFactory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ninja.errors import ValidationError as NinjaValidationError

from mentors.models import MentoringRequest
from mentors.registry.api import validation_error
from tests.mentors.helpers import PARAMETERS

pytestmark = pytest.mark.django_db

API = "/api/v1/mentors/"


def names(client, query: str = "") -> list[str]:
    response = client.get(f"{API}?{query}")
    assert response.status_code == 200, response.content[:500]
    return [mentor["name"] for mentor in response.json()["results"]]


def test_the_response_has_the_contract_shape(client, mentors):
    mentor = mentors["a"]
    body = client.get(API).json()
    assert set(body) == {"count", "more_than", "next", "previous", "results"}
    assert body["more_than"] is False
    assert body["count"] == 3 and body["next"] is None and body["previous"] is None
    item = body["results"][0]
    assert set(item) == {
        "slug", "name", "position", "organisation", "region", "municipality", "subjects", "formats",
        "competencies", "available", "url", "certificate",
    }  # fmt: skip
    assert item["slug"] == mentor.slug and item["name"] == "Абрамова Анна" and item["position"] == "teacher"
    assert item["organisation"] == "МБОУ «Гимназия № 1»"
    assert item["region"] == {"slug": "tatarstan", "name": "Республика Татарстан"}
    assert item["municipality"] == {"slug": "kazan", "name": "Казань"}
    assert item["subjects"] == ["mathematics"] and item["formats"] == ["adaptive"]
    assert item["competencies"] == {"expert": 90, "communicative": 60, "managerial": 60, "research": 60, "project": 60}
    assert item["available"] is True
    assert item["url"] == f"http://testserver/ru/mentors/{mentor.slug}/"
    assert set(item["certificate"]) == {"number", "url", "issued"}
    assert item["certificate"]["number"] == mentor.certificate.number
    assert item["certificate"]["url"] == f"http://testserver/ru/certificates/{mentor.certificate.code}/"
    assert item["certificate"]["issued"].startswith(mentor.certificate.issued_at.date().isoformat())


def test_names_follow_the_language_of_the_request(client, mentors):
    item = client.get(f"{API}?municipality=kazan", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert item["region"]["name"] == "Republic of Tatarstan" and item["municipality"]["name"] == "Kazan"


def test_a_full_mentor_is_not_available(client, mentors):
    mentors["b"].active_mentees = 1
    mentors["b"].save()
    [item] = client.get(f"{API}?municipality=arsky").json()["results"]
    assert item["available"] is False
    assert names(client, "available=1") == ["Абрамова Анна", "Валиева Венера"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Абрамова Анна", "Борисов Булат", "Валиева Венера"]),
        ("region=tatarstan", ["Абрамова Анна", "Борисов Булат"]),
        ("municipality=arsky", ["Борисов Булат"]),
        ("format=adaptive&format=accompanying", ["Абрамова Анна", "Валиева Венера"]),
        ("subject=physics", ["Борисов Булат"]),
        ("position=deputy_head", ["Валиева Венера"]),
        ("min_expert=90", ["Абрамова Анна"]),
        ("min_communicative=95&min_managerial=92&min_research=70&min_project=80", ["Борисов Булат"]),
        ("min_research=89", []),
        ("q=наставникам", ["Абрамова Анна", "Валиева Венера"]),
        ("q=наставникам&municipality=far", ["Валиева Венера"]),
        ("sort=-level", ["Борисов Булат", "Валиева Венера", "Абрамова Анна"]),
        ("q=наставником&sort=name", ["Абрамова Анна", "Валиева Венера"]),
    ],
)
def test_the_filters_are_the_pages(client, mentors, query, expected):
    result = names(client, query)
    assert (sorted(result) if query.startswith("q=наставникам") else result) == expected


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("min_expert=500", {"min_expert"}),
        ("min_project=x", {"min_project"}),
        ("region=nowhere", {"region"}),
        ("municipality=atlantis", {"municipality"}),
        ("format=telepathic", {"format"}),
        ("subject=alchemy", {"subject"}),
        ("position=king", {"position"}),
        ("available=maybe", {"available"}),
        ("sort=random", {"sort"}),
        (f"q={'я' * 201}", {"q"}),
        ("page=first", {"page"}),
        ("page=0", {"page"}),
        ("min_expert=-1&sort=random", {"min_expert", "sort"}),
    ],
)
def test_invalid_input_is_a_400_naming_the_fields(client, mentors, query, fields):
    response = client.get(f"{API}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert set(errors) == fields and all(errors[field] and isinstance(errors[field][0], str) for field in fields)


def test_ninjas_own_validation_errors_are_400s_naming_the_field(rf: RequestFactory):
    error = NinjaValidationError([{"loc": ("query", "filters", "min_expert"), "msg": "Input should be a string"}])
    response = validation_error(rf.get(API), error)
    assert response.status_code == 400
    assert json.loads(response.content) == {"errors": {"min_expert": ["Input should be a string"]}}


def test_pages_link_with_absolute_urls(client, registry, make_mentor):
    for number in range(21):
        make_mentor(display_name=f"Наставник {number:02d}")
    first = client.get(f"{API}?sort=name").json()
    assert first["count"] == 21 and len(first["results"]) == 20 and first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/mentors/?sort=name&page=2"
    second = client.get(first["next"]).json()
    assert second["previous"] == "http://testserver/api/v1/mentors/?sort=name&page=1" and second["next"] is None
    assert [mentor["name"] for mentor in second["results"]] == ["Наставник 20"]
    beyond = client.get(f"{API}?sort=name&page=3")
    assert beyond.status_code == 404 and set(beyond.json()["errors"]) == {"page"}


def test_unlisted_mentors_are_invisible(client, mentors):
    mentors["a"].is_published = False
    mentors["a"].save()
    mentors["b"].certificate.status = "revoked"
    mentors["b"].certificate.save()
    mentors["b"].save()
    assert names(client) == ["Валиева Венера"]
    assert names(client, "q=Абрамова") == [] and names(client, "q=Борисов") == []


def test_no_contact_details_in_the_api_or_its_schema(client, mentors, places):
    for key, mentor in mentors.items():
        mentor.user.email = f"mentor.private.{key}@example.org"
        mentor.user.save()
        MentoringRequest.objects.create(
            profile=mentor,
            school="Школа № 1",
            municipality=places["kazan"],
            contact_name="Иванова Ирина",
            email=f"school.private.{key}@example.org",
            phone="+7 900 123-45-67",
            mentee_position="teacher",
            desired_format="adaptive",
            message="Нужен наставник",
            status="accepted",
        )
    for url in (API, f"{API}?q=наставник", f"{API}?municipality=kazan", "/api/v1/openapi.json"):
        text = client.get(url).content.decode()
        assert "private" not in text and "@example.org" not in text, url
        assert "123-45-67" not in text and "900 123" not in text, url
    schema = client.get("/api/v1/openapi.json").content.decode().lower()
    assert "email" not in schema and "phone" not in schema


def test_the_openapi_schema_documents_the_endpoint(client):
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    assert schema["info"]["title"] == "Mentor registry API" and schema["info"]["version"] == "1"
    operation = schema["paths"]["/api/v1/mentors/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == set(PARAMETERS)
    assert parameters["format"]["schema"]["anyOf"][0]["type"] == "array"
    assert {"200", "400", "404"} <= set(operation["responses"])
    results = schema["components"]["schemas"]["MentorOut"]["properties"]
    assert {"slug", "name", "competencies", "certificate", "url", "available"} <= set(results)


def test_queries_do_not_grow_with_results(client, count_queries, registry, make_mentor, places):
    urls = [API, f"{API}?q=Гимназия&format=adaptive", f"{API}?sort=-certified&municipality=kazan"]

    def add(number):
        for _number in range(number):
            make_mentor(formats=["adaptive", "reverse"], municipality=places["kazan"])

    add(3)
    few = [count_queries(url) for url in urls]
    add(22)
    many = [count_queries(url) for url in urls]
    assert len(client.get(API).json()["results"]) == 20
    assert few == many
    # The count, the registry page (for the profile URLs), the page of mentors, their formats and their subjects.
    assert many[0] == 5


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.one_of(st.text(max_size=40), st.lists(st.text(max_size=20), min_size=1, max_size=3)),
    )
)
def test_any_parameters_never_break_the_api(client, mentors, params):
    response = client.get(f"{API}?{urlencode(params, doseq=True)}")
    assert response.status_code in {200, 400, 404}
    assert response["Content-Type"].startswith("application/json")


def test_more_mentors_than_the_limit_are_counted_as_more_than(client, mentors, mentor_lms_settings):
    mentor_lms_settings(MENTORS_REGISTRY_COUNT_LIMIT=2)
    body = client.get(API).json()
    assert (body["count"], body["more_than"], len(body["results"]), body["next"]) == (2, True, 2, None)
    body = client.get(f"{API}?q=наставник").json()
    assert (body["count"], body["more_than"]) == (2, False)
    assert client.get(f"{API}?page=2").status_code == 404
