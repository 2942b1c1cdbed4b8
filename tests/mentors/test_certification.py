"""The rules of certification (pure), the issue of certificates once per learner and course, and their numbers."""

import threading
from datetime import date
from decimal import Decimal

from django.db import connection
from django.utils import timezone, translation

import pytest

from assessments import policy
from assessments.models import (
    AssessmentGrade,
    AssessmentPage,
    Attempt,
    AttemptStatus,
    CompetencyEvidence,
    EvidenceSource,
)
from course.models import Enrolment, LessonCompletion
from course.progress import CourseProgress as Progress
from course.progress import ItemProgress, ItemState, ModuleProgress
from course.signals import evidence_changed
from mentors.certification.issuing import issue_certificate, issue_if_eligible, revoke
from mentors.certification.numbering import expiry_date, format_number
from mentors.certification.rules import evaluate
from mentors.models import Certificate, CertificateNumberSequence, CertificateStatus, MentorProfile
from tests.assessments.factories import AssessmentPageFactory
from tests.factories import CaseStudyPageFactory, LessonPageFactory, UserFactory

# Page instances need their content type, so even the pure rules run with the database at hand.
pytestmark = pytest.mark.django_db

ALL_GOOD = {"expert": 80, "communicative": 75, "managerial": 70, "research": 65, "project": 60}
ENOUGH = dict.fromkeys(ALL_GOOD, policy.MIN_EVIDENCE_ITEMS)  # graded pieces of work behind each level
DONE = ItemState(done=True, status="done")
TODO = ItemState(done=False)


def item(page, done=True):
    if not isinstance(page, AssessmentPage):  # an assessment is required by its kind
        page.required = True
    return ItemProgress(page=page, state=DONE if done else TODO)


def progress_of(*items, finals=()):
    from course.models import CoursePage, ModulePage

    return Progress(
        course=CoursePage(title="Курс", locale_id=1),
        enrolment=None,
        modules=[ModuleProgress(module=ModulePage(title="Модуль", locale_id=1), items=list(items))],
        closing_items=list(finals),
    )


def final(done=True):
    return item(AssessmentPage(title="Итоговая аттестация", kind="final", locale_id=1), done)


def lesson(done=True):
    from course.models import LessonPage

    return item(LessonPage(title="Урок", locale_id=1), done)


def case(done=True):
    from course.models import CaseStudyPage

    return item(CaseStudyPage(title="Кейс", locale_id=1), done)


def levels_at(level: int) -> dict[str, int]:
    return dict.fromkeys(ALL_GOOD, level)


def capstone(done=True):
    from course.models import CaseStudyPage

    return item(CaseStudyPage(title="Итоговый проект", kind="capstone", locale_id=1), done)


def test_everything_done_and_every_competency_at_the_level_is_eligible():
    result = evaluate(progress_of(lesson(), case(), finals=[final()]), ALL_GOOD, levels_at(60), ENOUGH)
    assert result.eligible
    assert result.missing == []


def test_a_lesson_left_is_missing_with_the_count_and_where_to_go():
    left = lesson(done=False)
    with translation.override("en"):
        result = evaluate(progress_of(lesson(), left, case(), finals=[final()]), ALL_GOOD, levels_at(60), ENOUGH)
    assert not result.eligible
    [missing] = result.missing
    assert missing.code == "lessons"
    with translation.override("en"):  # worded when shown, in the language of the page that shows it
        assert missing.detail == "1 of 2 done"
    assert missing.page is left.page


def test_an_unaccepted_case_and_a_failed_final_are_missing():
    result = evaluate(
        progress_of(lesson(), case(done=False), finals=[final(done=False)]), ALL_GOOD, levels_at(60), ENOUGH
    )
    assert [r.code for r in result.missing] == ["cases", "final"]


def test_a_course_without_a_final_assessment_does_not_certify():
    result = evaluate(progress_of(lesson()), ALL_GOOD, levels_at(60), ENOUGH)
    assert [r.code for r in result.missing] == ["final"]


def test_each_competency_must_reach_the_course_level():
    levels = {**ALL_GOOD, "research": 59.4, "project": None}
    result = evaluate(progress_of(lesson(), finals=[final()]), levels, levels_at(60), ENOUGH)
    assert [r.code for r in result.missing] == ["competency:research", "competency:project"]
    assert evaluate(progress_of(lesson(), finals=[final()]), levels | {"project": 61}, levels_at(59), ENOUGH).eligible


def test_the_capstone_project_must_be_accepted_and_is_not_counted_as_a_case():
    waiting = evaluate(
        progress_of(lesson(), case(), finals=[capstone(done=False), final()]), ALL_GOOD, levels_at(60), ENOUGH
    )
    assert [r.code for r in waiting.missing] == ["capstone"]
    assert waiting.missing[0].page is not None
    accepted = evaluate(progress_of(lesson(), case(), finals=[capstone(), final()]), ALL_GOOD, levels_at(60), ENOUGH)
    assert accepted.eligible
    cases = next(r for r in accepted.requirements if r.code == "cases")
    assert cases.met and cases.page is None


def test_each_competency_has_its_own_level():
    levels = {**levels_at(60), "research": 70}
    result = evaluate(progress_of(lesson(), finals=[final()]), ALL_GOOD, levels, ENOUGH)
    assert [r.code for r in result.missing] == ["competency:research"]  # research is at 65


def test_optional_items_do_not_count():
    optional = lesson(done=False)
    optional.page.required = False
    assert evaluate(progress_of(lesson(), optional, finals=[final()]), ALL_GOOD, levels_at(60), ENOUGH).eligible


def test_number_format_and_expiry():
    assert format_number("НП", 2026, 123) == "НП-2026-000123"
    assert expiry_date(date(2026, 3, 1), None) is None
    assert expiry_date(date(2026, 3, 1), 3) == date(2029, 3, 1)
    assert expiry_date(date(2028, 2, 29), 1) == date(2029, 2, 28)


# Issue ---------------------------------------------------------------------------------------------------------


def test_issue_snapshots_name_course_and_levels_and_makes_an_unpublished_profile(course):
    user = UserFactory(first_name="Алсу", last_name="Гарипова", patronymic="Ринатовна", organisation="Гимназия № 7")
    certificate = issue_certificate(user, course, {**ALL_GOOD, "expert": 79.6})
    assert certificate.number == f"НП-{timezone.localdate().year}-000001"
    assert certificate.holder_name == "Гарипова Алсу Ринатовна"
    assert certificate.course_title == course.title
    assert certificate.levels["expert"] == 80
    assert certificate.status == CertificateStatus.VALID and certificate.expires_on is None
    assert len(certificate.code) >= 20
    profile = MentorProfile.objects.get(certificate=certificate)
    assert not profile.is_published and not profile.is_listed
    assert profile.level_expert == 80 and profile.organisation == "Гимназия № 7"
    assert profile.slug == "garipova-alsu-rinatovna"
    user.first_name = "Иная"
    user.save()
    certificate.refresh_from_db()
    assert certificate.holder_name == "Гарипова Алсу Ринатовна"


def test_issuing_twice_gives_the_same_certificate_and_no_new_number(course):
    user = UserFactory()
    first = issue_certificate(user, course, ALL_GOOD)
    assert issue_certificate(user, course, ALL_GOOD) == first
    assert Certificate.objects.count() == 1
    assert CertificateNumberSequence.objects.get().last_number == 1


def test_numbers_are_sequential_within_a_year_and_restart_the_next(course):
    first, second = UserFactory(), UserFactory()
    a = issue_certificate(first, course, ALL_GOOD, now=timezone.make_aware(timezone.datetime(2026, 12, 31, 10)))
    b = issue_certificate(second, course, ALL_GOOD, now=timezone.make_aware(timezone.datetime(2027, 1, 1, 10)))
    c = issue_certificate(UserFactory(), course, ALL_GOOD, now=timezone.make_aware(timezone.datetime(2027, 2, 1)))
    assert [a.number, b.number, c.number] == ["НП-2026-000001", "НП-2027-000001", "НП-2027-000002"]


def test_validity_and_prefix_come_from_the_course(course):
    course.certificate_prefix = "НАСТ"
    course.certificate_validity_years = 3
    course.save()
    certificate = issue_certificate(UserFactory(), course, ALL_GOOD)
    assert certificate.number.startswith("НАСТ-")
    assert certificate.expires_on == expiry_date(timezone.localdate(), 3)


def test_the_database_allows_one_certificate_per_learner_and_course(course):
    from django.db import IntegrityError, transaction

    certificate = issue_certificate(UserFactory(), course, ALL_GOOD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            user=certificate.user, course=course, number="X-1", year=2026, sequence=99, holder_name="x"
        )


def test_revoke_needs_a_reason_and_takes_the_mentor_out_of_the_registry(course, superuser):
    certificate = issue_certificate(UserFactory(), course, ALL_GOOD)
    profile = certificate.profile
    profile.is_published = True
    profile.save()
    assert MentorProfile.objects.listed().filter(pk=profile.pk).exists()
    with pytest.raises(ValueError):
        revoke(certificate, by=superuser, reason="  ")
    revoke(certificate, by=superuser, reason="Ошибка при выдаче")
    certificate.refresh_from_db()
    assert certificate.current_status == CertificateStatus.REVOKED
    assert certificate.revocation_reason == "Ошибка при выдаче" and certificate.revoked_by == superuser
    assert not MentorProfile.objects.listed().filter(pk=profile.pk).exists()


def test_an_expired_certificate_is_expired_and_unlisted(course):
    certificate = issue_certificate(UserFactory(), course, ALL_GOOD)
    certificate.expires_on = date(2020, 1, 1)
    certificate.save()
    profile = certificate.profile
    profile.expires_on = certificate.expires_on
    profile.is_published = True
    profile.save()
    assert certificate.current_status == CertificateStatus.EXPIRED
    assert not MentorProfile.objects.listed().exists()


# Through the evidence ------------------------------------------------------------------------------------------


@pytest.fixture
def small_course(course, module):
    """One required lesson, one required case and a final assessment, and a module test and a second case that are
    optional (their evidence counts, their completion is not required)."""
    return {
        "lesson": LessonPageFactory(parent=module, title="Урок", slug="lesson"),
        "case": CaseStudyPageFactory(parent=module, title="Кейс", slug="case"),
        "final": AssessmentPageFactory(parent=course, title="Итоговая аттестация", slug="final", kind="final"),
        "graded": [
            CaseStudyPageFactory(parent=module, title=f"Кейс {n}", slug=f"extra-case-{n}", required=False)
            for n in range(policy.MIN_EVIDENCE_ITEMS - 1)
        ],
    }


def add_enough_evidence(user, course, small_course, level):
    """Each competency at ``level`` on the final and on enough other graded work (``policy.MIN_EVIDENCE_ITEMS``)."""
    for page in [small_course["final"], *small_course["graded"]]:
        add_evidence(user, course, page, level)


def add_evidence(user, course, page, level):
    for code in ALL_GOOD:
        CompetencyEvidence.objects.create(
            user=user,
            course=course,
            page=page,
            source=EvidenceSource.FINAL,
            competency=code,
            earned=Decimal(level),
            possible=Decimal(100),
            recorded_at=timezone.now(),
        )


def test_the_certificate_follows_the_evidence_and_is_issued_once(
    course, small_course, django_capture_on_commit_callbacks
):
    from assessments.models import CaseSubmission

    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    LessonCompletion.objects.record(user, small_course["lesson"])
    with django_capture_on_commit_callbacks(execute=True):
        evidence_changed.send(sender=None, user=user, page=small_course["lesson"])
    assert not Certificate.objects.exists()

    CaseSubmission.objects.create(user=user, case=small_course["case"], status="accepted")
    Attempt.objects.create(user=user, page=small_course["final"], number=1, status=AttemptStatus.GRADED, passed=True)
    AssessmentGrade.objects.create(user=user, page=small_course["final"], percent=80, passed=True, attempts_graded=1)
    add_enough_evidence(user, course, small_course, 55)
    with django_capture_on_commit_callbacks(execute=True):
        evidence_changed.send(sender=None, user=user, page=small_course["final"])
    certificate = Certificate.objects.get(user=user)
    assert certificate.levels == dict.fromkeys(ALL_GOOD, 55)

    with django_capture_on_commit_callbacks(execute=True):
        evidence_changed.send(sender=None, user=user, page=small_course["final"])
    assert Certificate.objects.count() == 1
    assert issue_if_eligible(user, course) is None


def test_below_the_course_level_no_certificate(course, small_course):
    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    LessonCompletion.objects.record(user, small_course["lesson"])
    from assessments.models import CaseSubmission

    CaseSubmission.objects.create(user=user, case=small_course["case"], status="accepted")
    Attempt.objects.create(user=user, page=small_course["final"], number=1, status=AttemptStatus.GRADED, passed=True)
    AssessmentGrade.objects.create(user=user, page=small_course["final"], percent=80, passed=True, attempts_graded=1)
    add_enough_evidence(user, course, small_course, 45)
    assert issue_if_eligible(user, course) is None
    course.certification_level = 45
    course.save()
    assert issue_if_eligible(user, course) is not None


def test_one_graded_piece_of_work_is_not_enough_evidence(course, small_course):
    from assessments.models import CaseSubmission

    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    LessonCompletion.objects.record(user, small_course["lesson"])
    CaseSubmission.objects.create(user=user, case=small_course["case"], status="accepted")
    Attempt.objects.create(user=user, page=small_course["final"], number=1, status=AttemptStatus.GRADED, passed=True)
    AssessmentGrade.objects.create(user=user, page=small_course["final"], percent=95, passed=True, attempts_graded=1)
    add_evidence(user, course, small_course["final"], 95)  # a high level, on the final alone
    assert issue_if_eligible(user, course) is None
    add_enough_evidence(user, course, small_course, 95)
    assert issue_if_eligible(user, course) is not None


def test_the_checklist_says_how_much_evidence_a_level_still_needs():
    thin = dict.fromkeys(ALL_GOOD, policy.MIN_EVIDENCE_ITEMS - 1)
    result = evaluate(progress_of(lesson(), finals=[final()]), ALL_GOOD, levels_at(60), thin)
    assert [r.code for r in result.missing] == [f"competency:{code}" for code in ALL_GOOD]
    with translation.override("en"):
        assert str(result.missing[0].detail) == (
            f"now 80, on {policy.MIN_EVIDENCE_ITEMS - 1} of the {policy.MIN_EVIDENCE_ITEMS} graded pieces of work "
            "it needs"
        )


def test_a_course_that_does_not_certify_issues_nothing(course):
    course.issues_certificates = False
    course.save()
    assert issue_if_eligible(UserFactory(), course) is None


# Parallel issue (PostgreSQL: SQLite serialises writers anyway) --------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_issue_gives_unique_gapless_numbers_and_one_certificate_per_learner(course):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is tested; SQLite allows one writer at a time")
    users = [UserFactory() for _ in range(8)]
    twice = users[:3]  # these three ask twice at the same moment
    jobs = [*users, *twice]
    barrier = threading.Barrier(len(jobs))
    errors = []

    def issue(user):
        from django.db import connections

        try:
            barrier.wait()
            issue_certificate(user, course, ALL_GOOD)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(user,)) for user in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    certificates = list(Certificate.objects.order_by("sequence"))
    assert len(certificates) == len(users)
    assert [c.sequence for c in certificates] == list(range(1, len(users) + 1))
    assert len({c.user_id for c in certificates}) == len(users)
    assert CertificateNumberSequence.objects.get().last_number == len(users)


def test_no_certificate_until_the_capstone_project_is_accepted(course, small_course):
    from assessments.models import CaseSubmission

    capstone = CaseStudyPageFactory(parent=course, title="Итоговый проект", slug="capstone", kind="capstone")
    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    LessonCompletion.objects.record(user, small_course["lesson"])
    CaseSubmission.objects.create(user=user, case=small_course["case"], status="accepted")
    Attempt.objects.create(user=user, page=small_course["final"], number=1, status=AttemptStatus.GRADED, passed=True)
    AssessmentGrade.objects.create(user=user, page=small_course["final"], percent=80, passed=True, attempts_graded=1)
    add_enough_evidence(user, course, small_course, 80)
    submitted = CaseSubmission.objects.create(user=user, case=capstone, status="submitted")
    assert issue_if_eligible(user, course) is None
    submitted.status = "accepted"
    submitted.save()
    assert issue_if_eligible(user, course) is not None
