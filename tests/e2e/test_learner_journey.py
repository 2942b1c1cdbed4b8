"""The learner's journey through a course in a real browser, with the reviewer's part in the Wagtail admin.

Sign up (with consent) → enrol → read a lesson and mark it done → submit a case analysis → a reviewer accepts it in
the admin's queue → take the module test (autosaved answers survive a reload), fail it, see which answers were wrong
but not the key, retake it on a new draw and pass → submit the capstone project → the dashboard shows the progress,
the competency profile (radar chart and table) and the accepted case.

Selectors avoid visible text where they can (the interface is being translated): form actions, names and values.
Where a label is the natural handle (the sign-up form), it is taken from the Django form in Russian, so the test
follows the translations instead of hard-coding them.
"""

import re
import time
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

import pytest
from playwright.sync_api import expect

from accounts.forms import SignupForm
from accounts.models import User
from assessments import cases
from assessments.models import (
    AssessmentDrawRule,
    AssessmentGrade,
    Attempt,
    AttemptStatus,
    CaseReview,
    CaseSubmission,
    ReviewDecision,
    SubmissionStatus,
)
from course.models import Enrolment, LessonCompletion
from tests.assessments.factories import AssessmentPageFactory, likert, single_choice
from tests.e2e import CHROMIUM
from tests.factories import TEST_PASSWORD, CaseStudyPageFactory, MunicipalityFactory, ReviewerFactory, rubric_criterion

if not CHROMIUM.exists():
    pytest.skip(
        f"the browser journeys need Debian's Chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LEARNER_EMAIL = "gulnara.khabibullina@example.org"
LEARNER_PASSWORD = "Nastavnik-2026-kazan"
ANALYSIS = (
    "Молодой учитель теряет контакт с классом, потому что не выстроил правила. "
    "Наставник предлагает вместе составить план уроков и посещать занятия друг друга."
)


@pytest.fixture
def case(module):
    """A case study with a rubric of two criteria, 10 + 6 points."""
    return CaseStudyPageFactory(
        parent=module,
        title="Молодой учитель и родители",
        slug="young-teacher",
        rubric=[
            {"type": "criterion", "value": rubric_criterion(title="Анализ проблемы", max_points=10)},
            {
                "type": "criterion",
                "value": rubric_criterion(title="Коммуникация", competency="communicative", max_points=6),
            },
        ],
    )


@pytest.fixture
def module_test(module, case):
    """A bank of eight questions (four per competency) and a self-assessment, after the case in the module; each
    attempt draws two per competency, options shuffled; right/wrong shown at once, the answers after passing."""
    questions = [single_choice(code, correct=index % 3) for code in ("expert", "communicative") for index in range(4)]
    for index, question in enumerate(questions):
        for number, option in enumerate(question["value"]["options"]):
            option["text"] = f"Вариант {number + 1} к вопросу {index + 1}"
    page = AssessmentPageFactory(
        parent=module,
        title="Тест по модулю 1",
        slug="module-1-test",
        attempts_allowed=3,
        shuffle_options=True,
        review_correctness="immediately",
        review_answers="after_pass_or_last",
        questions=[*questions, likert("research")],
    )
    for code in ("expert", "communicative"):
        AssessmentDrawRule.objects.create(page=page, competency=code, count=2)
    return page


@pytest.fixture
def capstone(course):
    """The course's capstone project, after the modules."""
    return CaseStudyPageFactory(parent=course, title="Итоговый проект", slug="capstone", kind="capstone")


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Высокогорский муниципальный район", region__name="Республика Татарстан")


@pytest.fixture
def reviewer(db):
    """A tutor with exactly the permissions of the review queue (admin access, change case submissions)."""
    return ReviewerFactory(username="tutor", email="tutor@example.org")


def by_label(page, form, name):
    """A sign-up field found by its ``<label>``: the form's own label in Russian, then the asterisk of a required
    field or "(optional)"."""
    with translation.override("ru"):
        label = str(form.fields[name].label)
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*(\*|\(.+\))?\s*$"))


def answer(page, question_id: str, value, saved_label: str) -> None:
    """Click an option of a question and wait until the autosave says it is saved."""
    fieldset = page.locator(f"fieldset[data-question='{question_id}']")
    fieldset.locator(f"input[type=radio][value='{value}']").check()
    expect(fieldset.locator(".save-status")).to_have_text(saved_label)


def planned_answers(attempt, *, right: bool) -> dict[str, int]:
    """The option to click on each drawn question, from the attempt's own shuffled snapshot."""
    answers = {}
    for item in attempt.items:
        if item["type"] == "likert":
            answers[item["id"]] = 4
            continue
        key = next(index for index, option in enumerate(item["options"]) if option["correct"])
        answers[item["id"]] = key if right else (key + 1) % len(item["options"])
    return answers


def take_attempt(page, attempt, answers, saved_label, *, reload=False) -> None:
    for question_id, value in answers.items():
        answer(page, question_id, value, saved_label)
    if reload:
        page.reload()
        for question_id, value in answers.items():
            expect(page.locator(f"input[name='q-{question_id}'][value='{value}']")).to_be_checked()
    # Handing in goes through the summary of answered, unanswered and flagged questions.
    page.locator("button[name=next][value=summary]").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/summary/$"))
    expect(page.locator(".question-nav__link.is-answered")).to_have_count(len(answers))
    page.locator("button[name=confirm][value='1']").click()


def test_learner_journey(
    new_page,
    live_server,
    course,
    module,
    lesson,
    case,
    module_test,
    capstone,
    municipality,
    reviewer,
    mailoutbox,
    record_property,
):
    started = time.monotonic()
    course_url, lesson_url, case_url, test_url = (p.get_url() for p in (course, lesson, case, module_test))

    # --- Sign up, with the consent to personal-data processing --------------------------------------------------
    page = new_page()
    page.goto("/ru/accounts/signup/")
    signup = page.locator("form[action$='/accounts/signup/']")
    fields = SignupForm()
    by_label(signup, fields, "last_name").fill("Хабибуллина")
    by_label(signup, fields, "first_name").fill("Гульнара")
    by_label(signup, fields, "patronymic").fill("Рашидовна")
    by_label(signup, fields, "organisation").fill("МБОУ «Гимназия № 2» Высокогорского района")
    by_label(signup, fields, "position").select_option("teacher")
    by_label(signup, fields, "municipality").select_option(str(municipality.pk))
    by_label(signup, fields, "email").fill(LEARNER_EMAIL)
    by_label(signup, fields, "password1").fill(LEARNER_PASSWORD)
    by_label(signup, fields, "password2").fill(LEARNER_PASSWORD)
    signup.get_by_role("checkbox").check()
    signup.locator("button[type=submit]").click()
    page.wait_for_url(f"**{reverse('dashboard')}")

    learner = User.objects.get(email=LEARNER_EMAIL)
    assert learner.get_full_name() == "Хабибуллина Гульнара Рашидовна"
    assert (learner.learner.organisation, learner.learner.position, learner.learner.municipality) == (
        "МБОУ «Гимназия № 2» Высокогорского района",
        "teacher",
        municipality,
    )
    assert learner.learner.personal_data_consent_at is not None
    assert learner.learner.personal_data_consent_version

    # --- Enrol ----------------------------------------------------------------------------------------------------
    page.goto(course_url)
    page.locator("form[action$='/enrol/'] button").click()
    expect(page.locator(".enrolment-panel progress")).to_be_visible()
    assert Enrolment.objects.filter(user=learner, course=course).exists()

    # --- The lesson, marked as done -------------------------------------------------------------------------------
    page.goto(lesson_url)
    page.locator("form[action$='/done/'] button").click()
    page.wait_for_url(lambda url: not url.endswith(lesson_url))
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()

    # --- The case analysis, submitted for review --------------------------------------------------------------------
    page.goto(case_url)
    page.locator("textarea[name=analysis]").fill(ANALYSIS)
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator(".case-analysis .state--submitted")).to_be_visible()
    submission = CaseSubmission.objects.get(user=learner, case=case)
    assert submission.status == SubmissionStatus.SUBMITTED

    # --- The reviewer accepts it in the admin's queue (a browser context of their own) ------------------------------
    mails_before = len(mailoutbox)
    admin = new_page()
    admin.goto("/admin/login/")
    admin.locator("input[name=username]").fill(reviewer.email)
    admin.locator("input[name=password]").fill(TEST_PASSWORD)
    admin.locator("form[method=post] button[type=submit]").first.click()
    admin.wait_for_url(lambda url: "/admin/login/" not in url)
    admin.goto(reverse("reviews:index"))
    admin.get_by_role("link", name=learner.get_full_name()).click()
    admin.wait_for_url(f"**{reverse('reviews:review', args=[submission.pk])}")
    expect(admin.locator(".lms-review__text")).to_contain_text("Молодой учитель теряет контакт")
    review_form = admin.locator(".lms-review__rubric form")
    scores = review_form.locator("input[name^='score-']")
    expect(scores).to_have_count(2)
    scores.nth(0).fill("8")
    scores.nth(1).fill("5.5")
    review_form.locator("textarea[name=feedback]").fill("Хороший анализ. Добавьте план бесед с родителями.")
    review_form.locator(f"input[name=decision][value={ReviewDecision.ACCEPTED}]").check()
    review_form.locator("button[type=submit]").first.click()
    admin.wait_for_url(f"**{reverse('reviews:index')}")
    expect(admin.locator(".messages .success")).to_be_visible()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    review = CaseReview.objects.get(version__submission=submission)
    assert (review.reviewer, review.decision, review.total, review.max_total) == (
        reviewer,
        ReviewDecision.ACCEPTED,
        Decimal("13.5"),
        Decimal("16"),
    )
    assert [message.to for message in mailoutbox[mails_before:]] == [[LEARNER_EMAIL]]  # "your analysis is accepted"

    # --- Back as the learner: the case shows the review ------------------------------------------------------------
    points = r"13[,.]50?"  # 8 + 5.5 points, "13,5" in Russian
    with translation.override("ru"):
        accepted = str(ReviewDecision.ACCEPTED.label)
    page.goto(case_url)
    expect(page.locator(".case-analysis .state--accepted")).to_be_visible()
    expect(page.locator(".case-analysis .review")).to_contain_text(re.compile(rf"\b{points}\b"))

    # --- The module test: autosaved answers survive a reload; a failed attempt, then a retake with a new draw -----
    page.goto(test_url)
    page.locator(f"form[action$='/assessments/{module_test.pk}/start/'] button").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    first = Attempt.objects.get(user=learner, page=module_test)
    assert len(first.items) == 5  # two per competency and the self-assessment
    saved = page.locator("form.attempt-form").get_attribute("data-saved-label")
    take_attempt(page, first, planned_answers(first, right=False), saved, reload=True)
    expect(page.locator(".result.result--failed")).to_be_visible()
    expect(page.locator(".answers .meta").first).to_contain_text("✗")  # right or wrong is shown at once
    expect(page.locator(".answers .is-correct")).to_have_count(0)  # the answers are not, while attempts are left
    page.locator(f".form-actions a.button[href='{test_url}']").click()  # "Try again"
    page.locator(f"form[action$='/assessments/{module_test.pk}/start/'] button").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/$"))
    second = Attempt.objects.get(user=learner, page=module_test, number=2)
    assert second.seed != first.seed
    take_attempt(page, second, planned_answers(second, right=True), saved)
    expect(page.locator(".result.result--passed")).to_be_visible()
    expect(page.locator(".data-table tbody tr")).to_have_count(2)  # expert and communicative; the likert is not scored
    expect(page.locator(".answers .is-correct")).to_have_count(4)  # passed: the correct answers are shown
    second.refresh_from_db()
    assert (second.status, second.passed, second.percent) == (AttemptStatus.GRADED, True, Decimal("100"))
    assert AssessmentGrade.objects.get(user=learner, page=module_test).passed

    # --- The capstone project: the learner's own programme, submitted for review ------------------------------------
    page.goto(capstone.get_url())
    page.locator("textarea[name=analysis]").fill(ANALYSIS)
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator(".case-analysis .state--submitted")).to_be_visible()
    project = CaseSubmission.objects.get(user=learner, case=capstone)
    cases.review_submission(
        project, reviewer, {criterion.id: 9 for criterion in capstone.rubric}, "Программа принята.", "accepted"
    )

    # --- The dashboard: progress, competency profile, the accepted case --------------------------------------------
    page.goto(reverse("dashboard"))
    course_card = page.locator(".course-card").filter(has=page.locator(f"a[href='{course_url}']"))
    expect(course_card.locator("progress")).to_have_attribute("value", "100")
    expect(page.locator("svg.radar")).to_be_visible()
    profile_table = page.locator("table.profile__table")
    expect(profile_table).to_be_visible()
    expect(profile_table.locator("tbody tr")).to_have_count(5)
    reviewed_case = page.locator("li").filter(has=page.locator(f"a[href='{case_url}']")).filter(has_text=accepted)
    expect(reviewed_case).to_contain_text(re.compile(rf"\b{points} / 16\b"))

    assert Enrolment.objects.get(user=learner, course=course).completed_at is not None
    assert CaseSubmission.objects.get(user=learner, case=case).status == SubmissionStatus.ACCEPTED
    assert Attempt.objects.filter(user=learner, page=module_test, status=AttemptStatus.GRADED).count() == 2
    assert CaseSubmission.objects.get(user=learner, case=capstone).status == SubmissionStatus.ACCEPTED

    seconds = time.monotonic() - started
    record_property("journey_seconds", round(seconds, 2))
    print(f"\nlearner journey in the browser: {seconds:.1f} s")  # noqa: T201
