"""Who reaches which record: the IDOR matrix over every learner URL that carries an id, and query counts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from assessments import attempts as attempt_service
from assessments import cases
from course.models import Enrolment
from tests.assessments.factories import AssessmentPageFactory, likert, single_choice, situational
from tests.factories import CaseStudyPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer-x", is_staff=True, is_superuser=True)


@pytest.fixture
def records(module_test, case_study, learner):
    attempt = attempt_service.start_attempt(learner, module_test)
    cases.save_draft(learner, case_study, "Черновик владельца")
    return {"attempt": attempt, "case": case_study}


def learner_urls(records):
    attempt = records["attempt"].pk
    return [
        ("get", reverse("assessments:attempt", args=[attempt]), {}),
        ("post", reverse("assessments:save", args=[attempt]), {"sequence": "5"}),
        ("post", reverse("assessments:submit", args=[attempt]), {"sequence": "6"}),
    ]


@pytest.mark.parametrize("who", ["other", "reviewer"])
def test_another_users_attempt_is_not_found(client, records, other_learner, reviewer, who):
    client.force_login(other_learner if who == "other" else reviewer)
    for method, url, data in learner_urls(records):
        assert getattr(client, method)(url, data).status_code == 404, url
    records["attempt"].refresh_from_db()
    assert records["attempt"].is_open  # nobody else could submit it


def test_anonymous_users_are_sent_to_login(client, records):
    for method, url, data in learner_urls(records):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    response = client.post(reverse("assessments:case_analysis", args=[records["case"].pk]), {"analysis": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("assessments:start", args=[records["attempt"].page_id]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_owner_reaches_their_attempt(client, records, learner):
    client.force_login(learner)
    method, url, data = learner_urls(records)[0]
    assert client.get(url).status_code == 200


def test_case_analysis_posts_only_touch_the_posters_own_record(client, records, other_learner, learner):
    client.force_login(other_learner)
    client.post(reverse("assessments:case_analysis", args=[records["case"].pk]), {"analysis": "Чужой текст"})
    own = records["case"].submissions.get(user=learner)
    assert own.draft == "<p>Черновик владельца</p>"
    html = client.get(records["case"].url).content.decode()
    assert "Черновик владельца" not in html


def test_unknown_ids_are_404(client, learner):
    client.force_login(learner)
    assert client.get(reverse("assessments:attempt", args=[999999])).status_code == 404
    assert client.post(reverse("assessments:start", args=[999999])).status_code == 404
    assert client.post(reverse("assessments:case_analysis", args=[999999])).status_code == 404


def test_a_learner_not_enrolled_cannot_start_or_write(client, module_test, case_study):
    stranger = UserFactory(username="not-enrolled")
    client.force_login(stranger)
    assert client.post(reverse("assessments:start", args=[module_test.pk])).status_code == 302
    client.post(reverse("assessments:case_analysis", args=[case_study.pk]), {"analysis": "x", "action": "draft"})
    assert not module_test.attempts.exists() and not case_study.submissions.exists()


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def test_attempt_page_queries_do_not_grow_with_questions(client, module, learner):
    few = AssessmentPageFactory(parent=module, slug="few", questions=[single_choice(), likert()])
    many = AssessmentPageFactory(
        parent=module,
        slug="many",
        questions=[make() for _ in range(10) for make in (single_choice, situational, likert)],
    )
    client.force_login(learner)
    counts = []
    for page in (few, many):
        attempt = attempt_service.start_attempt(learner, page)
        for sequence, block in enumerate(page.questions, start=1):
            if block.block_type == "single_choice":
                attempt_service.save_answer(attempt, block.id, 0, sequence)
        counts.append(queries(client, reverse("assessments:attempt", args=[attempt.pk])))
        attempt_service.submit_attempt(attempt)
        counts.append(queries(client, reverse("assessments:attempt", args=[attempt.pk])))
    assert counts[0] == counts[2] <= ATTEMPT_PAGE_QUERIES
    assert counts[1] == counts[3] <= RESULT_PAGE_QUERIES


# The user, the attempt, its answers and page; the site frame and the admin permission come from the cache (the
# session too, with Redis).
ATTEMPT_PAGE_QUERIES = 4
RESULT_PAGE_QUERIES = 7  # + the learner's attempts and grade, for the review options
# The user, the enrolments; the certification panel: the certificates (its checklist reuses the profile panel's
# levels); the requests panel: whether the learner is a mentor. Progress, the site frame, the case work panel and the
# competency profile (both rendered once per learner version) come from the cache.
DASHBOARD_QUERIES = 6


def test_dashboard_queries_do_not_grow_with_rows(client, course, module, module_test, learner):
    client.force_login(learner)

    def add_work(count):
        for _ in range(count):
            case = CaseStudyPageFactory(parent=module)
            cases.submit_analysis(learner, case, "<p>Анализ</p>")
        attempt_service.submit_attempt(attempt_service.start_attempt(learner, module_test))

    add_work(1)
    first = queries(client, "/ru/dashboard/")
    add_work(5)
    assert queries(client, "/ru/dashboard/") == first <= DASHBOARD_QUERIES
    assert Enrolment.objects.filter(user=learner).count() == 1


def test_assessment_page_queries_do_not_grow_with_attempts(client, module_test, learner):
    client.force_login(learner)
    attempt_service.submit_attempt(attempt_service.start_attempt(learner, module_test))
    once = queries(client, module_test.url)
    attempt_service.submit_attempt(attempt_service.start_attempt(learner, module_test))
    assert queries(client, module_test.url) == once
