"""What the editor's "add a page" menu says and allows: every page type of the plugin describes itself, and the pages
that exist once per parent cannot be added twice. A second catalogue stays possible (another site's root)."""

from django.apps import apps

from wagtail.models import Page

import pytest

from mentors.models import MentorRegistryPage
from tests.factories import CourseIndexPageFactory
from tests.mentors.factories import MentorRegistryPageFactory

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
def test_one_registry_in_a_catalogue(ru):
    catalogue = CourseIndexPageFactory(parent=Page.get_first_root_node(), locale=ru)
    assert MentorRegistryPage.can_create_at(catalogue)  # an editor can add the registry where it belongs
    MentorRegistryPageFactory(parent=catalogue)
    assert not MentorRegistryPage.can_create_at(catalogue)
