"""Progress and unlocking: lessons done, modules complete, the sequential setting, who may open what."""

import pickle

from django.utils import translation

import pytest

from assessments.progress import CASE_STATES, PASSED
from course.models import Enrolment, EnrolmentClosed, LessonCompletion
from course.progress import LESSON_DONE, NOT_STARTED, course_progress
from course.signals import evidence_changed
from tests.factories import LessonPageFactory, ModulePageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_module(course):
    module = ModulePageFactory(parent=course, number=2, slug="module-2", competencies=("managerial",))
    LessonPageFactory(parent=module, slug="second-lesson")
    return module


@pytest.fixture
def learner(course):
    user = UserFactory(username="progress-learner")
    Enrolment.objects.create(user=user, course=course)
    return user


def test_course_progress_is_the_share_of_required_items(course, module, lesson, learner):
    optional = LessonPageFactory(parent=module, slug="optional", required=False)
    progress = course_progress(learner, course)
    assert (progress.required_done, progress.required_total, progress.percent) == (0, 1, 0)
    LessonCompletion.objects.record(learner, optional)
    assert course_progress(learner, course).percent == 0
    LessonCompletion.objects.record(learner, lesson)
    progress = course_progress(learner, course)
    assert progress.percent == 100 and progress.modules[0].complete and progress.complete


def test_states_come_back_from_the_cache_in_the_readers_language_without_lazy_strings(course, lesson, learner):
    """Issue 11: a state's lazy label came back from the cache through Django's lazy(), which builds a new proxy class
    of some 80 methods on every load (thousands a minute under load)."""
    for state in (NOT_STARTED, LESSON_DONE, PASSED, *CASE_STATES.values()):
        assert b"_lazy_proxy_unpickle" not in pickle.dumps(state)
    LessonCompletion.objects.record(learner, lesson)
    course_progress(learner, course)  # computed, then cached
    for language, label in (("ru", "Выполнено"), ("en", "Done")):
        with translation.override(language):
            cached = course_progress(learner, course)
            assert cached.modules[0].items[0].state.label == label
    with translation.override("ru"):
        assert pickle.loads(pickle.dumps(NOT_STARTED)).label == "Не начато"  # noqa: S301 - our own bytes


def test_sequential_modules_open_one_after_another(course, module, lesson, second_module, learner):
    progress = course_progress(learner, course)
    assert [m.unlocked for m in progress.modules] == [True, False]
    assert progress.next_item.page.pk == lesson.pk
    LessonCompletion.objects.record(learner, lesson)
    assert [m.unlocked for m in course_progress(learner, course).modules] == [True, True]


def test_without_the_sequential_setting_every_module_is_open(course, module, lesson, second_module, learner):
    course.sequential_modules = False
    course.save()
    assert all(m.unlocked for m in course_progress(learner, course).modules)


def test_a_locked_module_says_why_and_what_to_do_next(client, course, module, lesson, second_module, learner):
    client.force_login(learner)
    response = client.get(second_module.url)
    assert response.status_code == 403
    body = response.content.decode()
    assert module.title in body and lesson.title in body
    assert client.get(second_module.get_children().first().url).status_code == 403


def test_course_content_is_for_enrolled_learners(client, course, module, lesson):
    assert client.get(lesson.url).status_code == 302
    assert "/accounts/login/" in client.get(lesson.url)["Location"]
    stranger = UserFactory(username="stranger")
    client.force_login(stranger)
    response = client.get(module.url)
    assert response.status_code == 302 and response["Location"] == course.url
    assert client.get(course.url).status_code == 200  # the landing page is public


def test_staff_read_every_page_without_enrolling(client, course, module, lesson, superuser):
    client.force_login(superuser)
    assert client.get(lesson.url).status_code == 200


def test_enrolling_twice_gives_one_enrolment(client, course):
    user = UserFactory(username="enrolling")
    client.force_login(user)
    for _ in range(2):
        assert client.post(course.url + "enrol/").status_code == 302
    assert Enrolment.objects.filter(user=user, course=course).count() == 1
    assert client.get(course.url + "enrol/").status_code == 302


def test_closed_enrolment_is_refused(course):
    course.enrolment_open = False
    course.save()
    with pytest.raises(EnrolmentClosed):
        Enrolment.objects.enrol(UserFactory(username="late"), course)


def test_marking_a_lesson_done_moves_on_and_stamps_completion(
    client, course, module, lesson, learner, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(lesson.url + "done/")
    assert response.status_code == 302
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()
    assert Enrolment.objects.get(user=learner).completed_at is not None
    client.post(lesson.url + "done/")
    assert LessonCompletion.objects.filter(user=learner).count() == 1


def test_a_lesson_done_is_announced_when_its_request_commits(
    client, course, module, lesson, learner, django_capture_on_commit_callbacks
):
    """As every other evidence: receivers never run inside a transaction that may still roll back."""
    received = []

    def receiver(sender, user, page, **kwargs):
        received.append((user.pk, page.pk))

    evidence_changed.connect(receiver, dispatch_uid="test-lesson-done-receiver")
    try:
        client.force_login(learner)
        with django_capture_on_commit_callbacks() as callbacks:
            client.post(lesson.url + "done/")
        assert received == []
        assert Enrolment.objects.get(user=learner).completed_at is None
        for callback in callbacks:
            callback()
        assert received == [(learner.pk, lesson.pk)]
        assert Enrolment.objects.get(user=learner).completed_at is not None
    finally:
        evidence_changed.disconnect(dispatch_uid="test-lesson-done-receiver")


def test_the_dashboard_shows_accessible_progress(client, course, module, lesson, learner):
    client.force_login(learner)
    response = client.get("/ru/dashboard/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<progress class="progress__bar" value="0" max="100"' in body
    assert lesson.title in body  # the next step


def test_the_dashboard_needs_a_login(client, db):
    response = client.get("/ru/dashboard/")
    assert response.status_code == 302 and "/ru/accounts/login/" in response["Location"]


def test_enrolling_from_the_english_landing_page_enrols_in_the_course_taught(
    client, course, en_course, module, lesson
):
    user = UserFactory(username="english-reader")
    client.force_login(user)
    client.post(en_course.url + "enrol/")
    assert list(Enrolment.objects.filter(user=user).values_list("course_id", flat=True)) == [course.pk]
    response = client.get(en_course.url)
    assert response.context["enrolment"].course_id == course.pk
    assert client.get(lesson.url).status_code == 200


def test_a_preview_shows_the_editors_own_progress(client, rf, settings, course, module, lesson, superuser):
    """Previews skip the serving hooks: the pages ask for the progress themselves."""
    Enrolment.objects.create(user=superuser, course=course)
    LessonCompletion.objects.record(superuser, lesson)
    client.force_login(superuser)
    # As the admin's preview: the editor's cookies go with the page's dummy request.
    request = rf.get("/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={client.session.session_key}")
    response = lesson.make_preview_request(request, lesson.default_preview_mode)
    assert response.status_code == 200
    assert response.context_data["item_progress"].state.done
    response = module.make_preview_request(request, module.default_preview_mode)
    assert response.context_data["module_progress"].percent == 100
    response = course.make_preview_request(request, course.default_preview_mode)
    assert response.context_data["enrolment"].user == superuser
    assert response.context_data["module_states"][module.pk].complete
