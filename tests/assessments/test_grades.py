"""«Мои оценки»: the learner's grade report (issue 12, "The learner"), as Moodle's user report."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from assessments import attempts as service
from assessments import cases
from assessments.grades import grade_report
from assessments.models import Attempt, CaseSubmission
from tests.assessments.factories import AssessmentPageFactory, short_answer, single_choice
from tests.factories import CaseStudyPageFactory, LessonPageFactory, ModulePageFactory

pytestmark = pytest.mark.django_db

GRADES_URL = "/ru/dashboard/grades/"


def take(learner, page, *, right=True) -> Attempt:
    """An attempt at a one-question assessment, answered right or wrong, submitted and graded."""
    attempt = service.start_attempt(learner, page)
    question = page.questions[0].id
    service.save_answer(attempt, question, 1 if right else 0, sequence=1)
    return service.submit_attempt(attempt)


def one_question(**kwargs):
    return AssessmentPageFactory(questions=[single_choice()], **kwargs)


def reviewed_case(learner, case, points, decision="accepted", feedback="<p>Хороший анализ.</p>", comment=""):
    cases.submit_analysis(learner, case, "<p>Мой анализ.</p>")
    submission = CaseSubmission.objects.get(user=learner, case=case)
    criterion = case.rubric[0].id
    return cases.review_submission(
        submission, None, {criterion: points}, feedback, decision, comments={criterion: comment} if comment else None
    )


def page_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def rows(page) -> dict[str, BeautifulSoup]:
    return {row.select_one("th a").get_text(strip=True): row for row in page.select(".grade-table tbody tr")}


def cells(row) -> list[str]:
    return [" ".join(cell.get_text().split()) for cell in row.select("td")]


def russian(message: str) -> str:
    with translation.override("ru"):
        return str(translation.gettext(message))


def test_the_url_is_the_dashboards():
    assert reverse("assessments:grades") == GRADES_URL


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(GRADES_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_nothing_graded_shows_an_empty_state(client, learner, module):
    started = one_question(parent=module, slug="started")
    service.start_attempt(learner, started)  # an open attempt is not a grade
    cases.save_draft(learner, CaseStudyPageFactory(parent=module, slug="draft"), "Набросок")  # nor is a draft
    client.force_login(learner)

    page = page_of(client.get(GRADES_URL))

    assert not page.select(".grade-table")
    assert page.select_one(".empty-state a")["href"] == reverse("dashboard")


def test_every_kind_of_graded_work_in_the_order_of_the_course(client, course, module, learner):
    diagnostic = one_question(parent=course, kind="diagnostic", title="Входная диагностика", slug="entry")
    test = one_question(parent=module, title="Тест модуля", slug="test")
    case = CaseStudyPageFactory(parent=module, title="Кейс о классе", slug="case")
    capstone = CaseStudyPageFactory(parent=course, title="Проект наставничества", slug="capstone", kind="capstone")
    final = one_question(parent=course, kind="final", title="Итоговая аттестация", slug="final")
    take(learner, diagnostic, right=False)
    take(learner, test)
    reviewed_case(learner, case, 8, comment="Опишите риски подробнее.")
    reviewed_case(learner, capstone, 3, decision="returned", feedback="<p>Доработайте цели.</p>")
    take(learner, final, right=False)
    client.force_login(learner)

    page = page_of(client.get(GRADES_URL))

    assert page.select_one(".grade-report h2 a")["href"] == course.url
    found = rows(page)
    # The tree's order: the diagnostic, the module's items, then the course's own closing items.
    assert list(found) == [
        "Входная диагностика",
        "Тест модуля",
        "Кейс о классе",
        "Проект наставничества",
        "Итоговая аттестация",
    ]
    score, grade, _date, _feedback = cells(found["Входная диагностика"])
    assert score == "0%"
    assert found["Входная диагностика"].select_one(".chip")  # not counted
    assert found["Входная диагностика"].select_one(".grade-status--taken")
    assert found["Тест модуля"].select_one(".grade-status--passed")
    assert not found["Тест модуля"].select_one(".chip")
    assert cells(found["Тест модуля"])[0] == "100%"
    assert found["Итоговая аттестация"].select_one(".grade-status--failed")
    case_row = found["Кейс о классе"]
    assert case_row.select_one(".grade-status--accepted")
    assert "8 " in cells(case_row)[0] and "(80%)" in cells(case_row)[0]
    assert "Хороший анализ." in cells(case_row)[3] and "Опишите риски подробнее." in cells(case_row)[3]
    assert case_row.select_one("td a")["href"] == f"{case.url}#analysis"
    capstone_row = found["Проект наставничества"]
    assert capstone_row.select_one(".grade-status--returned")
    assert russian("Capstone project") in capstone_row.select_one(".grade-row__kind").get_text()
    assert all(row.select_one("time[datetime]") for row in found.values())


def test_the_grade_that_counts_and_the_review_of_its_attempt(client, module, learner):
    page = one_question(parent=module, title="Тест", slug="test", attempts_allowed=3, grading_method="highest")
    take(learner, page, right=False)
    best = take(learner, page)
    take(learner, page, right=False)
    client.force_login(learner)

    row = rows(page_of(client.get(GRADES_URL)))["Тест"]

    assert row.select_one(".grade-status--passed")  # the highest of three
    assert cells(row)[0] == "100%"
    assert row.select_one("td a")["href"] == reverse("assessments:attempt", args=[best.pk])


@pytest.mark.parametrize(("policy", "linked"), [("immediately", True), ("never", False), ("after_last", False)])
def test_the_review_is_linked_only_where_the_review_policy_shows_it(client, module, learner, policy, linked):
    page = one_question(parent=module, title="Тест", slug="test", review_correctness=policy, attempts_allowed=2)
    take(learner, page, right=False)
    client.force_login(learner)

    row = rows(page_of(client.get(GRADES_URL)))["Тест"]

    assert bool(row.select("td a[href*='/attempts/']")) is linked


def test_a_reviewers_comments_on_written_answers_are_the_feedback(client, module, learner, superuser):
    page = AssessmentPageFactory(parent=module, title="Тест", slug="test", questions=[single_choice(), short_answer()])
    attempt = service.start_attempt(learner, page)
    single, written = (block.id for block in page.questions)
    service.save_answer(attempt, single, 1, sequence=1)
    service.save_answer(attempt, written, "Цель и сроки проекта.", sequence=2)
    attempt = service.submit_attempt(attempt)
    client.force_login(learner)

    waiting = rows(page_of(client.get(GRADES_URL)))["Тест"]
    assert waiting.select_one(".grade-status--awaiting")

    service.review_written_answer(attempt.answers.get(question_id=written), superuser, 4, "Назовите риски.")
    graded = rows(page_of(client.get(GRADES_URL)))["Тест"]
    assert graded.select_one(".grade-status--passed")
    assert "Назовите риски." in cells(graded)[3]


def test_another_learners_records_never_appear(client, course, module, learner, other_learner):
    test = one_question(parent=module, title="Тест", slug="test")
    case = CaseStudyPageFactory(parent=module, title="Кейс", slug="case")
    take(other_learner, test)
    reviewed_case(other_learner, case, 9, feedback="<p>Отзыв для другого слушателя.</p>")
    client.force_login(learner)
    assert not page_of(client.get(GRADES_URL)).select(".grade-table")
    assert grade_report(learner) == []

    take(learner, test, right=False)
    page = page_of(client.get(GRADES_URL))

    assert list(rows(page)) == ["Тест"]
    assert rows(page)["Тест"].select_one(".grade-status--failed")  # the learner's own, not the other's pass
    assert "Отзыв для другого слушателя" not in page.get_text()
    assert [row.page.pk for report in grade_report(other_learner) for row in report.rows] == [test.pk, case.pk]


def test_queries_do_not_grow_with_the_graded_items(client, course, learner):
    def add_module(number):
        module = ModulePageFactory(parent=course, number=number, slug=f"module-{number}")
        LessonPageFactory(parent=module)
        take(learner, one_question(parent=module, slug=f"test-{number}"))
        reviewed_case(learner, CaseStudyPageFactory(parent=module, slug=f"case-{number}"), 5, comment="Ок")

    def count() -> int:
        client.get(GRADES_URL)
        with CaptureQueriesContext(connection) as context:
            response = client.get(GRADES_URL)
        assert response.status_code == 200
        return len(context)

    client.force_login(learner)
    add_module(1)
    with_one = count()
    for number in range(2, 5):
        add_module(number)
    assert count() == with_one


def test_linked_from_the_dashboard_and_the_header(client, learner):
    client.force_login(learner)
    page = page_of(client.get(reverse("dashboard")))
    assert page.select_one(f"main a[href='{GRADES_URL}']")
    assert page.select_one(f"nav.site-nav a[href='{GRADES_URL}']")
    current = page_of(client.get(GRADES_URL)).select_one(f"nav.site-nav a[href='{GRADES_URL}']")
    assert current["aria-current"] == "page"
