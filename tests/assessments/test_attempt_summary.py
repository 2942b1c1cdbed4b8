"""Before handing in: the summary of answered, unanswered and flagged questions, the navigator and the timer."""

import re

from django.urls import reverse

import pytest

from assessments import attempts as service
from assessments.models import AttemptStatus
from tests.assessments.factories import AssessmentPageFactory, single_choice

pytestmark = pytest.mark.django_db


def question_ids(page):
    return [block.id for block in page.questions]


def test_the_form_goes_through_the_summary_without_javascript(client, module_test, learner):
    attempt = service.start_attempt(learner, module_test)
    client.force_login(learner)
    single, multiple, situational_id, _likert = question_ids(module_test)
    data = {
        "sequence": "100",
        f"q-{single}": "1",
        f"q-{multiple}-present": "1",
        "flags-present": "1",
        "flag": [situational_id, "not-a-question"],
        "next": "summary",
    }
    response = client.post(reverse("assessments:save", args=[attempt.pk]), data)
    summary_url = reverse("assessments:summary", args=[attempt.pk])
    assert response.status_code == 302 and response["Location"] == summary_url

    body = client.get(summary_url).content.decode()
    attempt_url = reverse("assessments:attempt", args=[attempt.pk])
    for question_id in (multiple, situational_id):
        assert f'href="{attempt_url}#question-{question_id}"' in body
    assert f'data-nav-question="{situational_id}"' in body and "is-flagged" in body
    assert 'name="confirm"' in body and reverse("assessments:submit", args=[attempt.pk]) in body

    # The attempt page remembers the flag; the learner unflags it by posting the form again.
    page = client.get(attempt_url).content.decode()
    assert f'name="flag" value="{situational_id}" checked' in page
    client.post(reverse("assessments:save", args=[attempt.pk]), {"sequence": "101", "flags-present": "1"})
    assert f'name="flag" value="{situational_id}" checked' not in client.get(attempt_url).content.decode()

    # Confirming on the summary hands the attempt in, with what was saved.
    client.post(reverse("assessments:submit", args=[attempt.pk]), {"sequence": "102", "confirm": "1"})
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.GRADED
    assert client.get(summary_url)["Location"] == attempt_url


def test_the_summary_is_the_learners_own(client, module_test, learner, other_learner):
    attempt = service.start_attempt(learner, module_test)
    client.force_login(other_learner)
    assert client.get(reverse("assessments:summary", args=[attempt.pk])).status_code == 404


def test_the_timer_has_units_and_a_separate_live_region(client, module, learner):
    page = AssessmentPageFactory(parent=module, time_limit_minutes=90, questions=[single_choice()])
    attempt = service.start_attempt(learner, page)
    client.force_login(learner)
    body = client.get(reverse("assessments:attempt", args=[attempt.pk])).content.decode()
    assert 'class="attempt-timer"' in body
    assert re.search(r'role="timer">(89|90) (мин|min) \d+ (с|s)<', body)  # "89 мин 59 с", translated in locale/
    assert 'aria-live="assertive"' in body and "data-announce-5" in body and "data-announce-1" in body
    summary = client.get(reverse("assessments:summary", args=[attempt.pk])).content.decode()
    assert 'class="attempt-timer"' in summary


def test_the_question_navigator_numbers_every_question(client, module_test, learner):
    attempt = service.start_attempt(learner, module_test)
    service.save_answer(attempt, question_ids(module_test)[0], 1, sequence=1)
    client.force_login(learner)
    body = client.get(reverse("assessments:attempt", args=[attempt.pk])).content.decode()
    assert body.count("data-nav-question=") == len(question_ids(module_test))
    assert body.count("question-nav__link is-answered") == 1
