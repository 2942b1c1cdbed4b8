"""Messages reach the catalogue and speak the page's language (issue 12, "Messages and language").

They escaped the catalogue because they were wrapped in ``gettext`` imported as ``_t``: ``makemessages`` only extracts
the names it knows (``gettext``, ``_``, ``ngettext``, ``gettext_lazy``…), so those strings never got a Russian entry.
"""

import ast
from pathlib import Path

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

import pytest

from assessments import cases
from assessments.models import CaseSubmission
from course.codes import CompetencyCode
from course.models import Enrolment
from mentors.certification.rules import Requirement, evaluate
from tests.factories import ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
EXTRACTED_NAMES = {"_", "gettext", "ngettext", "pgettext", "npgettext", "gettext_noop"}


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_no_translation_function_hides_behind_a_name_makemessages_does_not_extract():
    aliased = []
    for app in ("course", "assessments", "mentors", "accounts", "lms_site"):
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                    for alias in node.names:
                        if alias.asname and alias.asname not in EXTRACTED_NAMES:
                            aliased.append(f"{path.relative_to(ROOT)}: {alias.name} as {alias.asname}")
    assert aliased == []


def test_enrolling_says_so_in_russian(client, course):
    client.force_login(UserFactory(username="new-learner"))
    response = client.post(course.url + "enrol/")
    assert response.url.startswith("/ru/")
    assert _messages(response) == ["Вы записаны на курс. Начните с первого шага ниже."]


def test_marking_a_lesson_done_says_so_in_russian(client, course, module, lesson):
    learner = UserFactory(username="reading-learner")
    Enrolment.objects.create(user=learner, course=course)
    client.force_login(learner)
    response = client.post(lesson.url + "done/")
    assert _messages(response) == ["Урок отмечен как пройденный."]


def test_the_reviewers_message_is_russian_with_a_decimal_comma_and_agreeing_plural(client, case_study):
    learner = UserFactory(username="case-learner", last_name="Мингазова", first_name="Алсу")
    cases.submit_analysis(learner, case_study, "<p>Мой анализ ситуации.</p>")
    submission = CaseSubmission.objects.get(user=learner)
    (criterion,) = [block.id for block in case_study.rubric]
    client.force_login(ReviewerFactory())
    response = client.post(
        reverse("reviews:review", args=[submission.pk]),
        {f"score-{criterion}": "5,5", "decision": "returned", "feedback": "Раскройте причины."},
    )
    assert response.status_code == 302
    (message,) = _messages(response)
    assert message.startswith("Анализ кейса:") and "возвращён на доработку, 5,5 из 10 баллов." in message


def test_the_certificate_lookups_not_found_error_is_russian(client, db):
    response = client.get("/ru/certificates/", {"number": "НП-2026-999999"})
    assert response.context["form"].errors["number"] == [
        "Сертификата с таким номером нет. Сверьте номер с напечатанным сертификатом."
    ]
    assert "Сертификата с таким номером нет" in response.content.decode()


def test_the_certification_checklist_is_worded_when_shown_not_when_built():
    with translation.override("en"):
        eligibility = evaluate(
            _empty_progress(), {"expert": 40.0}, dict.fromkeys(CompetencyCode.values, 60), {"expert": 5}
        )
    expert: Requirement = next(r for r in eligibility.requirements if r.code == "competency:expert")
    with translation.override("ru"):
        assert str(expert.label).endswith("компетенция — не ниже 60") and str(expert.detail) == "сейчас 40"
        assert str(eligibility.requirements[0].detail) == "выполнено 0 из 0"
    with translation.override("en"):
        assert str(expert.detail) == "now 40"


def _empty_progress():
    class Progress:
        all_items: list = []

    return Progress()
