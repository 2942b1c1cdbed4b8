"""The dashboard's case work and competency profile panels are rendered once per learner version and kept
(``assessments.dashboard.panels_for``): they follow every new piece of work or evidence, are only ever shown to their
learner, and are kept per language."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pytest
from bs4 import BeautifulSoup

from assessments import attempts as attempt_service
from assessments import cases, dashboard
from assessments.models import CompetencyEvidence, EvidenceSource
from course.signals import announce_evidence

pytestmark = pytest.mark.django_db


def give_evidence(user, course, page, earned: int, competency: str = "expert") -> None:
    """As grading does (``assessments.evidence``): the rows, then the announcement that bumps the learner version."""
    CompetencyEvidence.objects.filter(user=user, page=page).delete()
    CompetencyEvidence.objects.create(
        user=user,
        course=course,
        page=page,
        source=EvidenceSource.MODULE_TEST,
        competency=competency,
        earned=Decimal(earned),
        possible=Decimal(100),
        recorded_at=timezone.now(),
    )
    announce_evidence(CompetencyEvidence, user, page)


def profile_table(client, language: str = "ru") -> BeautifulSoup:
    response = client.get(f"/{language}/dashboard/")
    assert response.status_code == 200
    table = BeautifulSoup(response.content, "html.parser").select_one("table.profile__table")
    assert table is not None
    return table


def current_level(table) -> str:
    return table.select_one("tbody tr td").get_text(" ", strip=True).split()[0]


def test_the_kept_profile_follows_a_new_grade(
    client, course, module_test, learner, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        give_evidence(learner, course, module_test, 40)
    assert current_level(profile_table(client)) == "40,0"
    assert current_level(profile_table(client)) == "40,0"  # from the cache

    with django_capture_on_commit_callbacks(execute=True):
        give_evidence(learner, course, module_test, 70)

    assert current_level(profile_table(client)) == "70,0"


def test_the_kept_profile_costs_no_query_once_rendered(client, course, module_test, learner):
    client.force_login(learner)
    give_evidence(learner, course, module_test, 40)
    client.get("/ru/dashboard/")
    with CaptureQueriesContext(connection) as queries:
        profile_table(client)
    assert not any("assessments_competencyevidence" in query["sql"] for query in queries)


def test_another_learner_never_sees_the_kept_profile(client, course, module_test, learner, other_learner):
    give_evidence(learner, course, module_test, 40)
    give_evidence(other_learner, course, module_test, 90)
    client.force_login(learner)
    assert current_level(profile_table(client)) == "40,0"

    client.force_login(other_learner)
    assert current_level(profile_table(client)) == "90,0"
    client.force_login(learner)
    assert current_level(profile_table(client)) == "40,0"


def test_the_kept_profile_is_kept_per_language(client, course, module_test, learner):
    give_evidence(learner, course, module_test, 40)
    client.force_login(learner)
    assert "Экспертная" in profile_table(client, "ru").get_text()

    english = profile_table(client, "en").get_text()

    assert "Expert" in english and "Экспертная" not in english
    assert "Экспертная" in profile_table(client, "ru").get_text()


def test_the_certification_checklist_reads_the_kept_levels(client, course, module_test, learner):
    """The checklist's competency lines show the levels the kept panel brought back, not a second profile query."""
    give_evidence(learner, course, module_test, 40)
    client.force_login(learner)
    client.get("/ru/dashboard/")
    response = client.get("/ru/dashboard/")
    checklist = BeautifulSoup(response.content, "html.parser").select_one("ul.checklist")
    assert checklist is not None and "сейчас 40" in checklist.get_text()


def work_panel(client) -> str:
    response = client.get("/ru/dashboard/")
    assert response.status_code == 200
    return (
        BeautifulSoup(response.content, "html.parser").select_one("section[aria-labelledby=work-heading]").get_text()
    )


def test_the_kept_work_panel_follows_drafts_submissions_and_attempts(client, case_study, module_test, learner):
    client.force_login(learner)
    assert "Черновиков нет." in work_panel(client)

    cases.save_draft(learner, case_study, "<p>Черновик</p>")
    panel = work_panel(client)
    assert case_study.title in panel and "Черновиков нет." not in panel

    cases.submit_analysis(learner, case_study, "<p>Анализ</p>")
    assert "Черновиков нет." in work_panel(client)

    attempt_service.start_attempt(learner, module_test)
    assert module_test.title in work_panel(client)


def test_another_learner_never_sees_the_kept_work_panel(client, case_study, learner, other_learner):
    cases.save_draft(learner, case_study, "<p>Черновик</p>")
    client.force_login(learner)
    assert case_study.title in work_panel(client)

    client.force_login(other_learner)
    assert case_study.title not in work_panel(client)


def test_a_kept_panel_is_kept_per_learner_host_and_language(rf, learner, other_learner):
    def key(user, host="testserver", language="ru"):
        request = rf.get("/", HTTP_HOST=host)
        request.user = user
        with translation.override(language):
            return dashboard.kept_key("work-panel", request)

    assert key(learner) == key(learner)
    assert (
        len({key(learner), key(other_learner), key(learner, host="other.example"), key(learner, language="en")}) == 4
    )
