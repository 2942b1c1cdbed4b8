"""What the editor's "add a page" menu says and allows: every page type of the plugin describes itself, and the pages
that exist once per parent cannot be added twice (the registry, ``max_count_per_parent = 1``, sits under the
catalogue by the page tree's declaration)."""

from django.apps import apps

from wagtail.models import Page

import pytest

from course.models import CourseIndexPage
from tests.factories import CourseIndexPageFactory

PLUGIN_PAGES = [
    model
    for app in ("course", "assessments", "mentors")
    for model in apps.get_app_config(app).get_models()
    if issubclass(model, Page)
]


def test_the_plugin_pages_are_found():
    assert {model.__name__ for model in PLUGIN_PAGES} >= {"CourseIndexPage", "MentorRegistryPage", "AssessmentPage"}


@pytest.mark.parametrize("model", PLUGIN_PAGES, ids=lambda model: model.__name__)
def test_every_page_type_describes_itself(model):
    assert "page_description" in vars(model)  # its own, not one inherited from a sibling type
    assert str(model.get_page_description()).strip()


@pytest.mark.django_db
def test_one_catalogue_under_the_root(ru):
    root = Page.get_first_root_node()
    assert CourseIndexPage.can_create_at(root)
    CourseIndexPageFactory(parent=root, locale=ru)
    assert not CourseIndexPage.can_create_at(root)
