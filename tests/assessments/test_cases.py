"""Case analyses: drafts, submitted versions, reviews on a snapshot of the rubric, e-mail, and XSS everywhere."""

from django.core import mail
from django.urls import reverse
from django.utils.html import escape

import pytest

from assessments import cases
from assessments.models import CaseSubmission, CompetencyEvidence, SubmissionStatus
from tests.assessments.xss import XSS_VECTORS, assert_harmless
from tests.factories import rubric_criterion

pytestmark = pytest.mark.django_db


def criterion_ids(case):
    return [block.id for block in case.rubric]


def test_draft_then_submit_keeps_each_version(case_study, learner):
    cases.save_draft(learner, case_study, "Первый набросок")
    submission = CaseSubmission.objects.get(user=learner)
    assert submission.status == SubmissionStatus.DRAFT and submission.draft == "<p>Первый набросок</p>"
    cases.submit_analysis(learner, case_study, "<p>Версия 1</p>")
    with pytest.raises(cases.SubmissionError):
        cases.save_draft(learner, case_study, "Правка во время проверки")
    submission.refresh_from_db()
    cases.review_submission(submission, None, {criterion_ids(case_study)[0]: 3}, "<p>Доработайте</p>", "returned")
    cases.submit_analysis(learner, case_study, "<p>Версия 2</p>")
    assert [v.body for v in submission.versions.all()] == ["<p>Версия 2</p>", "<p>Версия 1</p>"]


def test_empty_and_oversized_analyses_are_refused(case_study, learner):
    with pytest.raises(cases.SubmissionError):
        cases.submit_analysis(learner, case_study, "<p>  </p>")
    with pytest.raises(cases.SubmissionError):
        cases.submit_analysis(learner, case_study, "а" * (cases.MAX_ANALYSIS_CHARACTERS + 1))
    assert not CaseSubmission.objects.filter(status=SubmissionStatus.SUBMITTED).exists()


def test_review_snapshots_the_rubric_and_records_evidence(case_study, learner, superuser):
    cases.submit_analysis(learner, case_study, "<p>Анализ</p>")
    submission = CaseSubmission.objects.get()
    review = cases.review_submission(submission, superuser, {criterion_ids(case_study)[0]: "7,5"}, "", "accepted")
    case_study.rubric = [{"type": "criterion", "value": rubric_criterion(title="Новый критерий", max_points=20)}]
    case_study.save_revision().publish()
    review.refresh_from_db()
    assert review.rubric_snapshot[0]["title"] == "Анализ проблемы" and review.max_total == 10
    assert float(review.total) == 7.5
    evidence = CompetencyEvidence.objects.get(user=learner)
    assert (evidence.competency, float(evidence.earned), float(evidence.possible)) == ("expert", 7.5, 10)


def test_invalid_scores_create_no_review(case_study, learner, superuser):
    cases.submit_analysis(learner, case_study, "<p>Анализ</p>")
    submission = CaseSubmission.objects.get()
    for score in ["11", "abc", None, "-1"]:
        with pytest.raises(cases.ReviewScoresInvalid):
            cases.review_submission(submission, superuser, {criterion_ids(case_study)[0]: score}, "", "accepted")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert not hasattr(submission.versions.get(), "review") or submission.versions.get().review is None


def test_the_learner_is_told_by_e_mail_in_plain_text(
    case_study, learner, superuser, django_capture_on_commit_callbacks
):
    cases.submit_analysis(learner, case_study, "<p>Анализ</p>")
    submission = CaseSubmission.objects.get()
    feedback = "<p>Хорошо</p><script>alert(1)</script><img src=x onerror=alert(1)>"
    with django_capture_on_commit_callbacks(execute=True):
        cases.review_submission(submission, superuser, {criterion_ids(case_study)[0]: 8}, feedback, "accepted")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email] and case_study.title in message.subject
    assert "Хорошо" in message.body and "<script" not in message.body and "onerror" not in message.body
    assert "8 / 10" in message.body and "8 of 10" in message.body.replace("из", "of")


def test_case_page_form_saves_and_submits(client, case_study, learner):
    client.force_login(learner)
    url = reverse("assessments:case_analysis", args=[case_study.pk])
    client.post(url, {"analysis": "Мой черновик", "action": "draft"})
    assert "Мой черновик" in client.get(case_study.url).content.decode()
    client.post(url, {"analysis": "Мой анализ", "action": "submit"})
    assert CaseSubmission.objects.get().status == SubmissionStatus.SUBMITTED


def test_a_refused_post_gives_the_text_back(client, case_study, learner):
    client.force_login(learner)
    url = reverse("assessments:case_analysis", args=[case_study.pk])
    long_text = "Очень длинный анализ " * 2000
    response = client.post(url, {"analysis": long_text, "action": "submit"}, follow=True)
    body = response.content.decode()
    assert "Очень длинный анализ" in body
    assert not CaseSubmission.objects.filter(status=SubmissionStatus.SUBMITTED).exists()


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_in_an_analysis_and_feedback_is_harmless(
    client, case_study, learner, superuser, vector, django_capture_on_commit_callbacks
):
    cases.submit_analysis(learner, case_study, f"<p>Анализ</p>{vector}")
    submission = CaseSubmission.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        cases.review_submission(submission, superuser, {criterion_ids(case_study)[0]: 5}, vector, "returned")
    client.force_login(learner)
    html = client.get(case_study.url).content.decode()
    assert "Анализ" in html
    assert_harmless(html)
    assert_harmless(client.get("/ru/dashboard/").content.decode())
    assert "<script" not in mail.outbox[-1].body.lower()


@pytest.mark.parametrize(
    "typed",
    ["Один абзац", "Первый абзац\n\nВторой & третий\nстрока", "Формула: a < b и <b>важное</b>"],
)
def test_a_draft_comes_back_to_the_form_as_it_was_typed(client, case_study, learner, typed):
    client.force_login(learner)
    client.post(reverse("assessments:case_analysis", args=[case_study.pk]), {"analysis": typed, "action": "draft"})
    html = client.get(case_study.url).content.decode()
    textarea = html.split('<textarea id="analysis-text"', 1)[1].split("</textarea>", 1)[0]
    if "<b>" in typed:
        assert "&lt;strong&gt;" not in textarea and "важное" in textarea  # markup the learner used stays markup
    else:
        assert textarea.split(">", 1)[1] == escape(typed)
