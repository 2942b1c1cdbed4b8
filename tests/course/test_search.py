"""Wagtail search over the course pages; on PostgreSQL with the Russian text-search configuration."""

from django.db import connection

import pytest

from course.models import LessonPage
from tests.factories import LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Russian morphology comes from PostgreSQL's text search")
@pytest.mark.parametrize("query", ["наставник", "наставника", "наставникам", "наставником"])
def test_search_finds_every_form_of_a_word(module, query):
    wanted = LessonPageFactory(parent=module, title="Кто может стать наставником", slug="who-can-mentor")
    LessonPageFactory(parent=module, title="Цифровые инструменты учителя", slug="digital-tools")

    found = list(LessonPage.objects.live().search(query))

    assert [page.pk for page in found] == [wanted.pk]


def test_search_of_an_absent_word_finds_nothing(module):
    LessonPageFactory(parent=module, title="Кто может стать наставником", slug="who-can-mentor")

    assert list(LessonPage.objects.live().search("биохимия")) == []
