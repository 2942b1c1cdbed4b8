"""Signing up: the form, the consent to personal-data processing, the redirect after it and bad input."""

from datetime import timedelta

from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

import pytest
from bs4 import BeautifulSoup

from accounts.consent import CONSENT_TEXT, CONSENT_VERSION
from accounts.models import User
from accounts.services import username_for_email
from course.models import Enrolment
from course.services import learner_profile
from tests.factories import CoursePageFactory, MunicipalityFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/ru/accounts/signup/"
PASSWORD = "Blue-lantern-over-Kazan-42"


def default_redirect() -> str:
    """Where a login or sign-up without ``next`` leads (a setting the dashboard's owner may change)."""
    return resolve_url(django_settings.LOGIN_REDIRECT_URL)


@pytest.fixture
def municipality():
    return MunicipalityFactory(name="Казань", name_en="Kazan", slug="kazan")


@pytest.fixture
def data(municipality):
    return {
        "email": "Teacher@School.example.org",
        "last_name": "Гарипова",
        "first_name": "Алсу",
        "patronymic": "Ринатовна",
        "organisation": "Гимназия № 1",
        "position": "teacher",
        "municipality": str(municipality.pk),
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
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


def welcome(name: str) -> str:
    with translation.override("ru"):
        return gettext("Welcome, %(name)s! Your account has been created.") % {"name": name}


def test_the_url_is_the_public_one():
    assert reverse("accounts:signup") == SIGNUP_URL


class TestForm:
    def test_every_input_has_a_label_and_the_autocomplete_purpose(self, client, municipality):
        page = BeautifulSoup(client.get(SIGNUP_URL).content, "html.parser")
        form = page.select_one("main form")
        inputs = form.select("input:not([type=hidden]), select")
        assert len(inputs) == 10
        for element in inputs:
            assert form.select_one(f"label[for={element['id']}]"), element["name"]
        autocomplete = {element["name"]: element.get("autocomplete") for element in inputs}
        assert autocomplete["email"] == "email"
        assert autocomplete["first_name"] == "given-name"
        assert autocomplete["last_name"] == "family-name"
        assert autocomplete["password1"] == autocomplete["password2"] == "new-password"

    def test_required_fields_are_marked_and_patronymic_is_optional(self, client, municipality):
        form = BeautifulSoup(client.get(SIGNUP_URL).content, "html.parser").select_one("main form")
        required = {element["name"] for element in form.select("[required]")}
        assert required == {
            "email",
            "last_name",
            "first_name",
            "organisation",
            "position",
            "municipality",
            "password1",
            "password2",
            "consent",
        }

    def test_consent_is_not_ticked_and_its_text_is_on_the_page(self, client, municipality):
        page = BeautifulSoup(client.get(SIGNUP_URL).content, "html.parser")
        checkbox = page.select_one("input[name=consent]")
        assert checkbox["type"] == "checkbox"
        assert not checkbox.has_attr("checked")
        shown = page.select_one(".consent-box").get_text()
        paragraphs = in_russian(str(CONSENT_TEXT)).split("\n\n")
        assert len(paragraphs) == 5
        for paragraph in paragraphs:
            assert paragraph in shown
        # The site is Russian first: the consent on the /ru/ page is the Russian text of the law's terms.
        assert "152-ФЗ" in shown
        assert page.select_one(f"a[href='{reverse('accounts:consent')}']")

    def test_municipalities_are_grouped_by_region(self, client):
        tatarstan = RegionFactory(name="Республика Татарстан", slug="tatarstan")
        bashkortostan = RegionFactory(name="Республика Башкортостан", slug="bashkortostan")
        MunicipalityFactory(region=tatarstan, name="Казань")
        MunicipalityFactory(region=tatarstan, name="Альметьевский район")
        MunicipalityFactory(region=bashkortostan, name="Уфа")
        select = BeautifulSoup(client.get(SIGNUP_URL).content, "html.parser").select_one("select[name=municipality]")
        groups = {
            group["label"]: [option.get_text() for option in group.select("option")]
            for group in select.select("optgroup")
        }
        assert groups == {
            "Республика Башкортостан": ["Уфа"],
            "Республика Татарстан": ["Альметьевский район", "Казань"],
        }
        assert select.select_one("option")["value"] == ""

    def test_english_page_names_municipalities_in_english(self, client, municipality):
        page = BeautifulSoup(client.get("/en/accounts/signup/").content, "html.parser")
        assert page.html["lang"] == "en"
        assert "Kazan" in [option.get_text() for option in page.select("select[name=municipality] option")]

    def test_consent_page_shows_the_text_and_version(self, client):
        response = client.get("/ru/accounts/consent/")
        assert response.status_code == 200
        assert CONSENT_VERSION in response.content.decode()


class TestHappyPath:
    def test_creates_the_account_with_the_consent_and_logs_in(self, client, data, municipality):
        before = timezone.now()
        response = client.post(SIGNUP_URL, data)
        assert response.status_code == 302
        assert response["Location"] == default_redirect()
        user = User.objects.get()
        assert user.email == "Teacher@school.example.org"  # the domain is normalised, the local part kept
        assert user.username == "teacher@school.example.org"
        learner = user.learner
        assert (user.last_name, user.first_name, learner.patronymic) == ("Гарипова", "Алсу", "Ринатовна")
        assert (learner.organisation, learner.position, learner.municipality) == (
            "Гимназия № 1",
            "teacher",
            municipality,
        )
        assert before <= learner.personal_data_consent_at <= timezone.now()
        assert learner.personal_data_consent_version == CONSENT_VERSION
        assert user.check_password(PASSWORD)
        assert not user.is_staff
        assert int(client.session["_auth_user_id"]) == user.pk
        assert [str(message) for message in get_messages(response.wsgi_request)] == [welcome("Алсу Ринатовна")]

    def test_the_new_account_logs_in_with_its_email(self, client, data):
        client.post(SIGNUP_URL, data)
        client.logout()
        assert client.login(request=HttpRequest(), username="teacher@school.example.org", password=PASSWORD)

    def test_the_welcome_message_is_shown_on_the_next_page(self, client, data, home):
        response = client.post(SIGNUP_URL, data, follow=True)
        assert response.status_code == 200
        messages = BeautifulSoup(response.content, "html.parser").select_one(".messages")
        assert welcome("Алсу Ринатовна") in messages.get_text()

    def test_goes_on_to_a_safe_next(self, client, data):
        response = client.post(f"{SIGNUP_URL}?next=/ru/pedagogical-mentoring/", data)
        assert response["Location"] == "/ru/pedagogical-mentoring/"

    def test_next_in_the_form_wins(self, client, data):
        response = client.post(SIGNUP_URL, {**data, "next": "/ru/mentors/"})
        assert response["Location"] == "/ru/mentors/"

    @pytest.mark.parametrize(
        "next_url",
        [
            "https://evil.example.org/",
            "//evil.example.org/",
            "/\\evil.example.org",
            "javascript:alert(1)",
            "http:///x",
        ],
    )
    def test_refuses_an_open_redirect(self, client, data, next_url):
        response = client.post(SIGNUP_URL, {**data, "next": next_url})
        assert response.status_code == 302
        assert response["Location"] == default_redirect()
        assert User.objects.count() == 1

    def test_the_form_keeps_next_for_the_post(self, client, municipality):
        page = BeautifulSoup(client.get(f"{SIGNUP_URL}?next=/ru/course/").content, "html.parser")
        assert page.select_one("main form input[name=next]")["value"] == "/ru/course/"
        assert page.select_one("main a[href^='/ru/accounts/login/']")["href"] == "/ru/accounts/login/?next=/ru/course/"

    def test_a_logged_in_person_is_sent_on(self, client, user):
        client.force_login(user)
        response = client.get(f"{SIGNUP_URL}?next=/ru/course/")
        assert response.status_code == 302
        assert response["Location"] == "/ru/course/"

    def test_usernames_stay_unique(self, client, data):
        UserFactory(username="teacher@school.example.org", email="someone@example.org")
        client.post(SIGNUP_URL, data)
        assert User.objects.get(email__iexact=data["email"]).username == "teacher@school.example.org-2"

    def test_markup_in_a_name_is_stored_as_text_and_escaped(self, client, data, home):
        response = client.post(SIGNUP_URL, {**data, "first_name": "<script>alert(1)</script>"}, follow=True)
        assert User.objects.get().first_name == "<script>alert(1)</script>"
        assert b"<script>alert(1)</script>" not in response.content
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


class TestRefusals:
    def test_consent_is_required(self, client, data):
        del data["consent"]
        response = client.post(SIGNUP_URL, data)
        assert list(errors_of(response)) == ["consent"]
        assert not User.objects.exists()
        assert "_auth_user_id" not in client.session

    @pytest.mark.parametrize("value", ["", "false", "0", "off"])
    def test_a_false_consent_is_no_consent(self, client, data, value):
        response = client.post(SIGNUP_URL, {**data, "consent": value})
        assert "consent" in errors_of(response)
        assert not User.objects.exists()

    def test_the_title_starts_with_error_when_the_form_has_errors(self, client, data):
        def title(response):
            return BeautifulSoup(response.content, "html.parser").title.get_text(strip=True)

        assert title(client.get(SIGNUP_URL)).startswith("Зарегистрироваться")
        del data["consent"]
        assert title(client.post(SIGNUP_URL, data)).startswith("Ошибка: Зарегистрироваться")

    def test_the_consent_error_is_tied_to_the_checkbox(self, client, data):
        del data["consent"]
        page = BeautifulSoup(client.post(SIGNUP_URL, data).content, "html.parser")
        checkbox = page.select_one("input[name=consent]")
        assert checkbox["aria-invalid"] == "true"
        error = page.select_one(f"#{checkbox['aria-describedby'].split()[-1]}")
        assert error.get_text(strip=True) == in_russian(
            "An account can only be created with your consent to the processing."
        )
        assert page.select_one(".form-errors a[href='#id_consent']")

    @pytest.mark.parametrize("email", ["teacher@school.example.org", "TEACHER@SCHOOL.EXAMPLE.ORG"])
    def test_an_email_taken_in_any_case_is_refused(self, client, data, email):
        UserFactory(email=email)
        response = client.post(SIGNUP_URL, data)
        assert errors_of(response)["email"] == [in_russian("An account with this e-mail already exists.")]
        assert User.objects.count() == 1

    def test_passwords_must_match(self, client, data):
        response = client.post(SIGNUP_URL, {**data, "password2": "something-else-entirely-77"})
        assert "password2" in errors_of(response)
        assert not User.objects.exists()

    @pytest.mark.parametrize("password", ["12345678", "password", "short", "teacher@school"])
    def test_django_password_validators_apply(self, client, data, password):
        response = client.post(SIGNUP_URL, {**data, "password1": password, "password2": password})
        assert "password2" in errors_of(response)
        assert not User.objects.exists()

    def test_the_password_is_not_sent_back(self, client, data):
        response = client.post(SIGNUP_URL, {**data, "consent": ""})
        assert PASSWORD not in response.content.decode()

    def test_an_empty_post_reports_every_required_field(self, client, municipality):
        response = client.post(SIGNUP_URL, {})
        assert set(errors_of(response)) == {
            "email",
            "last_name",
            "first_name",
            "organisation",
            "position",
            "municipality",
            "password1",
            "password2",
            "consent",
        }

    @pytest.mark.parametrize("value", ["abc", "999999", "99999999999999999999999999", "-1", "1.5", "1 OR 1=1"])
    def test_an_unknown_municipality_is_a_form_error(self, client, data, value):
        response = client.post(SIGNUP_URL, {**data, "municipality": value})
        assert list(errors_of(response)) == ["municipality"]
        assert not User.objects.exists()

    def test_an_unknown_position_is_a_form_error(self, client, data):
        response = client.post(SIGNUP_URL, {**data, "position": "king"})
        assert list(errors_of(response)) == ["position"]

    @pytest.mark.parametrize("email", ["not-an-email", "a@b", "@example.org", "x" * 250 + "@example.org"])
    def test_a_malformed_email_is_a_form_error(self, client, data, email):
        response = client.post(SIGNUP_URL, {**data, "email": email})
        assert list(errors_of(response)) == ["email"]

    def test_a_long_field_is_a_form_error(self, client, data):
        response = client.post(SIGNUP_URL, {**data, "last_name": "Я" * 100_000})
        assert list(errors_of(response)) == ["last_name"]
        assert not User.objects.exists()

    def test_a_10_mb_field_is_a_bad_request_not_a_crash(self, client, data):
        # Django refuses bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) before any form sees them.
        response = client.post(SIGNUP_URL, {**data, "organisation": "x" * (10 * 1024 * 1024)})
        assert response.status_code == 400
        assert not User.objects.exists()

    def test_repeated_fields_do_not_crash(self, client, data):
        response = client.post(SIGNUP_URL, {**data, "municipality": ["abc", "1"], "email": ["a@example.org", "b"]})
        assert response.status_code in {200, 302}


def enrolled_in(course: str) -> str:
    with translation.override("ru"):
        return gettext("You are enrolled in the course «%(course)s». Start with the first step below.") % {
            "course": course
        }


class TestSignupFromACourse:
    """«Зарегистрироваться и записаться» on a course's landing page does both (issue 12)."""

    def test_the_course_page_links_to_the_signup_with_the_course(self, client, course):
        page = BeautifulSoup(client.get(course.url).content, "html.parser")
        link = page.select_one(".enrolment-panel a.button")
        assert link["href"] == f"{SIGNUP_URL}?course={course.pk}&next={course.url}"

    def test_the_form_names_the_course_and_carries_it(self, client, course, municipality):
        page = BeautifulSoup(client.get(f"{SIGNUP_URL}?course={course.pk}").content, "html.parser")
        assert course.title in page.select_one("main .lead").get_text()
        assert page.select_one("main form input[name=course]")["value"] == str(course.pk)
        # Somebody with an account logs in and comes back to the course.
        login = page.select_one("main a[href^='/ru/accounts/login/']")["href"]
        assert login == f"/ru/accounts/login/?next={course.url}"

    def test_signing_up_enrols_and_leads_to_the_course(self, client, data, course):
        response = client.post(SIGNUP_URL, {**data, "course": str(course.pk)})

        user = User.objects.get()
        assert Enrolment.objects.filter(user=user, course=course).exists()
        assert response["Location"] == course.url
        messages = [str(message) for message in get_messages(response.wsgi_request)]
        assert messages == [welcome("Алсу Ринатовна"), enrolled_in(course.title)]

    def test_the_message_is_shown_on_the_course_page(self, client, data, course):
        response = client.post(SIGNUP_URL, {**data, "course": str(course.pk)}, follow=True)
        page = BeautifulSoup(response.content, "html.parser")
        assert enrolled_in(course.title) in page.select_one(".messages").get_text()
        assert page.select_one(".enrolment-panel progress")  # enrolled: the progress, not the sign-up button

    def test_from_the_english_page_enrols_in_the_course_it_teaches(self, client, data, course, en_course):
        response = client.post("/en/accounts/signup/", {**data, "course": str(en_course.pk)})
        assert Enrolment.objects.get().course_id == course.pk
        assert response["Location"] == en_course.url

    def test_a_closed_course_still_creates_the_account(self, client, data, home):
        closed = CoursePageFactory(parent=home, slug="closed", enrolment_open=False)
        response = client.post(SIGNUP_URL, {**data, "course": str(closed.pk)})
        assert User.objects.count() == 1
        assert not Enrolment.objects.exists()
        assert response["Location"] == closed.url
        with translation.override("ru"):
            closed_message = gettext("Enrolment in this course is closed.")
        assert closed_message in [str(message) for message in get_messages(response.wsgi_request)]

    @pytest.mark.parametrize("value", ["", "abc", "-1", "1e3", "99999999999999999999", "٣", "0"])
    def test_a_forged_course_enrols_in_nothing(self, client, data, course, value):
        response = client.post(SIGNUP_URL, {**data, "course": value})
        assert User.objects.count() == 1
        assert not Enrolment.objects.exists()
        assert response["Location"] == default_redirect()

    def test_a_page_that_is_not_a_course_enrols_in_nothing(self, client, data, course, module):
        client.post(SIGNUP_URL, {**data, "course": str(module.pk)})
        assert not Enrolment.objects.exists()

    def test_a_draft_course_enrols_in_nothing(self, client, data, home):
        draft = CoursePageFactory(parent=home, slug="draft", live=False)
        response = client.post(SIGNUP_URL, {**data, "course": str(draft.pk)})
        assert not Enrolment.objects.exists()
        assert response["Location"] == default_redirect()

    def test_an_invalid_form_keeps_the_course(self, client, data, course):
        response = client.post(SIGNUP_URL, {**data, "consent": "", "course": str(course.pk)})
        assert response.status_code == 200
        page = BeautifulSoup(response.content, "html.parser")
        assert page.select_one("main form input[name=course]")["value"] == str(course.pk)
        assert not Enrolment.objects.exists()

    def test_a_logged_in_person_is_sent_to_the_course(self, client, user, course):
        client.force_login(user)
        response = client.get(f"{SIGNUP_URL}?course={course.pk}")
        assert response["Location"] == course.url


class TestUsernameForEmail:
    def test_is_the_address_lowercased(self):
        assert username_for_email("Ivan.Petrov@Example.ORG") == "ivan.petrov@example.org"

    def test_replaces_characters_usernames_do_not_allow(self):
        assert username_for_email("o'neil#1@example.org") == "o_neil_1@example.org"

    def test_counts_up_past_taken_names_in_any_case(self):
        UserFactory(username="Ivan@example.org")
        UserFactory(username="ivan@example.org-2", email="ivan2@example.org")
        assert username_for_email("ivan@example.org") == "ivan@example.org-3"

    def test_ignores_the_account_being_renamed(self):
        user = UserFactory(username="ivan@example.org")
        assert username_for_email("IVAN@example.org", exclude_pk=user.pk) == "ivan@example.org"

    def test_fits_the_username_field(self):
        email = "a" * 64 + "@" + "b" * 60 + "." + "c" * 60 + ".example.org"
        UserFactory(username=username_for_email(email), email="first@example.org")
        name = username_for_email(email)
        assert len(name) <= 150
        assert name.endswith("-2")


def test_accounts_made_by_staff_have_no_consent(db):
    learner = learner_profile(UserFactory())
    assert learner.personal_data_consent_at is None
    assert learner.personal_data_consent_version == ""


def test_consent_time_is_now(client, data):
    client.post(SIGNUP_URL, data)
    assert timezone.now() - User.objects.get().learner.personal_data_consent_at < timedelta(minutes=1)
