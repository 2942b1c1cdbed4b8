"""The reviewers' admin screens: the queue of case analyses, the review form, written answers, and who gets in."""

import re
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

import pytest
from bs4 import BeautifulSoup

from assessments import attempts as attempt_service
from assessments import cases
from assessments.models import Attempt, AttemptStatus, CaseReview, CaseSubmission, SubmissionStatus
from assessments.review_forms import ReviewForm
from assessments.scoring import rubric_points
from course.models import Enrolment
from tests.assessments.factories import AssessmentPageFactory, short_answer, single_choice
from tests.assessments.xss import XSS_VECTORS, assert_harmless
from tests.factories import (
    CaseStudyPageFactory,
    CoursePageFactory,
    ModulePageFactory,
    ReviewerFactory,
    UserFactory,
    rubric_criterion,
)

pytestmark = pytest.mark.django_db

QUEUE = "reviews:index"
ANSWERS = "written-answers:index"


def review_url(submission) -> str:
    return reverse("reviews:review", args=[submission.pk])


def submit(case, last_name: str, html: str = "<p>Мой анализ ситуации.</p>", days_ago: float = 0) -> CaseSubmission:
    learner = UserFactory(last_name=last_name, first_name="Ирина")
    cases.submit_analysis(learner, case, html)
    submission = CaseSubmission.objects.get(user=learner, case=case)
    if days_ago:
        CaseSubmission.objects.filter(pk=submission.pk).update(submitted_at=timezone.now() - timedelta(days=days_ago))
        submission.refresh_from_db()
    return submission


def criteria(case) -> list[str]:
    return [block.id for block in case.rubric]


def rows(response) -> str:
    """The listing's table only, so that filter options (course and case titles) do not count as rows."""
    html = response.content.decode()
    match = re.search(r"<table class=\"listing[^\"]*\".*?</table>", html, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def reviewer(db):
    return ReviewerFactory()


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def two_criteria_case(module):
    return CaseStudyPageFactory(
        parent=module,
        title="Конфликт в коллективе",
        slug="conflict",
        rubric=[
            {"type": "criterion", "value": rubric_criterion(title="Анализ проблемы", max_points=10)},
            {
                "type": "criterion",
                "value": rubric_criterion(title="Коммуникация", competency="communicative", max_points=6),
            },
        ],
    )


@pytest.fixture
def other_case(home):
    course = CoursePageFactory(parent=home, title="Управление проектами", slug="projects")
    module = ModulePageFactory(parent=course, title="Проект", slug="project-module", number=1)
    return CaseStudyPageFactory(parent=module, title="Школьный проект", slug="school-project")


# --- The queue -------------------------------------------------------------------------------------------------------


def test_queue_lists_only_waiting_analyses_by_default(reviewer_client, case_study, superuser):
    waiting = submit(case_study, "Ожидающая")
    accepted = submit(case_study, "Принятая")
    cases.review_submission(accepted, superuser, {criteria(case_study)[0]: 8}, "", "accepted")
    cases.save_draft(UserFactory(last_name="Черновикова"), case_study, "Черновик")

    table = rows(reviewer_client.get(reverse(QUEUE)))
    assert "Ожидающая" in table and "Принятая" not in table and "Черновикова" not in table
    assert review_url(waiting) in table

    table = rows(reviewer_client.get(reverse(QUEUE), {"status": ""}))  # "Any status": still never a draft
    assert "Ожидающая" in table and "Принятая" in table and "Черновикова" not in table

    table = rows(reviewer_client.get(reverse(QUEUE), {"status": "accepted"}))
    assert "Принятая" in table and "Ожидающая" not in table


def test_queue_shows_course_version_and_age_oldest_first(reviewer_client, case_study, course):
    submit(case_study, "Новая", days_ago=1)
    old = submit(case_study, "Старая", days_ago=5)
    cases.review_submission(old, None, {criteria(case_study)[0]: 2}, "Доработайте", "returned")
    cases.submit_analysis(old.user, case_study, "<p>Вторая версия</p>")
    CaseSubmission.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=5))

    table = rows(reviewer_client.get(reverse(QUEUE)))
    assert table.index("Старая Ирина") < table.index("Новая Ирина")
    assert course.title in table and case_study.title in table
    assert re.search(r"<td[^>]*>\s*2\s*</td>", table)  # the second version is the one waiting
    assert "5\xa0days" in table or "5 days" in table or "5\xa0дн" in table or "5 дн" in table


def test_queue_filters_by_course_case_status_and_age(reviewer_client, case_study, two_criteria_case, other_case):
    submit(case_study, "Первая", days_ago=2)
    submit(two_criteria_case, "Вторая", days_ago=4)
    submit(other_case, "Третья", days_ago=8)
    queue = reverse(QUEUE)

    def listed(**params) -> set[str]:
        table = rows(reviewer_client.get(queue, params))
        return {name for name in ("Первая", "Вторая", "Третья") if name in table}

    assert listed() == {"Первая", "Вторая", "Третья"}
    assert listed(course=case_study.get_parent().get_parent().pk) == {"Первая", "Вторая"}
    assert listed(course=other_case.get_parent().get_parent().pk) == {"Третья"}
    assert listed(case=two_criteria_case.pk) == {"Вторая"}
    assert listed(waiting="1") == {"Первая", "Вторая", "Третья"}
    assert listed(waiting="3") == {"Вторая", "Третья"}
    assert listed(waiting="7") == {"Третья"}
    assert listed(status="accepted") == set()
    assert listed(q="Втор") == {"Вторая"}  # the search box: a learner's name or a case's title
    assert listed(q="Школьный") == {"Третья"}


def test_a_malformed_filter_is_reported_not_a_500(reviewer_client, case_study):
    submit(case_study, "Первая")
    response = reviewer_client.get(reverse(QUEUE), {"course": "abc", "waiting": "99", "case": "999999", "p": "x"})
    assert response.status_code == 200
    assert "Первая" in rows(response)  # the default status still applies


def test_queue_queries_do_not_grow_with_rows(reviewer, client, count_queries, case_study, other_case):
    client.force_login(reviewer)
    for number in range(2):
        submit(case_study if number % 2 else other_case, f"Ученица{number}")
    with_two = count_queries(reverse(QUEUE))
    for number in range(2, 10):
        submit(case_study if number % 2 else other_case, f"Ученица{number}")
    with_ten = count_queries(reverse(QUEUE))
    assert with_two == with_ten
    assert with_ten <= 30, with_ten


# --- The review screen -----------------------------------------------------------------------------------------------


def test_review_screen_shows_the_analysis_beside_the_rubric(reviewer_client, two_criteria_case):
    submission = submit(two_criteria_case, "Иванова", "<p>Мой <strong>анализ</strong>.</p>")
    html = reviewer_client.get(review_url(submission)).content.decode()
    assert "Мой <strong>анализ</strong>." in html
    for text in ("Анализ проблемы", "Коммуникация", "Уровень 1", "Описание уровня.", "0–5", "6–10", "0–3", "4–6"):
        assert text in html
    first, second = criteria(two_criteria_case)
    # Text inputs with a decimal keyboard: a number input would turn a typed "5,5" into 55 in a Russian browser.
    assert f'name="score-{first}"' in html and 'data-max-points="10"' in html and 'inputmode="decimal"' in html
    assert f'name="score-{second}"' in html and 'data-max-points="6"' in html
    assert 'value="accepted"' in html and 'value="returned"' in html


def test_accepting_stores_the_review_and_tells_the_learner(
    reviewer_client, reviewer, two_criteria_case, django_capture_on_commit_callbacks
):
    submission = submit(two_criteria_case, "Иванова")
    first, second = criteria(two_criteria_case)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail task is queued when the review commits
        response = reviewer_client.post(
            review_url(submission),
            {f"score-{first}": "7,5", f"score-{second}": "6", "feedback": "Хорошая работа.", "decision": "accepted"},
        )
    assert response.status_code == 302 and response.url == reverse(QUEUE)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    review = CaseReview.objects.get(version__submission=submission)
    assert review.reviewer == reviewer and float(review.total) == 13.5 and review.max_total == 16
    assert [criterion["title"] for criterion in review.rubric_snapshot] == ["Анализ проблемы", "Коммуникация"]
    assert review.feedback == "<p>Хорошая работа.</p>"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [submission.user.email]
    followed = reviewer_client.get(response.url)
    assert "Иванова" in followed.content.decode()  # the success message names the learner
    assert "Иванова" not in rows(followed)  # and the analysis has left the queue


def test_returning_needs_feedback_and_reopens_the_analysis(reviewer_client, case_study):
    submission = submit(case_study, "Петрова")
    (criterion,) = criteria(case_study)
    response = reviewer_client.post(review_url(submission), {f"score-{criterion}": "3", "decision": "returned"})
    assert response.status_code == 400 and not CaseReview.objects.exists()
    response = reviewer_client.post(
        review_url(submission), {f"score-{criterion}": "3", "decision": "returned", "feedback": "Раскройте причины."}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED and submission.editable
    assert CaseReview.objects.get().decision == "returned"


@pytest.mark.parametrize("score", ["11", "abc", "-1", "2.3", ""])
def test_an_invalid_score_is_a_field_error_and_keeps_what_was_typed(reviewer_client, two_criteria_case, score):
    submission = submit(two_criteria_case, "Сидорова")
    first, second = criteria(two_criteria_case)
    response = reviewer_client.post(
        review_url(submission),
        {f"score-{first}": score, f"score-{second}": "4.5", "feedback": "Мой длинный отзыв", "decision": "accepted"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    with translation.override(settings.LANGUAGE_CODE), pytest.raises(ValueError) as error:
        rubric_points(score, 10)  # the admin speaks the site's language to a reviewer who has not chosen one
    assert escape(str(error.value)) in html
    assert 'value="4.5"' in html and "Мой длинный отзыв" in html
    assert not CaseReview.objects.exists() and not mail.outbox
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_a_submission_not_waiting_gives_a_message_not_a_500(reviewer_client, case_study, superuser):
    submission = submit(case_study, "Принятая")
    (criterion,) = criteria(case_study)
    cases.review_submission(submission, superuser, {criterion: 8}, "<p>Отлично</p>", "accepted")
    response = reviewer_client.get(review_url(submission))
    assert response.status_code == 200
    assert 'name="decision"' not in response.content.decode()
    response = reviewer_client.post(review_url(submission), {f"score-{criterion}": "1", "decision": "returned"})
    assert response.status_code == 302
    assert CaseReview.objects.count() == 1
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED


def test_earlier_versions_and_their_reviews_are_shown(reviewer_client, case_study):
    submission = submit(case_study, "Петрова", "<p>Первая версия</p>")
    (criterion,) = criteria(case_study)
    cases.review_submission(submission, None, {criterion: 3}, "Раскройте причины конфликта.", "returned")
    cases.submit_analysis(submission.user, case_study, "<p>Вторая версия</p>")
    html = reviewer_client.get(review_url(submission)).content.decode()
    assert (
        html.index("Вторая версия") < html.index('<details class="lms-review__version"') < html.index("Первая версия")
    )
    assert "Раскройте причины конфликта." in html


def test_drafts_and_unknown_ids_are_not_found(reviewer_client, case_study):
    cases.save_draft(UserFactory(), case_study, "Черновик")
    draft = CaseSubmission.objects.get()
    assert reviewer_client.get(review_url(draft)).status_code == 404
    assert reviewer_client.get(reverse("reviews:review", args=[999999])).status_code == 404


def test_a_learners_markup_is_harmless_on_the_review_screen(reviewer_client, case_study):
    submission = submit(case_study, "Хакерова", "<p>Анализ</p>" + "".join(XSS_VECTORS))
    html = reviewer_client.get(review_url(submission)).content.decode()
    analysis = html[html.index('id="analysis-heading"') : html.index('class="lms-review__case"')]
    lowered = analysis.lower()
    assert "Анализ" in analysis
    for marker in ("<script", "onerror=", "onload=", "javascript:", "<iframe", "onmouseover", "onfocus", "ontoggle"):
        assert marker not in lowered, marker
    assert "alert(1)</script>" not in html.lower()


# --- Written answers -------------------------------------------------------------------------------------------------


@pytest.fixture
def written_test(module):
    return AssessmentPageFactory(
        parent=module, title="Тест с развёрнутым ответом", slug="written", questions=[single_choice(), short_answer()]
    )


def answer_in_writing(page, text: str, last_name: str = "Смирнова") -> Attempt:
    learner = UserFactory(last_name=last_name)
    Enrolment.objects.create(user=learner, course=page.get_parent().get_parent().specific)
    attempt = attempt_service.start_attempt(learner, page)
    single, written = (block.id for block in page.questions)
    attempt_service.save_answer(attempt, single, 1, sequence=1)
    attempt_service.save_answer(attempt, written, text, sequence=2)
    return attempt_service.submit_attempt(attempt)


def test_written_answers_queue_lists_unscored_answers_with_the_question(reviewer_client, written_test):
    attempt = answer_in_writing(written_test, "Цель: наставничество. <img src=x onerror=alert(1)>")
    assert attempt.status == AttemptStatus.AWAITING_REVIEW
    response = reviewer_client.get(reverse(ANSWERS))
    table = rows(response)
    assert "Смирнова" in table and "Опишите проект." in table and written_test.title in table
    assert "Вопрос по компетенции" not in table  # choice questions are scored automatically
    answer = attempt.answers.get(question_id=[block.id for block in written_test.questions][1])
    html = reviewer_client.get(reverse("written-answers:review", args=[answer.pk])).content.decode()
    assert "Цель, сроки, результат." in html  # the guidance for the reviewer
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html


def test_scoring_a_written_answer_grades_the_attempt(reviewer_client, reviewer, written_test):
    attempt = answer_in_writing(written_test, "Цель, сроки и результат проекта.")
    answer = attempt.answers.get(value="Цель, сроки и результат проекта.")
    url = reverse("written-answers:review", args=[answer.pk])
    for points in ("6", "abc", "-1"):  # the question is worth 5 points
        assert reviewer_client.post(url, {"points": points}).status_code == 400
    answer.refresh_from_db()
    assert answer.manual_points is None
    response = reviewer_client.post(url, {"points": "4", "feedback": "Не хватает сроков."})
    assert response.status_code == 302 and response.url == reverse(ANSWERS)
    attempt.refresh_from_db()
    answer.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED and attempt.passed is True
    assert float(attempt.percent) == pytest.approx(85.7)  # (2 + 4) of (2 + 5)
    assert answer.reviewer == reviewer and answer.feedback == "Не хватает сроков."
    assert "Смирнова" not in rows(reviewer_client.get(reverse(ANSWERS)))
    assert reviewer_client.post(url, {"points": "1"}).status_code == 302  # scored already: refused
    answer.refresh_from_db()
    assert answer.manual_points == 4


def test_written_answer_queue_queries_do_not_grow(reviewer, client, count_queries, written_test):
    client.force_login(reviewer)
    for number in range(2):
        answer_in_writing(written_test, "Ответ", last_name=f"Ученица{number}")
    with_two = count_queries(reverse(ANSWERS))
    for number in range(2, 10):
        answer_in_writing(written_test, "Ответ", last_name=f"Ученица{number}")
    assert count_queries(reverse(ANSWERS)) == with_two


# --- Who gets in -----------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_urls(case_study, written_test):
    submission = submit(case_study, "Иванова")
    attempt = answer_in_writing(written_test, "Ответ")
    answer = attempt.answers.get(value="Ответ")
    return [
        reverse(QUEUE),
        reverse("reviews:index_results"),
        review_url(submission),
        reverse(ANSWERS),
        reverse("written-answers:index_results"),
        reverse("written-answers:review", args=[answer.pk]),
    ]


def test_learners_and_strangers_are_kept_out(client, admin_urls, learner):
    for url in admin_urls:
        assert client.get(url).status_code == 302, url  # to the admin's login
    client.force_login(learner)
    for url in admin_urls:
        assert client.get(url).status_code in {302, 403}, url
        assert client.post(url, {"decision": "accepted", "points": "1"}).status_code in {302, 403}, url
    assert not CaseReview.objects.exists()
    assert not CaseSubmission.objects.exclude(status=SubmissionStatus.SUBMITTED).exists()


def test_admin_users_without_the_reviewer_permissions_are_refused(client, admin_urls):
    client.force_login(ReviewerFactory(permissions=["wagtailadmin.access_admin"]))
    for url in admin_urls:
        assert client.get(url).status_code in {302, 403}, url
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(QUEUE) not in home and reverse(ANSWERS) not in home


def test_reviewers_see_the_menu(reviewer_client):
    home = reviewer_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(QUEUE) in home and reverse(ANSWERS) in home


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_in_a_written_answer_and_its_feedback_is_harmless(reviewer_client, reviewer, client, written_test, vector):
    attempt = answer_in_writing(written_test, f"Ответ {vector}")
    answer = attempt.answers.get(question_id=[block.id for block in written_test.questions][1])
    admin_html = reviewer_client.get(reverse("written-answers:review", args=[answer.pk])).content.decode()
    # The admin has its own inline scripts; the learner's text must appear escaped, never as markup.
    assert f"Ответ {vector}" not in admin_html and f"Ответ {escape(vector)}" in admin_html
    attempt_service.review_written_answer(answer, reviewer, 3, f"Отзыв {vector}")
    client.force_login(attempt.user)
    html = client.get(reverse("assessments:attempt", args=[attempt.pk])).content.decode()
    assert "Ответ" in html and "Отзыв" in html
    assert_harmless(html)


def test_the_decision_radios_are_a_fieldset_with_a_legend_and_their_error_tied_to_it(reviewer_client, case_study):
    submission = submit(case_study, "Орлова")
    (criterion,) = criteria(case_study)
    response = reviewer_client.post(review_url(submission), {f"score-{criterion}": "3"})
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    group = page.select_one("fieldset.lms-review__choices")
    assert group.legend.get_text(strip=True).startswith(str(ReviewForm.base_fields["decision"].label))
    assert len(group.select("input[type=radio][name=decision]")) == 2
    error = page.find(id=group["aria-describedby"])
    assert error is not None and error.select_one(".error-message").get_text(strip=True)
