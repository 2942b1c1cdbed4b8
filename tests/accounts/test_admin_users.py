"""The Wagtail admin's user screens edit the learner's details, which the plugin keeps in its learner profile."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bs4 import BeautifulSoup

from accounts.models import User
from course.models import LearnerProfile
from tests.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory

PASSWORD = "Volga-bridge-at-noon-2026"


def account_fields(**changes) -> dict:
    return {
        "username": "alsu",
        "email": "alsu@example.org",
        "first_name": "Алсу",
        "last_name": "Сафина",
        "patronymic": "Ринатовна",
        "organisation": "Гимназия № 7",
        "position": "deputy_head",
        "is_active": "on",
        **changes,
    }


def test_staff_create_an_account_with_the_learners_details(client, superuser):
    place = MunicipalityFactory(name="Казань")
    client.force_login(superuser)
    data = account_fields(municipality=place.pk, password1=PASSWORD, password2=PASSWORD)
    response = client.post(reverse("wagtailusers_users:add"), data)
    assert response.status_code == 302
    learner = LearnerProfile.objects.get(user__username="alsu")
    assert (learner.patronymic, learner.organisation, learner.position, learner.municipality) == (
        "Ринатовна",
        "Гимназия № 7",
        "deputy_head",
        place,
    )
    # Staff record no consent on the person's behalf.
    assert learner.personal_data_consent_at is None
    assert User.objects.get(username="alsu").get_full_name() == "Сафина Алсу Ринатовна"


def test_staff_edit_the_details_shown_from_the_learner_profile(client, superuser):
    place, other = MunicipalityFactory(name="Казань"), MunicipalityFactory(name="Набережные Челны")
    alsu = UserFactory(username="alsu", email="alsu@example.org", patronymic="Ринатовна", municipality=place)
    client.force_login(superuser)
    edit_url = reverse("wagtailusers_users:edit", args=[alsu.pk])
    form = BeautifulSoup(client.get(edit_url).content, "html.parser")
    assert form.select_one("input[name=patronymic]")["value"] == "Ринатовна"
    assert form.select_one("select[name=municipality] option[selected]")["value"] == str(place.pk)
    response = client.post(edit_url, account_fields(municipality=other.pk, patronymic=""))
    assert response.status_code == 302
    learner = LearnerProfile.objects.get(user=alsu)
    assert (learner.patronymic, learner.organisation, learner.municipality) == ("", "Гимназия № 7", other)
    assert LearnerProfile.objects.count() == 1
    assert User.objects.get(pk=alsu.pk).check_password(TEST_PASSWORD)


def test_the_users_listing_reads_the_patronymics_with_the_users(client, superuser):
    client.force_login(superuser)
    listing = reverse("wagtailusers_users:index")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(listing).status_code == 200
        return len(captured)

    UserFactory(last_name="Сафина", first_name="Алсу", patronymic="Ринатовна")
    client.get(listing)
    one = queries()
    for number in range(3):
        UserFactory(last_name=f"Фамилия{number}", patronymic="Ильдаровна")
    assert queries() == one
    assert "Сафина Алсу Ринатовна" in client.get(listing).content.decode()
