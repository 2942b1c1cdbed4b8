"""The editor's admin (issue 12): fixed reference codes, a Russian admin for the demo staff, translations as drafts."""

from django.urls import reverse

from wagtail.users.models import UserProfile
from wagtail_localize.operations import translate_object

import pytest
from bs4 import BeautifulSoup

from course.models import Competency
from demo.course import DemoReport, ensure_users
from tests.factories import CompetencyFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


def _url(action: str, *args) -> str:
    return reverse(f"wagtailsnippets_course_competency:{action}", args=args)


def test_a_competencys_code_is_read_only_once_created(client, superuser, ru):
    competency = CompetencyFactory(code="expert", name="Экспертная", locale=ru)
    client.force_login(superuser)
    response = client.get(_url("edit", competency.pk))
    assert response.status_code == 200
    assert response.context["form"].fields["code"].disabled
    response = client.post(_url("edit", competency.pk), {"code": "project", "name": "Экспертная компетенция"})
    assert response.status_code == 302
    competency.refresh_from_db()
    assert competency.code == "expert" and competency.name == "Экспертная компетенция"


def test_a_code_already_used_is_a_form_error_not_a_500(client, superuser, ru):
    CompetencyFactory(code="expert", name="Экспертная", locale=ru)
    client.force_login(superuser)
    response = client.post(_url("add") + "?locale=ru", {"code": "expert", "name": "Ещё одна"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert Competency.objects.filter(code="expert").count() == 1
    response = client.post(_url("add") + "?locale=ru", {"code": "research", "name": "Исследовательская"})
    assert response.status_code == 302 and Competency.objects.filter(code="research").exists()


def test_the_demo_staff_have_the_russian_admin_preferred(db):
    ensure_users(password="demo-secret", report=DemoReport())
    for username in ("admin", "editor", "reviewer"):
        assert UserProfile.objects.get(user__username=username).preferred_language == "ru"


def test_starting_a_translation_leaves_a_draft_not_a_live_copy(course, en_home, en):
    translate_object(course, [en])
    translation = course.get_translation(en)
    assert not translation.live


@pytest.mark.parametrize(
    ("model", "label"),
    [
        ("competency", "Добавить компетенцию"),
        ("mentoringformat", "Добавить формат наставничества"),
        ("municipality", "Добавить муниципальное образование"),
        ("expertarea", "Добавить область экспертизы"),
    ],
)
def test_the_add_buttons_are_grammatical_russian(client, superuser, ru, model, label):
    client.force_login(superuser)
    body = client.get(reverse(f"wagtailsnippets_course_{model}:list")).content.decode()
    assert label in body
    assert "Добавить компетенция" not in body


def test_the_translation_screen_explains_its_options_in_russian(client, superuser, course, en):
    client.force_login(superuser)

    response = client.get(f"/admin/localize/submit/page/{course.pk}/")

    assert response.status_code == 200
    help_text = BeautifulSoup(response.content, "html.parser").select_one(".translation-help").get_text(" ")
    assert "Как создаётся перевод" in help_text
    assert "черновик" in help_text
    assert response.context["form"].fields["locales"]  # wagtail-localize's own form is still there


def test_the_explorer_lists_a_course_and_a_module_in_the_programmes_order(client, superuser, course, module):
    """Not the most recently edited first (Wagtail's default): the order learners follow, which editors drag."""
    lessons = [LessonPageFactory(parent=module, slug=f"lesson-{n}", title=f"Урок {n}") for n in (1, 2, 3)]
    lessons[0].save_revision().publish()
    lessons[1].save_revision().publish()  # the middle one edited last
    client.force_login(superuser)

    for parent, children in ((module, lessons), (course, [module])):
        response = client.get(reverse("wagtailadmin_explore", args=[parent.pk]))
        listed = [page.pk for page in response.context["pages"]]
        assert listed == [child.pk for child in children]
