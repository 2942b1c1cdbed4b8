"""The reviewer's screen (issue 12): comments per criterion, decimal commas, level buttons, a running total, and the
waiting work on the admin dashboard."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

import pytest

from assessments import cases
from assessments.models import CaseReview, CaseSubmission
from course.models import Enrolment
from tests.factories import CaseStudyPageFactory, ReviewerFactory, UserFactory, rubric_criterion

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_criteria_case(module):
    return CaseStudyPageFactory(
        parent=module,
        title="Конфликт в коллективе",
        slug="conflict",
        rubric=[
            {"type": "criterion", "value": rubric_criterion(title="Анализ проблемы", max_points=10)},
            {"type": "criterion", "value": rubric_criterion(title="Коммуникация", max_points=6)},
        ],
    )


@pytest.fixture
def reviewer_client(client):
    client.force_login(ReviewerFactory())
    return client


def submit(case, username="case-learner", days_ago: float = 0) -> CaseSubmission:
    learner = UserFactory(username=username, last_name="Иванова")
    Enrolment.objects.get_or_create(user=learner, course=case.get_parent().get_parent().specific)
    cases.submit_analysis(learner, case, "<p>Мой анализ ситуации.</p>")
    submission = CaseSubmission.objects.get(user=learner, case=case)
    if days_ago:
        CaseSubmission.objects.filter(pk=submission.pk).update(submitted_at=timezone.now() - timedelta(days=days_ago))
    return submission


def test_comments_per_criterion_are_stored_and_shown_to_the_learner(client, reviewer_client, two_criteria_case):
    submission = submit(two_criteria_case)
    first, second = (block.id for block in two_criteria_case.rubric)
    response = reviewer_client.post(
        reverse("reviews:review", args=[submission.pk]),
        {
            f"score-{first}": "5,5",
            f"comment-{first}": "Причины названы, но не связаны между собой.",
            f"score-{second}": "6",
            f"comment-{second}": "  ",
            "feedback": "Раскройте причины.",
            "decision": "returned",
        },
    )
    assert response.status_code == 302
    review = CaseReview.objects.get()
    assert review.scores[first] == 5.5 and float(review.total) == 11.5  # "5,5" is 5.5, not 55
    assert review.comments == {first: "Причины названы, но не связаны между собой."}
    history = reviewer_client.get(reverse("reviews:review", args=[submission.pk])).content.decode()
    assert "Причины названы, но не связаны между собой." in history
    client.force_login(submission.user)  # the same test client, now as the learner
    page = client.get(two_criteria_case.url).content.decode()
    assert "Причины названы, но не связаны между собой." in page


def test_the_review_form_takes_decimal_commas_fills_levels_and_adds_up(reviewer_client, two_criteria_case):
    submission = submit(two_criteria_case)
    response = reviewer_client.get(reverse("reviews:review", args=[submission.pk]))
    body = response.content.decode()
    form = response.context["form"]
    (first, _second) = (block.id for block in two_criteria_case.rubric)
    score = form.fields[f"score-{first}"].widget
    assert score.input_type == "text" and score.attrs["inputmode"] == "decimal"  # not type="number"
    assert f'name="comment-{first}"' in body
    assert 'data-fill-points="10"' in body and f'data-target="id_score-{first}"' in body
    assert "data-review-total" in body and "assessments/review.js" in body


def test_the_dashboard_shows_the_reviewers_waiting_work(reviewer_client, two_criteria_case):
    submit(two_criteria_case, "first", days_ago=3)
    submit(two_criteria_case, "second")
    body = reviewer_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Ждут проверки" in body
    assert "2 анализа кейсов ждут проверки" in body
    assert "0 письменных ответов ждут баллов" in body
    assert reverse("reviews:index") in body and "3" in body


def test_admin_users_who_do_not_review_see_no_review_panel(client, db):
    editor = UserFactory(username="editor-only", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert "Ждут проверки" not in client.get(reverse("wagtailadmin_home")).content.decode()
