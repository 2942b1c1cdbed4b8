"""A translated course is read in its language and taught as its original: enrolment, progress and records count on
the default-language pages (``course.progress.taught_page``)."""

from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from assessments.models import CaseSubmission
from course.models import LessonCompletion
from course.progress import course_of, taught_page
from course.templatetags.course_tags import in_its_language
from tests.conftest import translate
from tests.factories import ModulePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(en_course, module, lesson, case_study, en):
    en_module = translate(module, en, "Mentoring as a technology")
    return {
        "course": en_course,
        "module": en_module,
        "lesson": translate(lesson, en, "What mentoring is"),
        "case": translate(case_study, en, "A young teacher and the parents"),
    }


def test_a_translated_page_is_taught_as_its_original(english, course, lesson):
    assert course_of(english["lesson"]).pk == course.pk
    assert taught_page(english["lesson"]).pk == lesson.pk
    assert taught_page(lesson).pk == lesson.pk


def test_an_enrolled_learner_reads_the_english_pages(reader, english):
    for page in ("course", "module", "lesson", "case"):
        response = reader.get(english[page].url)
        assert response.status_code == 200, page
        assert response.context["page"].locale.language_code == "en"


def test_the_english_module_lists_its_english_pages(reader, english):
    items = reader.get(english["module"].url).context["items"]
    assert [item.pk for item in items] == [english["lesson"].pk, english["case"].pk]


def test_a_lesson_done_in_english_counts_on_the_original(reader, english, lesson):
    reader.post(english["lesson"].url + "done/")
    assert LessonCompletion.objects.filter(lesson=lesson).count() == 1
    assert not LessonCompletion.objects.filter(lesson=english["lesson"]).exists()


def test_an_analysis_sent_from_the_english_case_is_the_originals(reader, english, case_study):
    response = reader.post(
        reverse("assessments:case_analysis", args=[english["case"].pk]), {"analysis": "Черновик", "action": "save"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(english["case"].url)
    assert CaseSubmission.objects.get().case_id == case_study.pk
    assert "Черновик" in reader.get(english["case"].url).content.decode()


def test_a_module_locked_in_russian_is_locked_in_english(reader, course, english, en):
    second = ModulePageFactory(parent=course, title="Второй модуль", slug="module-2", number=2)
    en_second = translate(second, en, "Second module")
    assert reader.get(second.url).status_code == reader.get(en_second.url).status_code


def test_the_outline_of_an_english_page_leads_within_the_english_course(reader, english, module, lesson):
    html = reader.get(english["lesson"].url).content.decode()
    outline = html[html.index('class="course-outline"') :]
    assert f'href="{english["module"].url}"' in outline and "Mentoring as a technology" in outline
    assert f'href="{module.url}"' not in outline and module.title not in outline
    assert 'aria-current="page">What mentoring is' in outline.replace("\n", "")


def test_the_english_landing_page_shows_the_learners_module_states(reader, english):
    states = reader.get(english["course"].url).context["module_states"]
    assert list(states) == [english["module"].pk]


def test_a_russian_title_on_an_english_page_is_marked_russian(reader, course):
    # The dashboard names the course the learner enrolled in, the Russian original: on an English page its title is
    # in lang="ru" (WCAG 3.1.2); on a Russian page it needs nothing.
    english = BeautifulSoup(reader.get("/en/dashboard/").content, "html.parser")
    marked = english.select_one("main").find("span", string=course.title)
    assert marked is not None and marked["lang"] == "ru"
    russian = BeautifulSoup(reader.get("/ru/dashboard/").content, "html.parser")
    assert not russian.select_one("main").select('span[lang="ru"]')


def test_in_its_language_escapes_and_marks_only_russian_on_other_pages():
    with translation.override("en"):
        assert in_its_language("<b>Наставник</b>") == '<span lang="ru">&lt;b&gt;Наставник&lt;/b&gt;</span>'
        assert in_its_language("Mentoring") == "Mentoring"
    with translation.override("ru"):
        assert in_its_language("Наставник") == "Наставник"
