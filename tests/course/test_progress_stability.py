"""Progress never goes backwards because content changed: completions are recorded when they happen and read after."""

import pytest

from course.models import Enrolment, LessonCompletion, ModuleCompletion
from course.progress import course_progress
from course.services import adds_required_item, publication_impact, refresh_completion
from tests.assessments.factories import AssessmentPageFactory
from tests.factories import LessonPageFactory, ModulePageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_module(course):
    module = ModulePageFactory(parent=course, number=2, slug="module-2", competencies=("managerial",))
    LessonPageFactory(parent=module, slug="second-lesson", title="Второй урок")
    return module


@pytest.fixture
def learner(course):
    user = UserFactory(username="steady-learner")
    Enrolment.objects.create(user=user, course=course)
    return user


def finish(user, *lessons):
    for lesson in lessons:
        LessonCompletion.objects.record(user, lesson)


def test_a_module_is_recorded_with_what_counted_when_it_first_completes(course, module, lesson, learner):
    optional = LessonPageFactory(parent=module, slug="optional", required=False)
    course_progress(learner, course)
    assert not ModuleCompletion.objects.exists()
    finish(learner, lesson)
    assert course_progress(learner, course).modules[0].recorded
    record = ModuleCompletion.objects.get(user=learner, module=module)
    assert record.counted_items == [lesson.pk] and optional.pk not in record.counted_items
    course_progress(learner, course)
    assert ModuleCompletion.objects.count() == 1


def test_a_completed_module_stays_complete_and_open_when_a_required_lesson_is_added(
    client, course, module, lesson, second_module, learner
):
    finish(learner, lesson)
    assert course_progress(learner, course).modules[0].complete
    added = LessonPageFactory(parent=module, slug="added-later", title="Добавленный урок")

    progress = course_progress(learner, course)
    first, second = progress.modules
    assert first.complete and first.unlocked and first.percent == 100
    assert second.unlocked
    new_item = progress.item_for(added.pk)
    assert new_item.new and new_item.state.status == "new" and not new_item.required
    assert [item.page.pk for item in first.new_items] == [added.pk]
    client.force_login(learner)
    assert client.get(second_module.url).status_code == 200
    body = client.get(module.url).content.decode()
    assert "state--new" in body
    # Doing the new material is still welcome and shows as done.
    finish(learner, added)
    item = course_progress(learner, course).item_for(added.pk)
    assert item.state.done and not item.new


def test_a_module_in_progress_counts_a_required_lesson_added_to_it(course, module, lesson, learner):
    LessonPageFactory(parent=module, slug="first-of-two")
    progress = course_progress(learner, course)
    added = LessonPageFactory(parent=module, slug="added-during")
    finish(learner, lesson)
    progress = course_progress(learner, course)
    item = progress.item_for(added.pk)
    assert not item.new and item.required
    assert not progress.modules[0].complete
    assert not ModuleCompletion.objects.exists()


def test_a_later_module_completed_stays_open_when_an_earlier_one_gains_a_lesson(
    course, module, lesson, second_module, learner
):
    finish(learner, lesson, second_module.get_children().specific().first())
    course_progress(learner, course)
    ModuleCompletion.objects.filter(module=module).delete()  # as if module 1 was completed before records existed
    LessonPageFactory(parent=module, slug="added-to-first")
    first, second = course_progress(learner, course).modules
    assert not first.complete
    assert second.complete and second.unlocked


def test_a_completed_course_stays_complete(course, module, lesson, learner):
    finish(learner, lesson)
    enrolment = refresh_completion(learner, course)
    stamped = enrolment.completed_at
    assert stamped is not None
    LessonPageFactory(parent=module, slug="after-the-certificate")
    new_module = ModulePageFactory(parent=course, number=5, slug="module-5")
    LessonPageFactory(parent=new_module, slug="in-a-new-module")
    enrolment = refresh_completion(learner, course)
    assert enrolment.completed_at == stamped
    progress = course_progress(learner, course)
    assert progress.complete and progress.percent == 100


def test_the_final_assessment_stays_open_when_a_completed_module_gains_a_lesson(course, module, lesson, learner):
    final = AssessmentPageFactory(parent=course, slug="final", kind="final")
    finish(learner, lesson)
    assert course_progress(learner, course).item_for(final.pk).unlocked
    LessonPageFactory(parent=module, slug="before-the-final")
    assert course_progress(learner, course).item_for(final.pk).unlocked


def test_publication_impact_counts_learners_by_how_the_page_reaches_them(course, module, lesson, learner):
    LessonPageFactory(parent=module, slug="second-in-module")
    finished, working = learner, UserFactory(username="working")
    Enrolment.objects.create(user=working, course=course)
    Enrolment.objects.create(user=UserFactory(username="not-started"), course=course)
    finish(finished, *module.get_children().specific())
    finish(working, lesson)
    impact = publication_impact(module)
    assert (impact.completed, impact.in_progress, impact.learners) == (1, 1, 2)
    assert ModuleCompletion.objects.filter(user=finished, module=module).exists()


def test_only_a_new_required_page_in_a_module_adds_an_item(course, module, lesson):
    assert not adds_required_item(lesson)  # live and required already
    draft = LessonPageFactory(parent=module, slug="draft", live=False)
    assert adds_required_item(draft)
    assert not adds_required_item(LessonPageFactory(parent=module, slug="optional-draft", live=False, required=False))
    assert not adds_required_item(AssessmentPageFactory(parent=course, slug="final", kind="final", live=False))


def test_the_editor_sees_who_is_affected_before_publishing(client, course, module, lesson, learner, superuser):
    finish(learner, lesson)
    course_progress(learner, course)  # the learner saw the module complete: recorded
    working = UserFactory(username="working")
    Enrolment.objects.create(user=working, course=course)
    LessonPageFactory(parent=module, slug="more")
    finish(working, lesson)
    client.force_login(superuser)
    response = client.get(f"/admin/pages/add/course/lessonpage/{module.pk}/", follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Publishing a required page" in body or "обязательн" in body
    assert "1 learner has completed" in body or "1 слушатель" in body
    draft = LessonPageFactory(parent=module, slug="draft-lesson", live=False)
    body = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert "working through" in body or "проход" in body
