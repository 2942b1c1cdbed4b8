"""The learner's profile: editing personal details, a unique e-mail, the password change, and bad input."""

from django.contrib.auth import authenticate
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

import pytest
from bs4 import BeautifulSoup

from accounts.consent import CONSENT_VERSION
from accounts.models import User
from course.models import LearnerProfile
from tests.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = "/ru/accounts/profile/"
NEW_PASSWORD = "Volga-bridge-at-noon-2026"


@pytest.fixture
def municipality():
    return MunicipalityFactory(name="Казань", slug="kazan")


@pytest.fixture
def learner(client, user, municipality):
    LearnerProfile.objects.create(
        user=user, patronymic="Ринатовна", organisation="Гимназия № 1", position="teacher", municipality=municipality
    )
    client.force_login(user)
    return user


def details(user) -> LearnerProfile:
    return LearnerProfile.objects.get(user=user)


@pytest.fixture
def data(learner, municipality):
    return {
        "email": "learner@example.org",
        "last_name": "Гарипова",
        "first_name": "Алсу",
        "patronymic": "Ринатовна",
        "organisation": "Гимназия № 1",
        "position": "teacher",
        "municipality": str(municipality.pk),
    }


def errors_of(response) -> dict:
    """The form's errors by field, in the language of the response (lazy messages are translated when read)."""
    assert response.status_code == 200
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return {field: [str(error) for error in errors] for field, errors in response.context["form"].errors.items()}


def in_russian(message: str) -> str:
    """A message of the app as the /ru/ pages show it."""
    with translation.override("ru"):
        return gettext(message)


def test_the_url_is_the_public_one():
    assert reverse("accounts:profile") == PROFILE_URL


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"] == "/ru/accounts/login/?next=/ru/accounts/profile/"


def test_anonymous_posts_change_nothing(client, user):
    response = client.post(PROFILE_URL, {"email": "hijack@example.org"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "Learner@Example.org"


def test_shows_the_current_details_with_labels(client, learner):
    page = BeautifulSoup(client.get(PROFILE_URL).content, "html.parser")
    form = page.select_one("main form")
    assert form.select_one("input[name=email]")["value"] == "Learner@Example.org"
    assert form.select_one("input[name=patronymic]")["value"] == "Ринатовна"
    assert form.select_one("select[name=municipality] option[selected]").get_text() == "Казань"
    for element in form.select("input:not([type=hidden]), select"):
        assert form.select_one(f"label[for={element['id']}]"), element["name"]
    assert not form.select("input[type=password], input[name=consent]")
    assert page.select_one("main a[href='/ru/accounts/password_change/']")


def test_shows_when_the_consent_was_given(client, learner):
    LearnerProfile.objects.filter(user=learner).update(
        personal_data_consent_at=timezone.now(), personal_data_consent_version=CONSENT_VERSION
    )
    assert (
        CONSENT_VERSION
        in BeautifulSoup(client.get(PROFILE_URL).content, "html.parser").select_one(".account-consent").get_text()
    )


def test_saves_the_details_with_a_message(client, learner, data):
    other_place = MunicipalityFactory(name="Набережные Челны")
    response = client.post(
        PROFILE_URL,
        {**data, "organisation": "Лицей № 2", "position": "head", "municipality": other_place.pk, "patronymic": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    saved = details(learner)
    assert (saved.organisation, saved.position, saved.municipality) == ("Лицей № 2", "head", other_place)
    assert saved.patronymic == ""
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        in_russian("Your profile has been saved.")
    ]


def test_an_email_change_keeps_a_username_that_is_the_email_in_step(client, data):
    person = UserFactory(username="teacher@example.org", email="teacher@example.org")
    client.force_login(person)
    assert client.post(PROFILE_URL, {**data, "email": "New.Address@Example.org"}).status_code == 302
    person.refresh_from_db()
    assert (person.email, person.username) == ("New.Address@example.org", "new.address@example.org")
    # The old address is free for somebody else, and it no longer leads into this account.
    somebody = UserFactory(username="somebody", email="teacher@example.org")
    assert authenticate(HttpRequest(), username="teacher@example.org", password=TEST_PASSWORD) == somebody


def test_an_email_change_keeps_a_chosen_username(client, learner, data):
    assert client.post(PROFILE_URL, {**data, "email": "alsu@example.org"}).status_code == 302
    learner.refresh_from_db()
    assert (learner.email, learner.username) == ("alsu@example.org", "learner")


@pytest.mark.parametrize("email", ["other@example.org", "OTHER@Example.ORG"])
def test_refuses_another_persons_email(client, learner, data, email):
    UserFactory(email="Other@example.org")
    response = client.post(PROFILE_URL, {**data, "email": email, "organisation": "Лицей № 2"})
    assert errors_of(response)["email"] == [in_russian("An account with this e-mail already exists.")]
    learner.refresh_from_db()
    assert (learner.email, details(learner).organisation) == ("Learner@Example.org", "Гимназия № 1")


def test_a_change_of_case_in_the_own_email_is_fine(client, learner, data):
    assert client.post(PROFILE_URL, {**data, "email": "LEARNER@example.org"}).status_code == 302
    learner.refresh_from_db()
    assert learner.email == "LEARNER@example.org"


def test_a_rejected_form_does_not_show_in_the_header(client, learner, data, home):
    response = client.post(PROFILE_URL, {**data, "first_name": "Подмена", "email": "bad"})
    assert response.status_code == 200
    header = BeautifulSoup(response.content, "html.parser").select_one("header")
    assert "Подмена" not in header.get_text()
    assert "Алсу" in header.get_text()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"municipality": "abc"}, "municipality"),
        ({"municipality": ""}, "municipality"),
        ({"municipality": "99999999999999999999999"}, "municipality"),
        ({"position": "king"}, "position"),
        ({"email": ""}, "email"),
        ({"first_name": ""}, "first_name"),
        ({"organisation": "Ш" * 100_000}, "organisation"),
    ],
)
def test_bad_input_is_a_form_error_and_changes_nothing(client, learner, data, change, field):
    response = client.post(PROFILE_URL, {**data, "last_name": "Новая", **change})
    assert list(errors_of(response)) == [field]
    learner.refresh_from_db()
    assert learner.last_name == "Гарипова"


def test_an_empty_post_is_a_form_error(client, learner):
    assert set(errors_of(client.post(PROFILE_URL, {}))) == {
        "email",
        "last_name",
        "first_name",
        "organisation",
        "position",
        "municipality",
    }


def test_a_10_mb_field_is_a_bad_request_not_a_crash(client, learner, data):
    response = client.post(PROFILE_URL, {**data, "organisation": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 400
    assert details(learner).organisation == "Гимназия № 1"


def test_the_profile_edits_only_the_own_account(client, learner, data):
    other = UserFactory(email="other@example.org", first_name="Другой")
    client.post(PROFILE_URL, {**data, "first_name": "Новое", "id": other.pk, "pk": other.pk, "is_staff": "on"})
    other.refresh_from_db()
    learner.refresh_from_db()
    assert other.first_name == "Другой"
    assert learner.first_name == "Новое"
    assert not learner.is_staff


class TestPasswordChange:
    URL = "/ru/accounts/password_change/"

    def test_needs_a_login(self, client):
        response = client.get(self.URL)
        assert response["Location"] == f"/ru/accounts/login/?next={self.URL}"

    def test_changes_the_password_and_keeps_the_session(self, client, learner):
        page = BeautifulSoup(client.get(self.URL).content, "html.parser")
        assert page.select_one("input[name=old_password]")["autocomplete"] == "current-password"
        assert page.select_one("input[name=new_password1]")["autocomplete"] == "new-password"
        response = client.post(
            self.URL,
            {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert response["Location"] == "/ru/accounts/password_change/done/"
        assert client.get(response["Location"]).status_code == 200
        assert User.objects.get(pk=learner.pk).check_password(NEW_PASSWORD)
        assert client.get(PROFILE_URL).status_code == 200

    def test_a_wrong_old_password_is_refused(self, client, learner):
        response = client.post(
            self.URL, {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
        assert "old_password" in errors_of(response)
        assert User.objects.get(pk=learner.pk).check_password(TEST_PASSWORD)
