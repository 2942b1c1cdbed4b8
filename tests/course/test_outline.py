"""The course outline beside lessons and case studies (issue 12, "The learner"), as Moodle's course index: modules
with their states, the current page marked, locked modules as text; a disclosure that phones keep closed."""

import pytest
from bs4 import BeautifulSoup

from course.models import Enrolment, LessonCompletion
from course.progress import course_progress
from tests.assessments.factories import AssessmentPageFactory
from tests.factories import CaseStudyPageFactory, LessonPageFactory, ModulePageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(course):
    """Three sequential modules of two lessons each."""
    modules = []
    for number in (1, 2, 3):
        module = ModulePageFactory(parent=course, number=number, slug=f"m{number}", title=f"Модуль {number}")
        lessons = [LessonPageFactory(parent=module, slug=f"l{number}-{n}", title=f"Урок {number}.{n}") for n in (1, 2)]
        modules.append((module, lessons))
    return modules


@pytest.fixture
def learner(client, course):
    user = UserFactory(username="outline-learner")
    Enrolment.objects.create(user=user, course=course)
    client.force_login(user)
    return user


def outline_of(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("nav.course-outline")


def test_module_states_done_in_progress_open_locked(course, programme, learner):
    (m1, l1), (m2, l2), (m3, l3) = programme
    for lesson in l1:
        LessonCompletion.objects.record(learner, lesson)
    LessonCompletion.objects.record(learner, l2[0])
    progress = course_progress(learner, course)
    assert [module.status for module in progress.modules] == ["done", "in_progress", "locked"]

    course.sequential_modules = False
    course.save()
    progress = course_progress(learner, course)
    assert [module.status for module in progress.modules] == ["done", "in_progress", "open"]


def test_the_outline_marks_the_current_page_and_shows_locked_modules_as_text(client, programme, learner):
    (m1, l1), (m2, _l2), (m3, _l3) = programme

    outline = outline_of(client, l1[1].url)

    assert outline.select_one("details[data-outline]")
    modules = outline.select(".course-outline__module")
    assert [m["class"][1] for m in modules] == [
        "course-outline__module--open",
        "course-outline__module--locked",
        "course-outline__module--locked",
    ]
    assert modules[0].select_one("a")["href"] == m1.url
    assert "is-current" in modules[0]["class"]
    # The current module lists its items; the page itself is marked.
    items = modules[0].select(".course-outline__item a")
    assert [a["href"] for a in items] == [lesson.url for lesson in l1]
    assert items[1]["aria-current"] == "page" and not items[0].has_attr("aria-current")
    # Locked modules are no links: their pages would only say "not open yet".
    for locked, module in zip(modules[1:], (m2, m3), strict=True):
        assert not locked.select("a")
        assert module.title in locked.select_one(".course-outline__locked").get_text()
    assert m2.url not in str(outline)


def test_done_items_are_marked_for_eyes_and_screen_readers(client, programme, learner):
    (_m1, l1), *_rest = programme
    LessonCompletion.objects.record(learner, l1[0])

    outline = outline_of(client, l1[1].url)

    done, current = outline.select(".course-outline__items .course-outline__item")
    assert "is-done" in done["class"] and "✓" in done.select_one("a").get_text()
    assert done.select_one(".visually-hidden").get_text(strip=True)


def test_case_studies_have_the_outline_too(client, course, programme, learner):
    (m1, _l1), *_rest = programme
    case = CaseStudyPageFactory(parent=m1, slug="case", title="Кейс модуля")

    outline = outline_of(client, case.url)

    assert outline.select_one(".course-outline__item a[aria-current=page]")["href"] == case.url


def test_staff_without_an_enrolment_see_no_outline(client, programme, superuser):
    client.force_login(superuser)
    (_m1, l1), *_rest = programme
    response = client.get(l1[0].url)
    assert response.status_code == 200
    assert not BeautifulSoup(response.content, "html.parser").select("nav.course-outline")


def test_the_closed_page_has_breadcrumbs(client, course, programme, learner):
    (_m1, _l1), (m2, l2), _third = programme

    response = client.get(l2[0].url)

    assert response.status_code == 403
    crumbs = BeautifulSoup(response.content, "html.parser").select("nav.breadcrumbs li")
    assert [li.get_text(strip=True) for li in crumbs] == [course.title, m2.title, l2[0].title]
    assert crumbs[0].select_one("a")["href"] == course.url


def test_tests_have_the_outline_too(client, course, programme, learner):
    (m1, _l1), *_rest = programme
    test = AssessmentPageFactory(parent=m1, slug="module-test", title="Тест модуля")

    outline = outline_of(client, test.url)

    assert outline.select_one(".course-outline__item a[aria-current=page]")["href"] == test.url


def test_the_kept_outline_follows_the_learners_records_and_the_tree(client, programme, learner):
    """The outline and breadcrumbs are kept rendered (``course_tags``); a lesson done or a page renamed shows at
    once, because both are keyed by the learner's and the tree's versions."""
    (m1, l1), *_rest = programme
    assert "✓" not in outline_of(client, l1[1].url).get_text()

    LessonCompletion.objects.record(learner, l1[0])
    assert "✓" in outline_of(client, l1[1].url).select_one(".course-outline__items").get_text()

    m1.title = "Модуль 1 (новое название)"
    m1.save_revision().publish()
    response = client.get(l1[1].url)
    page = BeautifulSoup(response.content, "html.parser")
    assert "Модуль 1 (новое название)" in page.select_one("nav.breadcrumbs").get_text()
    assert "Модуль 1 (новое название)" in page.select_one("nav.course-outline").get_text()


def test_each_learner_sees_their_own_kept_outline(client, course, programme, learner):
    (_m1, l1), *_rest = programme
    LessonCompletion.objects.record(learner, l1[0])
    assert "✓" in outline_of(client, l1[1].url).get_text()

    other = UserFactory(username="outline-other")
    Enrolment.objects.create(user=other, course=course)
    client.force_login(other)

    assert "✓" not in outline_of(client, l1[1].url).get_text()


def test_the_kept_module_navigation_follows_the_tree(client, programme, learner):
    (m1, l1), *_rest = programme
    response = client.get(l1[0].url)
    nav = BeautifulSoup(response.content, "html.parser").select_one("nav.item-nav")
    assert nav.select_one("a[rel=next]")["href"] == l1[1].url
    assert nav.select_one(".item-nav__up")["href"] == m1.url

    response = client.get(l1[1].url)
    assert not BeautifulSoup(response.content, "html.parser").select_one("nav.item-nav a[rel=next]")

    added = LessonPageFactory(parent=m1, slug="l1-3", title="Урок 1.3")  # the last of the module
    response = client.get(l1[1].url)
    nav = BeautifulSoup(response.content, "html.parser").select_one("nav.item-nav")
    assert nav.select_one("a[rel=next]")["href"] == added.url
