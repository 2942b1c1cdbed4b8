"""The staff reports in the admin: progress per course and module, analyses waiting, pass rates per competency."""

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone, translation

import pytest

from assessments import attempts as attempt_service
from assessments import cases, policy
from assessments.models import AssessmentPassLevel, Attempt, CaseSubmission
from assessments.reports import CourseProgressReportView
from course.models import Enrolment, LessonCompletion
from course.progress import course_progress
from course.signals import announce_evidence
from tests.assessments.factories import AssessmentPageFactory, single_choice
from tests.factories import (
    CaseStudyPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    ReviewerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROGRESS = "assessments_reports:course_progress"
WAITING = "assessments_reports:waiting_analyses"
PASS_RATES = "assessments_reports:competency_pass_rates"


@pytest.fixture
def staff_client(client):
    client.force_login(ReviewerFactory(permissions=["wagtailadmin.access_admin"]))
    return client


def exported(client, url_name: str, **params) -> list[list[str]]:
    response = client.get(reverse(url_name), {**params, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def enrol(course, last_name: str):
    learner = UserFactory(last_name=last_name)
    Enrolment.objects.create(user=learner, course=course)
    return learner


def take(user, page, right: set[str], *, submit: bool = True) -> Attempt:
    """An attempt through the real services: the questions of each competency in ``right`` answered right, the
    others wrong."""
    answers = {  # (right, wrong) for the factory's questions, whose options stay in order
        "single_choice": (1, 0),
        "multiple_choice": ([0, 1], [2]),
        "situational": (0, 2),
        "likert": (3, 3),
    }
    attempt = attempt_service.start_attempt(user, page)
    for sequence, item in enumerate(attempt.items, start=1):
        value = answers[item["type"]][0 if item["competency"] in right else 1]
        attempt_service.save_answer(attempt, item["id"], value, sequence)
    return attempt_service.submit_attempt(attempt) if submit else attempt


def assessment(parent, slug, codes, **fields):
    return AssessmentPageFactory(
        parent=parent, slug=slug, title=slug, questions=[single_choice(code) for code in codes], **fields
    )


# --- Enrolment and progress ------------------------------------------------------------------------------------------


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}"


def mark_done(learner, lesson):
    """As the lesson's "done" button: the record, then the news to the receivers when the request commits."""
    LessonCompletion.objects.record(learner, lesson)
    announce_evidence(type(lesson), learner, lesson)


@pytest.fixture
def progress_data(course, module, lesson, case_study, home, django_capture_on_commit_callbacks):
    """Two courses whose learners got to different places, so a report that mixed them up or ignored its filter
    shows other numbers. Returns the learners who did each thing: the expected rows are counted from them."""
    second = ModulePageFactory(parent=course, title="Модуль с тестом", slug="module-2", number=2)
    module_test = AssessmentPageFactory(parent=second, title="Тест модуля 2", slug="module-2-test")
    done, halfway, idle = enrol(course, "Завершившая"), enrol(course, "Начавшая"), enrol(course, "Молчащая")
    stranger = UserFactory(last_name="Незаписанная")  # did a lesson without enrolling: not counted
    # Through the services and their receivers, which record each module a learner completes.
    with django_capture_on_commit_callbacks(execute=True):
        for learner in (done, halfway, stranger):
            mark_done(learner, lesson)
        cases.submit_analysis(done, case_study, "<p>Анализ</p>")
        submission = CaseSubmission.objects.get(user=done)
        cases.review_submission(submission, None, {case_study.rubric[0].id: 9}, "", "accepted")
        take(done, module_test, right={"expert", "managerial", "communicative"})
        take(halfway, module_test, right=set())  # failed: the module is not completed
    Enrolment.objects.filter(user=done).update(completed_at=timezone.now())

    other = CoursePageFactory(parent=home, title="Другой курс", slug="other-course")
    other_module = ModulePageFactory(parent=other, title="Модуль другого курса", slug="other-module", number=1)
    other_lesson = LessonPageFactory(parent=other_module, title="Урок другого курса", slug="other-lesson")
    readers = [enrol(other, f"Читательница{number}") for number in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        for learner in readers[:3]:
            mark_done(learner, other_lesson)
    return {
        "second": second,
        "other": other,
        "other_module": other_module,
        "ours": {
            "enrolled": [done, halfway, idle],
            "completed": [done],
            module.pk: [done],  # the lesson and the accepted case
            second.pk: [done],  # the module test passed
        },
        # One lesson is the whole other course: its readers have completed it.
        "theirs": {"enrolled": readers, "completed": readers[:3], other_module.pk: readers[:3]},
    }


def expected_rows(course, modules, learners) -> list[list[str]]:
    enrolled = len(learners["enrolled"])
    rows = [
        [
            course.title,
            "",
            str(enrolled),
            str(len(learners["completed"])),
            percent(len(learners["completed"]), enrolled),
        ]
    ]
    for module in modules:
        completed = len(learners[module.pk])
        rows.append([course.title, module.title, str(enrolled), str(completed), percent(completed, enrolled)])
    return rows


def test_progress_report_counts_enrolments_and_modules_completed(staff_client, course, module, progress_data):
    response = staff_client.get(reverse(PROGRESS))
    assert response.status_code == 200
    html = response.content.decode()
    assert course.title in html and module.title in html and progress_data["second"].title in html
    rows = exported(staff_client, PROGRESS)
    with translation.override("ru"):  # the staff's admin speaks the site's language
        headings = [
            str(CourseProgressReportView.export_headings[name]) for name in CourseProgressReportView.list_export
        ]
    assert rows[0] == headings
    ours = expected_rows(course, [module, progress_data["second"]], progress_data["ours"])
    theirs = expected_rows(progress_data["other"], [progress_data["other_module"]], progress_data["theirs"])
    assert sorted(rows[1:]) == sorted(ours + theirs)


def test_progress_report_counts_a_module_as_the_learners_progress_shows_it(
    staff_client, course, module, progress_data, django_capture_on_commit_callbacks
):
    """A module once complete stays complete for the learner when a required lesson is added: the report agrees."""
    added = LessonPageFactory(parent=module, title="Новый урок", slug="new-lesson")
    done = progress_data["ours"]["completed"][0]
    module_progress = course_progress(done, course).module_for(module.pk)
    assert module_progress.complete and module_progress.new_items[0].page.pk == added.pk
    assert exported(staff_client, PROGRESS, course=course.pk)[2] == [course.title, module.title, "3", "1", "33.3"]
    with django_capture_on_commit_callbacks(execute=True):
        mark_done(enrol(course, "Поздняя"), added)  # the new lesson alone does not complete the module
    assert exported(staff_client, PROGRESS, course=course.pk)[2] == [course.title, module.title, "4", "1", "25.0"]


def test_progress_report_filters_by_course(staff_client, course, module, progress_data):
    other = progress_data["other"]
    ours = expected_rows(course, [module, progress_data["second"]], progress_data["ours"])
    theirs = expected_rows(other, [progress_data["other_module"]], progress_data["theirs"])
    assert exported(staff_client, PROGRESS, course=course.pk)[1:] == ours
    assert exported(staff_client, PROGRESS, course=other.pk)[1:] == theirs
    response = staff_client.get(reverse(PROGRESS), {"course": "abc"})
    assert response.status_code == 200  # an unknown id is the filter form's error, not a 500
    assert response.context["filters"].errors


def test_progress_report_queries_do_not_grow_with_learners(staff_client, count_queries, course, module, lesson):
    first = enrol(course, "Первая")
    LessonCompletion.objects.record(first, lesson)
    few = count_queries(reverse(PROGRESS))
    for number in range(8):
        LessonCompletion.objects.record(enrol(course, f"Ученица{number}"), lesson)
    assert count_queries(reverse(PROGRESS)) == few


# --- Analyses waiting ------------------------------------------------------------------------------------------------


def test_waiting_report_counts_and_ages_per_case(staff_client, course, module, case_study):
    quiet_case = CaseStudyPageFactory(parent=module, title="Кейс без очереди", slug="quiet")
    for last_name, days in (("Давняя", 5), ("Свежая", 1)):
        learner = enrol(course, last_name)
        cases.submit_analysis(learner, case_study, "<p>Анализ</p>")
        CaseSubmission.objects.filter(user=learner).update(submitted_at=timezone.now() - timedelta(days=days))
    accepted = enrol(course, "Принятая")
    cases.submit_analysis(accepted, quiet_case, "<p>Анализ</p>")
    cases.review_submission(
        CaseSubmission.objects.get(user=accepted), None, {quiet_case.rubric[0].id: 9}, "", "accepted"
    )

    response = staff_client.get(reverse(WAITING))
    assert response.status_code == 200
    html = response.content.decode()
    assert case_study.title in html and "Кейс без очереди" not in html
    header, *rows = exported(staff_client, WAITING)
    assert len(header) == 6
    assert len(rows) == 1
    title, course_title, waiting, oldest, oldest_days, average_days = rows[0]
    assert (title, course_title, waiting, oldest_days) == (case_study.title, course.title, "2", "5")
    assert float(average_days) == pytest.approx(3.0, abs=0.1)
    assert oldest  # the date of the oldest submission


# --- Pass rates per competency ---------------------------------------------------------------------------------------


def test_pass_rates_count_each_learners_grade_that_counts(staff_client, course, module):
    final = assessment(course, "final", ["expert", "communicative"], kind="final")
    module_test = assessment(module, "module-test", ["expert"])
    first, second, third = enrol(course, "Первая"), enrol(course, "Вторая"), enrol(course, "Третья")
    take(first, final, right=set())
    take(first, final, right={"expert"})  # the better attempt counts (highest grade): expert reached
    take(second, final, right={"expert", "communicative"})
    take(third, final, right={"expert"}, submit=False)  # not submitted: not counted
    take(first, module_test, right=set())

    response = staff_client.get(reverse(PASS_RATES))
    assert response.status_code == 200
    # One row per competency in the model's order: expert, communicative, managerial, research, project.
    final_only = [row[2:] for row in exported(staff_client, PASS_RATES, kind="final")[1:]]
    assert final_only == [["2", "2", "100.0"], ["2", "1", "50.0"], ["0", "0", ""], ["0", "0", ""], ["0", "0", ""]]
    every_kind = [row[2:] for row in exported(staff_client, PASS_RATES)[1:]]
    assert every_kind[:2] == [["3", "2", "66.7"], ["2", "1", "50.0"]]
    assert staff_client.get(reverse(PASS_RATES), {"kind": "nonsense"}).status_code == 200


def test_pass_rates_agree_with_the_attempts_own_results_under_per_competency_levels(staff_client, course, module):
    """An override lowers the communicative level to 0 on one test: the report counts it as the attempt did."""
    lenient = assessment(module, "lenient", ["expert", "communicative"], overall_pass_level=0)
    AssessmentPassLevel.objects.create(page=lenient, competency="communicative", level=0)
    strict = assessment(module, "strict", ["expert", "communicative"], overall_pass_level=0)
    attempts = [
        take(enrol(course, name), page, right={"expert"})
        for name in ("Первая", "Вторая")
        for page in (lenient, strict)
    ]
    failed = {
        code: sum(code in attempt.result["failed_competencies"] for attempt in attempts)
        for code in ("expert", "communicative")
    }
    assert failed == {"expert": 0, "communicative": 2}  # only the strict test fails communicative
    rows = {row[1]: row[2:4] for row in exported(staff_client, PASS_RATES)[1:]}
    with translation.override("ru"):
        communicative, expert = policy.competency_label("communicative"), policy.competency_label("expert")
    assert rows[communicative] == ["4", str(4 - failed["communicative"])]
    assert rows[expert] == ["4", "4"]


def test_pass_rates_filter_by_course(staff_client, course, module, home):
    other = CoursePageFactory(parent=home, title="Другой курс", slug="other-course")
    elsewhere = assessment(other, "other-final", ["expert"], kind="final")
    take(enrol(other, "Чужая"), elsewhere, right=set())
    take(enrol(course, "Своя"), assessment(course, "final", ["expert"], kind="final"), right={"expert"})
    only_ours = exported(staff_client, PASS_RATES, course=course.pk)[1:]
    assert {row[0] for row in only_ours} == {course.title}
    assert only_ours[0][2:] == ["1", "1", "100.0"]
    theirs = exported(staff_client, PASS_RATES, course=other.pk)[1:]
    assert theirs[0][2:] == ["1", "0", "0.0"]


# --- Access ----------------------------------------------------------------------------------------------------------


def test_reports_are_for_staff_only(client, staff_client, course):
    urls = [reverse(name) for name in (PROGRESS, WAITING, PASS_RATES)]
    for url in urls:
        assert staff_client.get(url).status_code == 200, url
    home = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert all(url in home for url in urls)  # in the "Reports" menu

    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302, url
        assert client.get(url, {"export": "csv"}).status_code == 302, url
    client.force_login(enrol(course, "Ученица"))
    for url in urls:
        assert client.get(url).status_code in {302, 403}, url
        assert client.get(url, {"export": "csv"}).status_code in {302, 403}, url
