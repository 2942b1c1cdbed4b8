"""The demo loader (``manage.py load_demo``): what it builds, that it can run again, the course in English and the
mentors' part (the assessments' part is in ``test_assessments.py``).

Loading the demo takes seconds, so the tests of this module share one load: a module fixture loads it, committed as
``manage.py load_demo`` would, and restores the database when the module is done. Each test runs in a transaction of
its own on top of the loaded demo, rolled back after it.
"""

import json
import re

from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.http import HttpRequest
from django.utils import translation

from wagtail.models import Locale, Page, Revision, Site

import pytest

from accounts.models import User
from assessments.models import AssessmentPage
from course.models import (
    CaseStudyPage,
    Competency,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
    Municipality,
)
from demo import mentors as demo_mentors
from mentors.models import Certificate, CertificateStatus, MentorProfile, MentorRegistryPage
from tests.demo.helpers import DEMO_PASSWORD, run_load_demo

CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture
def ru(demo):
    return Locale.objects.get(language_code="ru")


@pytest.fixture
def en(demo):
    return Locale.objects.get(language_code="en")


def test_the_command_reports_what_it_created(demo, ru):
    with translation.override("en"):  # developer output, in English whatever language is active
        names = {model: str(model._meta.verbose_name_plural) for model in (ModulePage, LessonPage, Municipality)}
    lines = demo.splitlines()
    assert f"Created {ModulePage.objects.filter(locale=ru).count()} {names[ModulePage]}" in lines
    assert f"Created {LessonPage.objects.filter(locale=ru).count()} {names[LessonPage]}" in lines
    assert f"Created 45 {names[Municipality]}" in lines
    assert any(line.split() == ["admin", "admin@example.org", DEMO_PASSWORD] for line in lines)


def test_page_tree(demo, ru):
    assert CourseIndexPage.objects.filter(locale=ru).count() == 1
    course = CoursePage.objects.get(locale=ru, slug="pedagogical-mentoring")
    modules = ModulePage.objects.child_of(course).live()
    assert modules.count() >= 8
    assert sorted(modules.values_list("number", flat=True))[:8] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert LessonPage.objects.filter(locale=ru).live().count() >= 24
    assert CaseStudyPage.objects.filter(locale=ru).live().count() >= 8
    for module in modules:
        assert module.competency_codes, module.title
        assert LessonPage.objects.child_of(module).exists(), module.title
        assert CaseStudyPage.objects.child_of(module).exists(), module.title


def test_the_catalogue_is_the_site_root(demo, ru):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is CourseIndexPage
    assert site.root_page.locale == ru
    assert site.site_name == "Mentor LMS"
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()  # the welcome page is gone


def test_reference_data(demo, ru, en):
    assert Competency.objects.filter(locale=ru).count() == 5
    assert Competency.objects.filter(locale=en).count() == 5
    assert set(Competency.objects.filter(locale=en).values_list("code", flat=True)) == {
        "expert",
        "communicative",
        "managerial",
        "research",
        "project",
    }
    english = Competency.objects.get(locale=en, code="expert")
    assert english.translation_key == Competency.objects.get(locale=ru, code="expert").translation_key
    assert english.name != Competency.objects.get(locale=ru, code="expert").name
    assert Municipality.objects.count() == 45
    assert Municipality.objects.filter(kind="district").count() == 43
    assert Municipality.objects.filter(kind="urban_okrug").count() == 2
    assert Municipality.objects.filter(region__slug="tatarstan").count() == 45


def test_users_and_groups(demo):
    users = {user.username: user for user in User.objects.all()}
    assert {"admin", "editor", "reviewer", "learner1", "learner2", "learner3", "learner4", "learner5"} <= set(users)
    assert users["admin"].is_superuser
    assert users["admin"].is_staff
    assert list(users["editor"].groups.values_list("name", flat=True)) == ["Editors"]
    assert list(users["reviewer"].groups.values_list("name", flat=True)) == ["Reviewers"]
    assert users["editor"].is_staff
    assert not users["editor"].is_superuser
    assert users["editor"].has_perm("wagtailadmin.access_admin")
    assert users["editor"].has_perm("course.change_competency")
    assert users["reviewer"].has_perm("wagtailadmin.access_admin")
    assert not users["reviewer"].has_perm("course.change_competency")
    for number in range(1, 6):
        learner = users[f"learner{number}"]
        assert learner.email == f"learner{number}@example.org"
        assert not learner.is_staff
        assert learner.learner.municipality is not None
        assert learner.learner.patronymic


@pytest.mark.parametrize("login", ["editor@example.org", "Reviewer@Example.org", "learner3@example.org", "admin"])
def test_demo_users_log_in_with_demo_password(demo, login):
    user = authenticate(HttpRequest(), username=login, password=DEMO_PASSWORD)
    assert user is not None
    assert user.email.lower() == (login if "@" in login else f"{login}@example.org").lower()
    assert authenticate(HttpRequest(), username=login, password="not-the-demo-password") is None


def model_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_running_it_again_changes_nothing(demo):
    before = model_counts()
    assert before["wagtailcore.Page"] > 40
    assert before["wagtailcore.Revision"] >= before["wagtailcore.Page"] - 2

    output = run_load_demo()

    assert model_counts() == before
    assert "nothing to create" in output


def test_running_it_again_keeps_editors_changes(demo, ru):
    course = CoursePage.objects.get(locale=ru, slug="pedagogical-mentoring")
    course.title = "Изменено редактором"
    course.save_revision().publish()
    revisions = Revision.objects.count()

    run_load_demo()

    course.refresh_from_db()
    assert course.title == "Изменено редактором"
    assert Revision.objects.count() == revisions


def test_english_landing_pages(demo, en, ru):
    home = CourseIndexPage.objects.get(locale=en)
    course = CoursePage.objects.get(locale=en)
    assert home.live
    assert course.live
    assert home.title == "Course catalogue"
    assert course.title.startswith("Pedagogical Mentoring")
    assert home.translation_key == CourseIndexPage.objects.get(locale=ru).translation_key
    assert course.get_parent().pk == home.pk
    assert course.hours == CoursePage.objects.get(locale=ru).hours
    assert "наставни" not in course.summary.lower()  # the summary was translated, not copied


def test_english_pages_render(demo, client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert response.context["page"].title == "Course catalogue"
    assert 'lang="en"' in response.content.decode()[:300]
    assert 'href="/en/pedagogical-mentoring/"' in response.content.decode()

    response = client.get("/en/pedagogical-mentoring/")
    assert response.status_code == 200
    assert response.context["page"].title.startswith("Pedagogical Mentoring")
    assert response.context["page"].locale.language_code == "en"
    # The whole course is translated: the English landing page lists the English modules.
    modules = response.context["modules"]
    assert len(modules) >= 8 and all(module.locale.language_code == "en" for module in modules)
    assert response.context["modules_in_other_language"] is None
    assert 'href="/en/pedagogical-mentoring/' in response.content.decode()


def test_every_page_of_the_course_is_in_english(demo, en, ru):
    """The complete course in English: each Russian page has a live English translation with an English title."""
    course = CoursePage.objects.get(locale=ru)
    russian = Page.objects.descendant_of(course, inclusive=True).live().specific()
    assert russian.count() >= 50
    english = {page.translation_key: page for page in Page.objects.filter(locale=en).live()}
    missing = [page.url_path for page in russian if page.translation_key not in english]
    assert missing == []
    titles = [english[page.translation_key].title for page in russian]
    assert [title for title in titles if CYRILLIC.search(title)] == []
    # Not copies: no English page keeps its Russian title.
    assert not {page.title for page in russian} & set(titles)


def test_english_lesson_and_assessment_text_is_english(demo, en):
    lesson = LessonPage.objects.filter(locale=en).live().first()
    assert not CYRILLIC.search(str(lesson.body))
    assessment = AssessmentPage.objects.filter(locale=en, kind="final").get()
    assert not CYRILLIC.search(str(assessment.questions.raw_data))


def test_russian_pages_render(demo, client):
    assert client.get("/ru/").status_code == 200
    response = client.get("/ru/pedagogical-mentoring/")
    assert response.status_code == 200
    assert len(response.context["modules"]) >= 8
    # Course content beyond the landing page is for enrolled learners and staff.
    client.force_login(get_user_model().objects.get(username="editor"))
    for page in [*LessonPage.objects.live(), *CaseStudyPage.objects.live()]:
        assert client.get(page.url).status_code == 200, page.url


def test_demo_content_passes_the_block_validation(demo):
    """What the loader stored must also pass the admin's validation, or editors could not save the pages."""
    for page in LessonPage.objects.all():
        LessonPage.body.field.stream_block.clean(page.body)
    for page in CaseStudyPage.objects.all():
        CaseStudyPage.rubric.field.stream_block.clean(page.rubric)
        assert page.rubric_max_points > 0
    for page in CoursePage.objects.all():
        page.clean()


# The mentors' part --------------------------------------------------------------------------------------------------


def mentors_content() -> dict:
    return json.loads(demo_mentors.CONTENT_FILE.read_text(encoding="utf-8"))


def test_the_registry_page_in_russian_and_english(demo, ru, en):
    text = mentors_content()["registry"]
    registry = MentorRegistryPage.objects.get(locale=ru, slug=text["slug"])
    assert registry.live and registry.title == text["ru"]["title"]
    english = registry.get_translation(en)
    assert english.live and english.title == text["en"]["title"]


def test_the_demo_mentors_are_certified_and_the_listed_reasons_revoked(demo):
    reasons = mentors_content()["revoked"]
    mentors = Certificate.objects.filter(user__username__startswith="mentor-")
    assert mentors.count() == demo_mentors.DEMO_MENTOR_COUNT
    revoked = dict(mentors.filter(status=CertificateStatus.REVOKED).values_list("user__username", "revocation_reason"))
    assert revoked == reasons


def test_learner5_has_the_profile_of_the_content_file(demo):
    filled_in = mentors_content()["learner5_profile"]
    profile = MentorProfile.objects.get(user__username="learner5")
    assert profile.is_published and profile.bio == filled_in["bio"]
    assert profile.models_practised == filled_in["models"]
    assert sorted(profile.format_codes) == sorted(filled_in["formats"])
    assert sorted(profile.subjects.values_list("slug", flat=True)) == sorted(filled_in["subjects"])
