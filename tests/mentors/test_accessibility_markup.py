"""Forms of the mentor pages as assistive technology reads them: groups of choices in a fieldset named by its legend,
their errors tied to the group, and a page title that starts with «Ошибка» when the form came back with errors."""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from course.models import ExpertArea, Subject
from tests.conftest import translate
from tests.mentors.helpers import profile_data, profile_url, request_data

pytestmark = pytest.mark.django_db

GROUPS = ("subjects", "expert_areas", "formats", "models_practised")


def page_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def title(response) -> str:
    return page_of(response).title.get_text(strip=True)


def test_the_editors_groups_of_checkboxes_are_fieldsets_with_their_errors_tied(client, certified):
    Subject.objects.create(name="Математика", name_en="Mathematics", slug="mathematics")
    ExpertArea.objects.create(name="Инклюзия", name_en="Inclusion", slug="inclusion")
    response = client.post(reverse("mentors:mentor_profile"), profile_data(formats=[]))
    assert response.status_code == 400
    page = page_of(response)
    form = response.context["form"]
    for name in GROUPS:
        group = page.find("input", attrs={"name": name}).find_parent("fieldset")
        assert group is not None, name
        assert group.legend.get_text(" ", strip=True).startswith(str(form[name].label)), name
    formats = page.find("input", attrs={"name": "formats"}).find_parent("fieldset")
    described = formats["aria-describedby"].split()
    assert "id_formats_error" in described
    assert page.find(id="id_formats_error").get_text(strip=True) == form.errors["formats"][0]
    # A group with neither help nor errors is described by nothing.
    models = page.find("input", attrs={"name": "models_practised"}).find_parent("fieldset")
    assert not models.has_attr("aria-describedby")
    assert title(response).startswith("Ошибка: ")


def test_the_editor_without_errors_has_its_plain_title(client, certified):
    assert not title(client.get(reverse("mentors:mentor_profile"))).startswith("Ошибка")


def test_the_request_form_with_errors_says_so_in_the_title(client, registry, mentor, place):
    assert not title(client.get(profile_url(registry, mentor))).startswith("Ошибка")
    response = client.post(profile_url(registry, mentor), request_data(place, consent=""))
    assert response.status_code == 400
    assert title(response).startswith(f"Ошибка: {mentor.display_name}")


def test_the_certificate_look_up_with_errors_says_so_in_the_title(client):
    assert not title(client.get(reverse("mentors:certificate_lookup"))).startswith("Ошибка")
    assert title(client.get(reverse("mentors:certificate_lookup"), {"number": "НЕТ"})).startswith("Ошибка: ")


def test_a_russian_bio_and_organisation_on_the_english_registry_are_marked_russian(
    client, registry, en_home, en, make_mentor
):
    mentor = make_mentor(display_name="Сафина Алсу", formats=["adaptive"])
    mentor.bio = "<p>Двенадцать лет работаю наставником.</p>"
    mentor.save()
    english = translate(registry, en, "Mentor registry")
    listing = page_of(client.get(english.url, {"q": "наставником"}))  # the bio matched: its excerpt is shown
    assert listing.find("span", string="МБОУ «Гимназия № 1»")["lang"] == "ru"
    assert listing.select_one(".mentor-card__excerpt span[lang=ru]").get_text(strip=True).startswith("Двенадцать")
    profile = page_of(client.get(f"{english.url}{mentor.slug}/"))
    assert profile.select_one(".mentor-profile__bio")["lang"] == "ru"
    assert not page_of(client.get(f"{registry.url}{mentor.slug}/")).select_one(".mentor-profile__bio").has_attr("lang")
