"""The read API shows what the public pages show, and answers bad parameters with a 400, never a 500."""

import pytest

from assessments.models import AssessmentPage
from tests.factories import LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gated(lesson, case_study):
    module = lesson.get_parent().specific
    return {"module": module, "lesson": lesson, "case": case_study}


@pytest.mark.parametrize("fields", ["body", "rubric", "situation,questions", "*"])
def test_enrolled_only_content_is_not_in_the_listing(client, gated, fields):
    response = client.get("/api/v2/pages/", {"fields": fields, "limit": 100})
    body = response.content.decode()
    assert response.status_code in (200, 400)
    for secret in ('"body"', '"rubric"', '"situation"', '"questions"', '"objectives"', '"participants"'):
        assert secret not in body


@pytest.mark.parametrize(
    ("page", "fields", "status"),
    [  # naming a gated field is refused; "*" answers with the public fields only
        ("lesson", "body", 400),
        ("lesson", "*", 200),
        ("case", "rubric", 400),
        ("case", "*", 200),
        ("module", "intro,objectives", 400),
    ],
)
def test_enrolled_only_content_is_not_in_the_detail(client, gated, page, fields, status):
    response = client.get(f"/api/v2/pages/{gated[page].pk}/", {"fields": fields})
    body = response.content.decode()
    assert response.status_code == status
    assert '"body"' not in body and '"rubric"' not in body and '"intro"' not in body and '"objectives"' not in body


def test_a_lesson_body_by_type_is_refused(client, gated):
    response = client.get("/api/v2/pages/", {"type": "course.LessonPage", "fields": "body"})
    assert response.status_code == 400


def test_what_the_landing_page_shows_stays_in_the_api(client, gated):
    course = gated["module"].get_parent()
    response = client.get("/api/v2/pages/", {"type": "course.CoursePage", "fields": "summary,hours,outcomes"})
    assert response.status_code == 200 and response.json()["items"][0]["id"] == course.pk
    module = client.get(f"/api/v2/pages/{gated['module'].pk}/").json()
    assert module["number"] == gated["module"].number and "estimated_hours" in module


def test_no_model_leaks_its_content_fields():
    from lms_site.api import PublicPagesAPIViewSet

    for model in (AssessmentPage, LessonPageFactory._meta.model):
        assert PublicPagesAPIViewSet.get_body_fields_names(model) == ["id", "title"]


@pytest.mark.parametrize("endpoint", ["pages", "images"])
@pytest.mark.parametrize(
    "params",
    [
        {"offset": "99999999999999999999"},
        {"offset": str(2**63)},
        {"offset": "9" * 5000},
        {"limit": "9" * 5000},
        {"limit": "99999999999999999999"},
        {"search": "a\x00b"},
        {"id": "99999999999999999999"},
        {"child_of": "99999999999999999999"},
    ],
    ids=lambda params: repr(params)[:40],
)
def test_malformed_parameters_give_400(client, gated, endpoint, params):
    response = client.get(f"/api/v2/{endpoint}/", params)
    assert response.status_code == 400, response.content
    assert "message" in response.json()
