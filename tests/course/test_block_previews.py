"""Every block an editor picks from a StreamField's menu of the plugin's pages has a description and a preview that
Wagtail's block-preview view renders, from a value that passes the block's own validation."""

from django.urls import reverse

from wagtail.blocks import StreamBlock

import pytest

from assessments.models import AssessmentPage
from course.models import CaseStudyPage, CoursePage, LessonPage, ModulePage
from tests.factories import UserFactory

PAGES = [CoursePage, ModulePage, LessonPage, CaseStudyPage, AssessmentPage]
# A single-block field has no menu (its "+" adds the block at once), so there is nothing to preview.
MENUS = [
    (f"{page.__name__}.{field.name}", name, child)
    for page in PAGES
    for field in page._meta.get_fields()
    if isinstance(getattr(field, "stream_block", None), StreamBlock) and len(field.stream_block.child_blocks) > 1
    for name, child in field.stream_block.child_blocks.items()
]


def test_the_menus_are_found():
    assert {menu for menu, _, _ in MENUS} == {
        "LessonPage.body",
        "CaseStudyPage.rubric",
        "AssessmentPage.questions",
    } - {
        "CaseStudyPage.rubric"  # one criterion block only
    }


@pytest.mark.parametrize(("menu", "name", "block"), MENUS, ids=[f"{menu}.{name}" for menu, name, _ in MENUS])
def test_every_block_of_a_menu_is_described_and_previewable(menu, name, block):
    assert block.is_previewable
    assert str(block.get_description()).strip()


@pytest.mark.django_db
@pytest.mark.parametrize(("menu", "name", "block"), MENUS, ids=[f"{menu}.{name}" for menu, name, _ in MENUS])
def test_the_preview_value_is_valid_and_renders(client, menu, name, block):
    value = block.normalize(block.get_preview_value())
    if name not in {"image", "document", "video"}:  # no file or embed in an empty library: the rest still renders
        block.clean(value)  # raises on an invalid value
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/lms.css" in html  # the site's styles, through the plugin's template of the same name
    text = next(iter(value.values())) if hasattr(value, "values") else value
    if isinstance(text, str) and name != "paragraph":
        assert text in html


def test_the_rubric_criterion_has_a_valid_preview_too():
    block = CaseStudyPage._meta.get_field("rubric").stream_block.child_blocks["criterion"]
    assert block.get_description()
    block.clean(block.normalize(block.get_preview_value()))
