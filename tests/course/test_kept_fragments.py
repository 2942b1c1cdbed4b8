"""The parts of a page that are the same for everyone are kept rendered (``{% keep %}`` in ``course_tags``): the
course's description, facts, plan and bibliography, a module's header and objectives, a case's situation and rubric.
An edit published shows at once, a preview shows the draft and keeps nothing, and nothing of one visitor's reaches
another."""

from django.contrib.auth import get_user
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from course.models import CaseStudyPage, CoursePage, Enrolment, LessonCompletion, ModulePage
from tests.factories import CaseStudyPageFactory, CompetencyFactory, ModulePageFactory, UserFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    assert response.status_code == 200
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def test_a_course_description_published_shows_at_once(reader, course):
    assert "Новое описание курса" not in text_of(reader.get(course.url))
    course.summary = "<p>Новое описание курса</p>"
    course.save_revision().publish()
    assert "Новое описание курса" in text_of(reader.get(course.url))


def test_a_preview_shows_the_draft_and_keeps_nothing(reader, course, module):
    reader.get(course.url)
    reader.get(module.url)
    draft = CoursePage.objects.get(pk=course.pk)
    draft.summary = "<p>Черновик описания</p>"
    assert "Черновик описания" in text_of(draft.make_preview_request().render())
    module_draft = ModulePage.objects.get(pk=module.pk)
    module_draft.objectives = [{"type": "objective", "value": "Цель из черновика"}]
    assert "Цель из черновика" in text_of(module_draft.make_preview_request().render())

    assert "Черновик описания" not in text_of(reader.get(course.url))
    assert "Цель из черновика" not in text_of(reader.get(module.url))


def test_a_module_renamed_and_its_objectives_changed_show_at_once(reader, module):
    reader.get(module.url)
    module.title = "Модуль после правки"
    module.objectives = [{"type": "objective", "value": "Новая цель модуля"}]
    module.save_revision().publish()
    text = text_of(reader.get(module.url))
    assert "Модуль после правки" in text
    assert "Новая цель модуля" in text


def test_a_case_situation_changed_shows_at_once(reader, module):
    case = CaseStudyPageFactory(parent=module)
    assert "Учитель сменил школу" not in text_of(reader.get(case.url))
    case = CaseStudyPage.objects.get(pk=case.pk)
    case.situation = "<p>Учитель сменил школу.</p>"
    case.save_revision().publish()
    assert "Учитель сменил школу" in text_of(reader.get(case.url))


def test_the_editors_note_on_the_plan_is_neither_kept_nor_shown_to_learners(reader, course, superuser):
    ModulePageFactory(parent=course, number=1, hours_lectures=3)  # the plan does not add up to the course's hours
    editor = Client(headers={"Accept-Language": "ru"})
    editor.force_login(superuser)

    def shows_note(client) -> bool:
        return "для редакторов" in text_of(client.get(course.url)).lower()

    assert shows_note(editor)
    assert not shows_note(reader)
    assert shows_note(editor)


def test_keep_takes_one_quoted_name():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load course_tags %}{% keep name %}x{% endkeep %}")
    assert Template('{% load course_tags %}{% keep "x" %}plain{% endkeep %}').render(Context({})) == "plain"


def states_on(client, url) -> str:
    page = BeautifulSoup(client.get(url).content, "html.parser")
    return " ".join(
        " ".join(element.get_text().split()) for element in page.select(".item-list .state, .module-list .state")
    )


@pytest.mark.parametrize("where", ["module", "course"])
def test_a_lesson_done_shows_at_once_and_only_to_its_learner(reader, course, module, lesson, where):
    """The module's list and the course's programme show the learner's states and are kept per learner version."""
    url = module.url if where == "module" else course.url
    learner = get_user(reader)
    before = states_on(reader, url)
    LessonCompletion.objects.record(learner, lesson)
    after = states_on(reader, url)
    assert after != before
    assert ("Выполнено" if where == "module" else "Пройден") in after

    other = UserFactory(username="kept-other")
    Enrolment.objects.create(user=other, course=course)
    other_client = Client()
    other_client.force_login(other)
    assert states_on(other_client, url) == before


def test_a_competency_renamed_shows_at_once_with_the_outcomes(reader, course, ru):
    """The outcomes show the competency snippets' names and are kept with the page: a competency saved bumps the tree
    version (``course.receivers``)."""
    competency = CompetencyFactory(code="expert", name="Экспертная", locale=ru)
    course.outcomes = [{"type": "outcome", "value": {"competency": "expert", "text": "Анализирует уроки."}}]
    course.save_revision().publish()
    assert "Экспертная" in text_of(reader.get(course.url))

    competency.name = "Экспертно-аналитическая"
    competency.save()
    assert "Экспертно-аналитическая" in text_of(reader.get(course.url))
