"""Logging in by e-mail or username, logging out and the header's links (the throttle: test_login_throttle.py)."""

import copy
import uuid

from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from course import throttling
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/ru/accounts/login/"
LOGOUT_URL = "/ru/accounts/logout/"


def default_redirect() -> str:
    """Where a login or sign-up without ``next`` leads (a setting the dashboard's owner may change)."""
    return resolve_url(django_settings.LOGIN_REDIRECT_URL)


@pytest.fixture(autouse=True)
def own_cache_namespace(settings):
    """Throttle counters of other tests (same client address, same logins) must not count here."""
    caches = copy.deepcopy(settings.CACHES)
    for cache_settings in caches.values():
        cache_settings["KEY_PREFIX"] = f"{cache_settings.get('KEY_PREFIX', '')}-{uuid.uuid4().hex}"
    settings.CACHES = caches


def log_in(client, login, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": login, "password": password, **extra})


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def non_field_errors(response) -> list[str]:
    """The form's errors in the language of the response (lazy messages are translated when read)."""
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        return [str(error) for error in response.context["form"].non_field_errors()]


def test_the_urls_are_the_public_ones():
    assert reverse("accounts:login") == LOGIN_URL
    assert reverse("accounts:logout") == LOGOUT_URL


class TestLogin:
    def test_the_form_asks_for_the_email(self, client):
        page = BeautifulSoup(client.get(LOGIN_URL).content, "html.parser")
        field = page.select_one("main input[name=username]")
        with translation.override("ru"):
            label = gettext("E-mail")
        assert page.select_one(f"label[for={field['id']}]").get_text(strip=True).startswith(label)
        assert field["autocomplete"] == "email"
        assert page.select_one("main input[name=password]")["autocomplete"] == "current-password"
        assert page.select_one(f"main a[href='{reverse('accounts:password_reset')}']")

    @pytest.mark.parametrize("login", ["learner@example.org", "LEARNER@Example.ORG", "learner", "Learner"])
    def test_by_email_or_username(self, client, user, login):
        response = log_in(client, login)
        assert response.status_code == 302
        assert response["Location"] == default_redirect()
        assert int(logged_in_user_id(client)) == user.pk

    def test_an_email_longer_than_a_username(self, client):
        email = "a" * 64 + "@" + "b" * 60 + "." + "c" * 60 + ".example.org"
        person = UserFactory(username="long", email=email)
        response = log_in(client, email.upper())
        assert response.status_code == 302
        assert int(logged_in_user_id(client)) == person.pk

    def test_goes_on_to_a_safe_next(self, client, user):
        response = log_in(client, "learner", next="/ru/pedagogical-mentoring/module-1/")
        assert response["Location"] == "/ru/pedagogical-mentoring/module-1/"

    @pytest.mark.parametrize("next_url", ["https://evil.example.org/", "//evil.example.org", "/\\evil.example.org"])
    def test_refuses_an_open_redirect(self, client, user, next_url):
        response = log_in(client, "learner", next=next_url)
        assert response["Location"] == default_redirect()

    def test_a_wrong_password_is_refused(self, client, user):
        response = log_in(client, "learner@example.org", "wrong-password")
        assert response.status_code == 200
        with translation.override("ru"):
            wrong = gettext("The e-mail or the password is wrong.")
        assert non_field_errors(response) == [wrong]
        assert wrong in BeautifulSoup(response.content, "html.parser").select_one(".form-errors").get_text()
        assert logged_in_user_id(client) is None

    def test_an_inactive_account_is_refused(self, client, user):
        user.is_active = False
        user.save()
        assert log_in(client, "learner@example.org").status_code == 200
        assert logged_in_user_id(client) is None

    @pytest.mark.parametrize(
        "data",
        [{}, {"username": "learner"}, {"password": TEST_PASSWORD}, {"username": "x" * 300, "password": "y"}],
    )
    def test_incomplete_or_malformed_posts_are_form_errors(self, client, user, data):
        response = client.post(LOGIN_URL, data)
        assert response.status_code == 200
        assert response.context["form"].errors
        assert logged_in_user_id(client) is None

    def test_a_10_mb_field_is_a_bad_request_not_a_crash(self, client, user):
        response = log_in(client, "learner", "x" * (10 * 1024 * 1024))
        assert response.status_code == 400


class TestClientIp:
    @pytest.mark.parametrize(
        ("proxies", "forwarded", "expected"),
        [
            (0, "198.51.100.1", "10.0.0.1"),
            (1, "", "10.0.0.1"),
            (1, "198.51.100.1", "198.51.100.1"),
            (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
            (2, "6.6.6.6, 198.51.100.1, 10.1.1.1", "198.51.100.1"),
        ],
    )
    def test_trusts_only_the_configured_proxies(self, rf, settings, proxies, forwarded, expected):
        settings.TRUSTED_PROXY_COUNT = proxies
        request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        assert throttling.client_ip(request) == expected


class TestLogout:
    def test_needs_a_post(self, client, user):
        client.force_login(user)
        assert client.get(LOGOUT_URL).status_code == 405
        assert int(logged_in_user_id(client)) == user.pk

    def test_post_logs_out_with_a_message(self, client, user):
        client.force_login(user)
        response = client.post(LOGOUT_URL)
        assert response.status_code == 302
        assert response["Location"] == resolve_url(django_settings.LOGOUT_REDIRECT_URL)
        assert logged_in_user_id(client) is None
        with translation.override("ru"):
            logged_out = gettext("You have logged out.")
        assert [str(message) for message in get_messages(response.wsgi_request)] == [logged_out]

    def test_needs_the_csrf_token(self, user):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        assert client.post(LOGOUT_URL).status_code == 403
        assert client.session.get("_auth_user_id")


class TestHeader:
    def test_anonymous_visitors_see_log_in_and_sign_up_leading_back(self, client, course):
        nav = BeautifulSoup(client.get(course.url).content, "html.parser").select_one("nav.site-nav")
        hrefs = [link["href"] for link in nav.select("a")]
        assert f"{LOGIN_URL}?next=/ru/pedagogical-mentoring/" in hrefs
        assert "/ru/accounts/signup/?next=/ru/pedagogical-mentoring/" in hrefs
        assert not nav.select("form")

    def test_on_the_account_pages_the_links_have_no_next(self, client):
        nav = BeautifulSoup(client.get(LOGIN_URL).content, "html.parser").select_one("nav.site-nav")
        assert nav.select_one(f"a[href='{LOGIN_URL}']")["aria-current"] == "page"
        assert nav.select_one("a[href='/ru/accounts/signup/']")

    def test_logged_in_people_see_their_name_the_profile_and_a_logout_button(self, client, user, home):
        client.force_login(user)
        nav = BeautifulSoup(client.get("/ru/").content, "html.parser").select_one("nav.site-nav")
        profile = nav.select_one("a[href='/ru/accounts/profile/']")
        assert "Алсу" in profile.get_text()
        form = nav.select_one("form")
        assert (form["method"], form["action"]) == ("post", LOGOUT_URL)
        assert form.select_one("input[name=csrfmiddlewaretoken]")
        assert form.select_one("button[type=submit]")
        assert not nav.select_one(f"a[href^='{LOGIN_URL}']")


def test_a_page_for_logged_in_visitors_sends_them_to_the_learners_login(client, course):
    PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/ru/pedagogical-mentoring/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/ru/pedagogical-mentoring/"


def test_the_admin_keeps_its_own_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_english_login(client, user):
    response = client.get("/en/accounts/login/")
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "en"
    assert log_in(client, "learner").status_code == 302
