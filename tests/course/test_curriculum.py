"""The curriculum plan of a course (hours per module and per form of work), modules' hours in the read API, the
sources block of a lesson and the editor's note that learners never see."""

from django.contrib.auth import get_user_model

import pytest
from bs4 import BeautifulSoup

from course.blocks import SourcesBlock
from course.models import CaseKind, CoursePage, ModulePage
from tests.factories import CaseStudyPageFactory, LessonPageFactory, ModulePageFactory

pytestmark = pytest.mark.django_db

SOURCE = {
    "title": "Нугуманова Л. Н., Шайхутдинова Г. А. Региональная система наставничества",
    "note": "Пять форматов.",
}


def module_with_hours(course, number, lectures, practice, cases, independent) -> ModulePage:
    return ModulePageFactory(
        parent=course,
        number=number,
        hours_lectures=lectures,
        hours_practice=practice,
        hours_cases=cases,
        hours_independent=independent,
    )


def test_a_modules_hours_are_the_sum_of_its_forms_of_work(course):
    module = module_with_hours(course, 1, 3, 1, 2, 1)

    assert module.estimated_hours == 7
    assert module.hours == 7
    module.hours_cases = 4
    module.save()
    assert ModulePage.objects.get(pk=module.pk).estimated_hours == 9


def test_a_module_without_forms_of_work_keeps_its_own_hours(course):
    module = ModulePageFactory(parent=course, number=1, estimated_hours=5)

    assert module.hours == 5


def test_the_plan_adds_the_modules_the_capstone_and_the_assessments(course):
    course.hours, course.assessment_hours = 20, 2
    course.save()
    module_with_hours(course, 1, 3, 1, 2, 1)
    module_with_hours(course, 2, 3, 1, 4, 1)
    CaseStudyPageFactory(
        parent=course, kind=CaseKind.CAPSTONE, estimated_minutes=90, title="Итоговый проект", slug="capstone"
    )

    plan = course.get_curriculum_plan()

    assert [row.total for row in plan.rows] == [7, 9, 2, 2]
    assert plan.rows[2].title == "Итоговый проект" and plan.rows[2].capstone == 2
    totals = plan.totals
    assert (totals.lectures, totals.practice, totals.cases, totals.independent) == (6, 2, 6, 2)
    assert (totals.capstone, totals.assessment, totals.total) == (2, 2, 20)
    assert plan.adds_up
    course.hours = 72
    assert not course.get_curriculum_plan().adds_up


def test_the_landing_page_shows_the_plan(client, course):
    course.assessment_hours = 2
    course.save_revision().publish()
    module_with_hours(course, 1, 3, 1, 2, 1)

    page = BeautifulSoup(client.get(course.url).content, "html.parser")

    table = page.select_one("section.curriculum-plan table")
    assert table is not None
    cells = [" ".join(cell.get_text().split()) for cell in table.select("tfoot td")]
    assert cells == ["3", "1", "2", "1", "0", "2", "9"]
    # Anonymous visitors do not see the editors' warning that the plan (9) and the course (72) disagree.
    assert not page.select("section.curriculum-plan p.note")


def test_the_read_api_gives_a_modules_hours(client, course):
    module_with_hours(course, 1, 3, 1, 2, 1)

    response = client.get("/api/v2/pages/?type=course.ModulePage&fields=hours,estimated_hours")

    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["hours"] == 7 and item["estimated_hours"] == 7


def test_a_lesson_shows_its_sources_but_never_the_editors_note(client, course):
    module = ModulePageFactory(parent=course, number=1)
    lesson = LessonPageFactory(
        parent=module,
        editor_note="Проверить цифру 640 по статье.",
        body=[
            {"type": "paragraph", "value": "<p>Текст урока.</p>"},
            {"type": "sources", "value": {"title": "", "items": [SOURCE]}},
        ],
    )
    client.force_login(
        get_user_model().objects.create_user(
            username="editor-x", email="editor-x@example.org", password="x", is_staff=True, is_superuser=True
        )
    )

    response = client.get(lesson.url)

    html = response.content.decode()
    assert response.status_code == 200
    page = BeautifulSoup(html, "html.parser")
    assert [cite.get_text() for cite in page.select("section.sources cite")] == [SOURCE["title"]]
    assert "Пять форматов." in page.select_one("section.sources").get_text()
    assert "Проверить цифру 640" not in html
    api = client.get(f"/api/v2/pages/{lesson.pk}/?fields=*").json()
    assert "editor_note" not in api


def test_the_sources_block_has_a_preview_and_validates():
    block = SourcesBlock()

    assert block.meta.preview_value["items"]
    value = block.to_python({"title": "", "items": [SOURCE]})
    block.clean(value)
    assert "Нугуманова" in block.render(value)


def test_a_learners_landing_page_keeps_the_plan_until_the_tree_changes(reader, course):
    """The programme and plan are kept per tree version for signed-in learners (who bypass the page cache): a
    module published since shows at once."""
    module_with_hours(course, 1, 3, 1, 2, 1)

    def footer():
        page = BeautifulSoup(reader.get(course.url).content, "html.parser")
        return [" ".join(cell.get_text().split()) for cell in page.select("section.curriculum-plan tfoot td")]

    assert footer()[-1] == "7"
    module_with_hours(course, 2, 1, 1, 1, 1)
    assert footer()[-1] == "11"


def test_a_preview_shows_the_drafts_plan_not_the_kept_one(client, course):
    module_with_hours(course, 1, 3, 1, 2, 1)
    client.get(course.url)  # the published plan is kept
    draft = CoursePage.objects.get(pk=course.pk)
    draft.assessment_hours = 5

    response = draft.make_preview_request()

    page = BeautifulSoup(response.render().content, "html.parser")
    cells = [" ".join(cell.get_text().split()) for cell in page.select("section.curriculum-plan tfoot td")]
    assert cells[-2:] == ["5", "12"]
