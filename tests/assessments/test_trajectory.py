"""The suggested trajectory on the dashboard's competency profile (issue 12, "The learner"): modules that develop
the weakest competencies, never starting with a locked one."""

import pytest
from bs4 import BeautifulSoup

from assessments.dashboard import recommended_modules
from assessments.models import CompetencyEvidence, EvidenceSource
from course.models import LessonCompletion
from course.progress import course_progress
from tests.factories import LessonPageFactory, ModulePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def modules(course):
    """Three sequential modules, each with a required lesson; only the third develops research."""
    made = {}
    for number, competencies in ((1, ("expert",)), (2, ("communicative",)), (3, ("research", "expert"))):
        module = ModulePageFactory(parent=course, number=number, slug=f"m{number}", competencies=competencies)
        LessonPageFactory(parent=module, slug=f"lesson-{number}")
        made[number] = module
    return made


def numbers(trajectory) -> list[int]:
    return [step.module.number for step in trajectory]


def test_a_locked_module_that_fits_best_never_leads(learner, course, modules):
    progress = course_progress(learner, course)
    assert not progress.module_for(modules[3].pk).unlocked

    trajectory = recommended_modules(progress, ["research"])

    # Module 3 develops the weakest competency but is closed: the module to finish first leads.
    assert numbers(trajectory) == [1, 3]
    assert trajectory[0].unlocked and not trajectory[1].unlocked


def test_an_open_module_that_fits_leads_before_locked_ones_that_fit_more(learner, course, modules):
    trajectory = recommended_modules(course_progress(learner, course), ["research", "expert"])

    assert numbers(trajectory) == [1, 3]  # module 1 develops one of the two; module 3 both but is closed


def test_when_modules_open_in_any_order_the_best_fit_leads(learner, course, modules):
    course.sequential_modules = False
    course.save()

    assert numbers(recommended_modules(course_progress(learner, course), ["research"])) == [3]


def test_completed_modules_are_not_suggested(learner, course, modules):
    LessonCompletion.objects.record(learner, modules[1].get_children().first().specific)

    trajectory = recommended_modules(course_progress(learner, course), ["expert", "research"])

    # Module 2 opened: it develops neither competency but is where the learner stands, before the closed module 3.
    assert numbers(trajectory) == [2, 3]


def test_nothing_left_suggests_nothing(learner, course, modules):
    for module in modules.values():
        LessonCompletion.objects.record(learner, module.get_children().first().specific)

    assert recommended_modules(course_progress(learner, course), ["research"]) == []


def test_the_dashboard_shows_locked_steps_as_locked_not_as_links(client, learner, course, modules):
    CompetencyEvidence.objects.create(
        user=learner,
        course=course,
        page=modules[1],
        source=EvidenceSource.MODULE_TEST,
        competency="research",
        earned=1,
        possible=10,
        recorded_at="2026-01-01T00:00Z",
    )
    client.force_login(learner)

    page = BeautifulSoup(client.get("/ru/dashboard/").content, "html.parser")

    steps = page.select(".trajectory .trajectory__step")
    assert steps[0].select_one("a")["href"] == modules[1].url
    locked = [step for step in steps if "is-locked" in step["class"]]
    assert locked and all(not step.select("a") for step in locked)
    assert modules[3].url not in str(page.select_one(".trajectory"))
