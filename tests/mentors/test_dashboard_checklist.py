"""The certification checklist on the dashboard is rendered once per learner version and kept: it follows the
learner's work, is only ever shown to its learner, is kept per language, and a certificate issued since replaces it."""

from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from course.models import Enrolment, LessonCompletion
from course.signals import evidence_changed
from mentors.certification.issuing import issue_certificate
from tests.factories import LessonPageFactory, UserFactory
from tests.mentors.factories import LEVELS

pytestmark = pytest.mark.django_db


def checklist(client, language="ru") -> str:
    response = client.get(f"/{language}/dashboard/")
    assert response.status_code == 200
    found = BeautifulSoup(response.content, "html.parser").select_one("ul.checklist")
    return found.get_text(" ", strip=True) if found is not None else ""


def lessons_line(text: str) -> str:
    return next(line for line in text.split("○") if "урок" in line.lower() or "lesson" in line.lower())


@pytest.fixture
def lessons(module):
    return [LessonPageFactory(parent=module, slug=f"lesson-{n}") for n in range(2)]


def test_the_kept_checklist_follows_a_lesson_done(client, course, lessons, django_capture_on_commit_callbacks):
    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    client.force_login(user)
    assert "0 из 2" in lessons_line(checklist(client))

    with django_capture_on_commit_callbacks(execute=True):
        LessonCompletion.objects.record(user, lessons[0])
        evidence_changed.send(sender=None, user=user, page=lessons[0])

    assert "1 из 2" in lessons_line(checklist(client))


def test_another_learner_never_sees_the_kept_checklist(client, course, lessons):
    first, second = UserFactory(), UserFactory()
    for user in (first, second):
        Enrolment.objects.create(user=user, course=course)
    LessonCompletion.objects.record(first, lessons[0])
    client.force_login(first)
    assert "1 из 2" in lessons_line(checklist(client))

    client.force_login(second)
    assert "0 из 2" in lessons_line(checklist(client))


def test_the_kept_checklist_is_kept_per_language(client, course, lessons):
    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    client.force_login(user)
    with translation.override("ru"):
        russian = str(translation.gettext("Final assessment passed"))
    assert russian in checklist(client, "ru")

    english = checklist(client, "en")

    assert "Final assessment passed" in english and russian not in english


def test_a_certificate_issued_since_replaces_the_kept_checklist(client, course, lessons):
    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    client.force_login(user)
    assert checklist(client)

    certificate = issue_certificate(user, course, LEVELS)  # no evidence change in between: the version stands

    html = client.get("/ru/dashboard/").content.decode()
    assert certificate.number in html and "checklist" not in html
