"""The demo assessments and learners that ``manage.py load_demo`` adds through ``demo/assessments.py``.

As in ``tests/demo/test_course.py``, the tests of this module share one load of the demo: a module fixture loads it,
committed as the command would, and restores the database when the module is done; each test runs in a transaction
of its own on top of it.
"""

from collections import Counter
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.utils import translation

import pytest

from accounts.models import User
from assessments.evidence import competency_profile
from assessments.models import (
    Answer,
    AssessmentKind,
    AssessmentPage,
    Attempt,
    CaseReview,
    CaseSubmission,
    SubmissionStatus,
)
from assessments.scoring import COMPETENCY_CODES, QuestionKind
from course.models import CaseStudyPage, CoursePage, Enrolment, LessonCompletion, LessonPage, ModulePage
from course.progress import course_progress
from demo import assessments as assessments_demo
from demo import loader
from demo.course import DemoReport


@pytest.fixture
def demo_course(demo) -> CoursePage:
    return CoursePage.objects.get(locale__language_code="ru", slug="pedagogical-mentoring")


def learner(number: int) -> User:
    return User.objects.get(username=f"learner{number}")


def scored(page: AssessmentPage) -> list[dict]:
    return [item for item in page.bank_items() if item["type"] != QuestionKind.LIKERT]


# Pages ---------------------------------------------------------------------------------------------------------


def test_the_command_reports_the_assessments_and_learners(demo):
    lines = demo.splitlines()
    assert "Created 10 assessments" in lines
    records = [line for line in lines if line.endswith(" demo learner records")]
    assert len(records) == 1
    assert int(records[0].split()[1]) > 50


def test_assessments_stand_where_the_programme_puts_them(demo_course):
    children = list(demo_course.get_children().specific())
    assert isinstance(children[0], AssessmentPage)
    assert children[0].kind == AssessmentKind.DIAGNOSTIC
    assert isinstance(children[-1], AssessmentPage)
    assert children[-1].kind == AssessmentKind.FINAL
    assert isinstance(children[-2], CaseStudyPage) and children[-2].is_capstone
    assert all(isinstance(page, ModulePage) for page in children[1:-2])
    for module in ModulePage.objects.child_of(demo_course):
        last = module.get_children().last().specific
        assert isinstance(last, AssessmentPage), module.title
        assert last.kind == AssessmentKind.MODULE_TEST
        assert last.slug == f"module-{module.number}-test"
    assert AssessmentPage.objects.filter(locale__language_code="ru").count() == 10
    assert AssessmentPage.objects.filter(locale__language_code="ru").live().count() == 10
    assert not AssessmentPage.objects.filter(locale__language_code="ru").filter(live_revision=None).exists()
    progress = course_progress(learner(1), demo_course)
    assert [item.page.specific.kind for item in progress.opening_items] == [AssessmentKind.DIAGNOSTIC]
    assert [item.page.specific.kind for item in progress.closing_items] == ["capstone", AssessmentKind.FINAL]


def test_question_banks_are_big_enough(demo):
    diagnostic = AssessmentPage.objects.filter(locale__language_code="ru").get(kind=AssessmentKind.DIAGNOSTIC)
    assert len(scored(diagnostic)) >= 25
    per_competency = Counter(item["competency"] for item in scored(diagnostic))
    assert all(per_competency[code] >= 5 for code in COMPETENCY_CODES), per_competency
    tests = AssessmentPage.objects.filter(locale__language_code="ru").filter(kind=AssessmentKind.MODULE_TEST)
    assert tests.count() == 8
    for page in tests:
        draw = page.draw_counts()
        assert sum(draw.values()) == 8, page.title
        pools = Counter(item["competency"] for item in scored(page))
        assert all(pools[code] >= 2 * count for code, count in draw.items()), page.title
    final = AssessmentPage.objects.filter(locale__language_code="ru").get(kind=AssessmentKind.FINAL)
    assert final.draw_counts() == dict.fromkeys(COMPETENCY_CODES, 8)
    pools = Counter(item["competency"] for item in scored(final) if not item.get("fixed"))
    assert all(pools[code] >= 16 for code in COMPETENCY_CODES), pools
    assert final.time_limit_minutes and final.attempt_wait_hours == 24
    assert [item["type"] for item in scored(final) if item.get("fixed")] == ["short_answer", "short_answer"]


def test_questions_pass_the_block_validation_and_keep_their_ids(demo):
    stream_block = AssessmentPage.questions.field.stream_block
    for page in AssessmentPage.objects.filter(locale__language_code="ru").all():
        stream_block.clean(page.questions)
        assert [block.id for block in page.questions] == [
            assessments_demo.block_id(page.slug, index) for index in range(len(page.questions))
        ]


def test_the_api_keeps_the_answer_keys_to_itself(demo, client):
    response = client.get("/api/v2/pages/?type=assessments.AssessmentPage&fields=*&locale=ru")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 10
    final = AssessmentPage.objects.filter(locale__language_code="ru").get(kind=AssessmentKind.FINAL)
    detail = client.get(f"/api/v2/pages/{final.pk}/")
    assert detail.status_code == 200
    for body in (response.content.decode(), detail.content.decode()):
        for secret in ("correct", "credit", "guidance", "questions"):
            assert secret not in body


def test_reviewers_may_review_analyses_and_written_answers(demo):
    reviewer = User.objects.get(username="reviewer")
    for permission in (
        "change_casesubmission",
        "view_casesubmission",
        "change_answer",
        "view_answer",
    ):
        assert reviewer.has_perm(f"assessments.{permission}"), permission
    assert not reviewer.has_perm("assessments.delete_casesubmission")


# Learners ------------------------------------------------------------------------------------------------------


def case_state(progress, module_index: int) -> str:
    return next(item.state.status for item in progress.modules[module_index].items if item.page.item_kind == "case")


def test_learner1_has_just_enrolled(demo_course):
    user = learner(1)
    progress = course_progress(user, demo_course)
    assert progress.enrolment is not None
    assert progress.enrolment.completed_at is None
    assert progress.percent == 0
    assert not Attempt.objects.filter(user=user).exists()
    assert not CaseSubmission.objects.filter(user=user).exists()
    assert not LessonCompletion.objects.filter(user=user).exists()


def test_learner2_is_in_module_4_with_an_analysis_awaiting_review(demo_course):
    user = learner(2)
    progress = course_progress(user, demo_course)
    assert [module.complete for module in progress.modules] == [True] * 3 + [False] * 5
    assert progress.opening_items[0].state.done  # the diagnostic
    module4 = progress.modules[3]
    assert all(item.state.done for item in module4.items if item.page.item_kind == "lesson")
    assert case_state(progress, 3) == "submitted"
    assert not Attempt.objects.filter(user=user, page__in=[item.page.pk for item in module4.items]).exists()
    assert 0 < progress.percent < 50
    assert progress.enrolment.completed_at is None
    # Each accepted analysis was scored above half of every criterion by the reviewer.
    for review in CaseReview.objects.filter(version__submission__user=user):
        assert review.reviewer.username == "reviewer"
        assert review.decision == "accepted"
        assert all(review.scores[item["id"]] > item["max_points"] / 2 for item in review.rubric_snapshot)
    # The module 2 test was failed once before being passed.
    module2_test = progress.modules[1].items[-1].page
    assert list(Attempt.objects.filter(user=user, page=module2_test).order_by("number").values_list("passed")) == [
        (False,),
        (True,),
    ]


def test_learner3_has_an_analysis_returned_for_revision(demo_course):
    user = learner(3)
    progress = course_progress(user, demo_course)
    assert [module.complete for module in progress.modules] == [True] + [False] * 7
    assert all(item.state.done for item in progress.modules[1].items if item.page.item_kind == "lesson")
    assert case_state(progress, 1) == "returned"
    # Module 2 has two cases (school to school, district to district): both analyses came back.
    returned = CaseSubmission.objects.filter(user=user, status=SubmissionStatus.RETURNED)
    assert returned.count() == len([item for item in progress.modules[1].items if item.page.item_kind == "case"])
    for submission in returned:
        review = submission.versions.get().review
        assert review.decision == "returned"
        assert len(review.feedback) > 100
        assert "Доработайте" in review.feedback


def test_learner4_has_done_every_module_but_not_the_final(demo_course):
    user = learner(4)
    progress = course_progress(user, demo_course)
    assert all(module.complete for module in progress.modules)
    capstone, final = progress.closing_items
    assert capstone.state.done  # the capstone project accepted: only the final is left
    assert not final.state.done
    assert final.unlocked
    assert not Attempt.objects.filter(user=user, page=final.page).exists()
    assert progress.enrolment.completed_at is None
    assert 90 < progress.percent < 100
    # One analysis came back for revision before it was accepted.
    assert CaseSubmission.objects.filter(user=user, versions__number=2).count() == 1


def test_learner5_has_completed_the_course(demo_course):
    user = learner(5)
    progress = course_progress(user, demo_course)
    assert progress.complete
    assert progress.percent == 100
    assert Enrolment.objects.get(user=user, course=demo_course).completed_at is not None
    final = Attempt.objects.get(user=user, page__kind=AssessmentKind.FINAL)
    assert final.passed is True
    written = Answer.objects.filter(attempt=final, manual_points__isnull=False)
    assert written.count() == 2
    assert all(answer.reviewer.username == "reviewer" and answer.feedback for answer in written)
    assert all(answer.manual_points > Decimal(0) for answer in written)


def test_learners_have_realistic_profiles(demo_course):
    profiles = {number: competency_profile(learner(number), demo_course, with_log=False) for number in (2, 3, 4, 5)}

    def mean(levels):
        return sum(levels.values()) / len(levels)

    assert mean(profiles[5].current) > mean(profiles[4].current) > mean(profiles[2].current)
    for number, profile in profiles.items():
        assert all(level is not None for level in profile.current.values()), number
        assert mean(profile.entry) < mean(profile.current), number
        assert len(set(profile.current.values())) > 1, number  # not the same level everywhere
        assert all(level is not None for level in profile.self_assessment.values()), number
    diagnostic = AssessmentPage.objects.filter(locale__language_code="ru").get(kind=AssessmentKind.DIAGNOSTIC)
    statements = [block.id for block in diagnostic.questions if block.block_type == "likert"]
    likert = set(Answer.objects.filter(question_id__in=statements).values_list("value", flat=True))
    assert likert <= {2, 3, 4, 5}
    assert len(likert) >= 3


def test_learners_pages_render(demo_course, client):
    for number in range(1, 6):
        client.force_login(learner(number))
        assert client.get("/ru/dashboard/").status_code == 200, number
        assert client.get(demo_course.url).status_code == 200, number
    final = Attempt.objects.get(user=learner(5), page__kind=AssessmentKind.FINAL)
    assert client.get(f"/ru/attempts/{final.pk}/").status_code == 200
    case = CaseStudyPage.objects.filter(locale__language_code="ru").get(
        submissions__user=learner(5), slug="mismatched-expectations"
    )
    lesson = LessonPage.objects.filter(completions__user=learner(5)).first()
    assert client.get(case.url).status_code == 200
    assert client.get(lesson.url).status_code == 200


# Running again -------------------------------------------------------------------------------------------------


def model_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_running_it_again_creates_and_changes_nothing(demo):
    before = model_counts()
    answers = dict(Answer.objects.values_list("pk", "value"))
    with translation.override(settings.LANGUAGE_CODE):
        report = loader.load()
    assert report.created == {}
    assert model_counts() == before
    assert dict(Answer.objects.values_list("pk", "value")) == answers


def test_refreshing_updates_the_pages_but_keeps_question_ids_and_learners(demo_course, monkeypatch):
    # The English translations are saved outside any transaction (wagtail-localize publishes them on commit), as
    # load_demo runs; this test runs inside one, so it refreshes the Russian pages only.
    monkeypatch.setattr(assessments_demo, "translate_assessments", lambda pages, **kwargs: None)
    final = AssessmentPage.objects.filter(locale__language_code="ru").get(kind=AssessmentKind.FINAL)
    final.title = "Изменено редактором"
    final.save_revision().publish()
    ids = {
        page.pk: [block.id for block in page.questions]
        for page in AssessmentPage.objects.filter(locale__language_code="ru").all()
    }
    attempts = Attempt.objects.count()

    report = DemoReport()
    assessments_demo.load_demo_assessments(course=demo_course, refresh=True, report=report)

    assert report.created == {}
    final.refresh_from_db()
    assert final.title == "Итоговая аттестация"
    assert {
        page.pk: [block.id for block in page.questions]
        for page in AssessmentPage.objects.filter(locale__language_code="ru").all()
    } == ids
    assert Attempt.objects.count() == attempts
    assert demo_course.get_children().first().specific.kind == AssessmentKind.DIAGNOSTIC


# Content checks ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ({"type": "essay", "competency": "expert"}, "unknown type 'essay'"),
        ({"type": "likert", "competency": "expert", "prompt": "Я умею"}, "unknown fields prompt"),
        ({"type": "single_choice", "competency": "expert", "points": 1, "options": []}, "“prompt” is missing"),
        (
            {
                "type": "single_choice",
                "competency": "expert",
                "points": 1,
                "prompt": "?",
                "options": [{"text": "а", "correct": True}, {"text": "б", "correct": True}],
            },
            "exactly one",
        ),
        (
            {
                "type": "situational",
                "competency": "nobody",
                "points": 1,
                "prompt": "?",
                "scenario": "!",
                "options": [{"text": "а", "credit": 100}, {"text": "б", "credit": 0}],
            },
            "competency",
        ),
    ],
)
def test_invalid_content_is_reported_with_its_place(question, message):
    with translation.override("en"), pytest.raises(assessments_demo.DemoContentError) as error:
        assessments_demo.question_stream("some-test", [question], "module-tests/09.json")
    assert "module-tests/09.json: question 1" in str(error.value)
    assert message in str(error.value)
