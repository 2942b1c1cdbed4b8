"""What follows an evidence change (the completion stamp and the certification check) costs a fixed number of
queries, whatever the course's size, and stops before the certification's queries while work is still open."""

from contextlib import ExitStack
from decimal import Decimal
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from assessments.models import AssessmentGrade, Attempt, AttemptStatus, CaseSubmission, CompetencyEvidence
from course.codes import CompetencyCode
from course.models import Enrolment, LessonCompletion
from course.signals import evidence_changed
from mentors.models import Certificate
from tests.assessments.factories import AssessmentPageFactory
from tests.factories import CaseStudyPageFactory, LessonPageFactory, ModulePageFactory, UserFactory

pytestmark = pytest.mark.django_db

# The learner's summary (enrolment, module completions, lessons, cases, attempts) read afresh after the change.
MID_COURSE_QUERIES = 5
# Then, with all the work done: whether a certificate exists and the competency levels (one aggregate).
WORK_DONE_QUERIES = MID_COURSE_QUERIES + 2


def build(course, modules: int) -> dict:
    """``modules`` modules of three lessons, a case and a test each, and a final assessment."""
    pages = {"lessons": [], "cases": [], "tests": []}
    for number in range(1, modules + 1):
        module = ModulePageFactory(parent=course, slug=f"m{number}", number=number)
        pages["lessons"] += [LessonPageFactory(parent=module, slug=f"m{number}-l{n}") for n in range(3)]
        pages["cases"].append(CaseStudyPageFactory(parent=module, slug=f"m{number}-case"))
        pages["tests"].append(AssessmentPageFactory(parent=module, slug=f"m{number}-test"))
    pages["final"] = AssessmentPageFactory(parent=course, slug="final", kind="final")
    return pages


def queries_of_an_evidence_change(user, page) -> list[str]:
    evidence_changed.send(sender=None, user=user, page=page)  # warm the course's cached items
    with CaptureQueriesContext(connection) as queries:
        evidence_changed.send(sender=None, user=user, page=page)
    return [query["sql"] for query in queries]


def do_all_work(user, course, pages) -> None:
    for lesson in pages["lessons"]:
        LessonCompletion.objects.record(user, lesson)
    for case in pages["cases"]:
        CaseSubmission.objects.create(user=user, case=case, status="accepted")
    for test in [*pages["tests"], pages["final"]]:
        Attempt.objects.create(user=user, page=test, number=1, status=AttemptStatus.GRADED, passed=True)
        AssessmentGrade.objects.create(user=user, page=test, percent=80, passed=True, attempts_graded=1)


@pytest.mark.parametrize("modules", [1, 5])
def test_mid_course_an_evidence_change_costs_the_same_few_queries_and_no_certification_query(course, modules):
    pages = build(course, modules)
    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    LessonCompletion.objects.record(user, pages["lessons"][0])

    queries = queries_of_an_evidence_change(user, pages["lessons"][0])

    assert len(queries) == MID_COURSE_QUERIES
    assert not any("mentors_certificate" in sql or "competencyevidence" in sql for sql in queries)
    assert Enrolment.objects.get(user=user).completed_at is None


@pytest.mark.parametrize("modules", [1, 5])
def test_with_the_work_done_the_check_costs_two_queries_more_whatever_the_size(course, modules):
    pages = build(course, modules)
    user = UserFactory()
    Enrolment.objects.create(user=user, course=course, completed_at=timezone.now())
    do_all_work(user, course, pages)
    # Levels too low for the certificate: the whole check runs on every change.
    CompetencyEvidence.objects.create(
        user=user,
        course=course,
        page=pages["final"],
        source="final",
        competency="expert",
        earned=Decimal(10),
        possible=Decimal(100),
        recorded_at=timezone.now(),
    )

    queries = queries_of_an_evidence_change(user, pages["final"])

    assert len(queries) == WORK_DONE_QUERIES
    assert not Certificate.objects.exists()


def test_the_completion_stamp_and_the_certificate_still_follow_one_change(course):
    pages = build(course, 2)
    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    do_all_work(user, course, pages)
    for page in [*pages["cases"], *pages["tests"], pages["final"]]:
        for code in CompetencyCode.values:
            CompetencyEvidence.objects.create(
                user=user,
                course=course,
                page=page,
                source="final",
                competency=code,
                earned=Decimal(90),
                possible=Decimal(100),
                recorded_at=timezone.now(),
            )

    evidence_changed.send(sender=None, user=user, page=pages["final"])

    assert Enrolment.objects.get(user=user).completed_at is not None
    assert Certificate.objects.filter(user=user, course=course).exists()


# The learner version bumped, the tree version, the course above the page, the course's items with the learner's
# summary (one read), the new summary written.
CACHE_ROUND_TRIPS = 5


@pytest.mark.parametrize("modules", [1, 5])
def test_an_evidence_change_makes_the_same_few_cache_round_trips(course, modules):
    pages = build(course, modules)
    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    LessonCompletion.objects.record(user, pages["lessons"][0])
    evidence_changed.send(sender=None, user=user, page=pages["lessons"][0])
    calls, depth = [], [0]

    def counted(name):
        method = getattr(cache, name)

        def call(*args, **kwargs):
            if not depth[0]:  # the local memory cache's get_many calls its get: one round trip with Redis
                calls.append(name)
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    names = ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "incr")
    with ExitStack() as stack:
        for name in names:
            stack.enter_context(mock.patch.object(cache, name, counted(name)))
        evidence_changed.send(sender=None, user=user, page=pages["lessons"][0])

    assert len(calls) == CACHE_ROUND_TRIPS, calls
