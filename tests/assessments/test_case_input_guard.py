"""The case-analysis text path refuses, with a message and before parsing, what would keep a worker busy or break
storage (timings: bench/sanitize.py)."""

from unittest import mock

from django.urls import reverse

import pytest

from assessments import cases
from assessments.models import CaseSubmission
from course import sanitize

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "analysis",
    [
        "<ul><li>" * 24000,  # the audit's 192 KB: 839 s of CPU
        "<ul><li>" * 1000,  # under the cap, nested 2 000 deep
        "а" * (cases.MAX_ANALYSIS_HTML + 1),
        "Анализ\x00",
    ],
)
def test_a_hostile_analysis_gets_a_message_and_never_reaches_bleach(client, case_study, learner, analysis):
    client.force_login(learner)
    url = reverse("assessments:case_analysis", args=[case_study.pk])
    with mock.patch.object(sanitize._cleaner, "clean") as clean:
        response = client.post(url, {"analysis": analysis, "action": "draft"})
        with pytest.raises(cases.SubmissionError):
            cases.save_draft(learner, case_study, analysis)
    clean.assert_not_called()
    # The message is the error summary at the top of the form, which the redirect points at.
    assert response.status_code == 302 and response["Location"].endswith("#analysis-errors")
    assert client.session[f"analysis-error-{case_study.pk}"]
    assert not CaseSubmission.objects.filter(draft__startswith="<").exists()


def test_a_lone_surrogate_is_refused(case_study, learner):
    # Form posts cannot carry one (the test client cannot even encode it), but JSON and other callers can.
    with pytest.raises(cases.SubmissionError):
        cases.save_draft(learner, case_study, "Анализ \ud800")
    assert not CaseSubmission.objects.exists()


def test_a_long_real_analysis_fits(case_study, learner):
    paragraph = "Наставник и молодой учитель договорились о плане на четверть. " * 6
    text = "\r\n\r\n".join([paragraph] * 50)
    assert len(text) > cases.MAX_ANALYSIS_CHARACTERS * 0.9
    cases.submit_analysis(learner, case_study, text)
    assert CaseSubmission.objects.get().draft.count("<p>") == 50


def test_feedback_over_the_cap_is_refused(case_study, learner, superuser):
    cases.submit_analysis(learner, case_study, "<p>Анализ</p>")
    submission = CaseSubmission.objects.get()
    criterion = case_study.rubric[0].id
    with pytest.raises(cases.SubmissionError):
        cases.review_submission(submission, superuser, {criterion: 5}, "<b>" * 50, "returned")
