"""Password reset by e-mail: the link works once, unknown addresses look the same, requests are throttled."""

import copy
import re
import uuid

from django.core import mail
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

import pytest
from bs4 import BeautifulSoup

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

RESET_URL = "/ru/accounts/password_reset/"
DONE_URL = "/ru/accounts/password_reset/done/"
NEW_PASSWORD = "Kama-river-at-dawn-2026"
LINK = re.compile(r"http://testserver(/ru/accounts/reset/[^/\s]+/[^/\s]+/)")


def hello(name: str) -> str:
    """The e-mail's greeting in Russian, the language of the /ru/ request, from the template's msgid."""
    with translation.override("ru"):
        return gettext("Hello, %(name)s!") % {"name": name}


@pytest.fixture(autouse=True)
def own_cache_namespace(settings):
    """Throttle counters of other tests (same client address, same e-mails) must not count here."""
    caches = copy.deepcopy(settings.CACHES)
    for cache_settings in caches.values():
        cache_settings["KEY_PREFIX"] = f"{cache_settings.get('KEY_PREFIX', '')}-{uuid.uuid4().hex}"
    settings.CACHES = caches


def ask(client, email):
    return client.post(RESET_URL, {"email": email})


def reset_link() -> str:
    (message,) = mail.outbox
    return LINK.search(message.body).group(1)


def test_the_urls_are_the_public_ones():
    assert reverse("accounts:password_reset") == RESET_URL
    assert reverse("accounts:password_reset_done") == DONE_URL
    assert reverse("accounts:password_reset_complete") == "/ru/accounts/reset/done/"
    assert reverse("accounts:password_reset_confirm", args=["uid", "token"]) == "/ru/accounts/reset/uid/token/"


def test_the_form_has_a_labelled_email_field(client):
    page = BeautifulSoup(client.get(RESET_URL).content, "html.parser")
    field = page.select_one("main input[name=email]")
    assert page.select_one(f"label[for={field['id']}]")
    assert field["autocomplete"] == "email"


class TestReset:
    def test_sends_a_plain_text_email_with_a_link(self, client, user):
        response = ask(client, "LEARNER@example.org")
        assert response.status_code == 302
        assert response["Location"] == DONE_URL
        (message,) = mail.outbox
        assert message.to == ["Learner@Example.org"]
        with translation.override("ru"):
            subject = gettext("Mentor LMS: choose a new password")
            validity = ngettext(
                "The link works once and for %(days)s day.", "The link works once and for %(days)s days.", 3
            ) % {"days": 3}
        assert message.subject == subject
        assert not message.alternatives
        assert hello("Алсу") in message.body
        assert validity in message.body
        # A /ru/ request gets the e-mail in Russian.
        assert "Здравствуйте, Алсу!" in message.body
        assert LINK.search(message.body)

    def test_the_link_sets_a_new_password_once(self, client, user):
        ask(client, "learner@example.org")
        response = client.get(reset_link())
        assert response.status_code == 302
        set_password_url = response["Location"]
        assert set_password_url.endswith("/set-password/")
        page = BeautifulSoup(client.get(set_password_url).content, "html.parser")
        assert page.select_one("input[name=new_password1]")["autocomplete"] == "new-password"
        response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == "/ru/accounts/reset/done/"
        assert client.get(response["Location"]).status_code == 200

        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)
        assert not user.check_password(TEST_PASSWORD)
        assert Client().login(request=HttpRequest(), username="learner@example.org", password=NEW_PASSWORD)

        used = client.get(reset_link())
        assert used.status_code == 200
        assert not used.context["validlink"]
        assert BeautifulSoup(used.content, "html.parser").select_one(f"main a[href='{RESET_URL}']")

    def test_a_forged_link_does_not_work(self, client, user):
        response = client.get("/ru/accounts/reset/MQ/abc-123/")
        assert response.status_code == 200
        assert not response.context["validlink"]

    def test_an_unknown_address_gets_the_same_answer_and_no_email(self, client, user):
        known = ask(client, "learner@example.org")
        unknown = ask(client, "nobody@example.org")
        assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
        assert len(mail.outbox) == 1
        assert client.get(DONE_URL).status_code == 200

    def test_an_inactive_account_gets_no_email(self, client, user):
        user.is_active = False
        user.save()
        assert ask(client, "learner@example.org")["Location"] == DONE_URL
        assert not mail.outbox

    def test_names_are_not_html_escaped_in_the_plain_text(self, client):
        UserFactory(email="amp@example.org", first_name="Анна & <Ко>")
        ask(client, "amp@example.org")
        assert hello("Анна & <Ко>") in mail.outbox[0].body

    def test_an_english_request_gets_an_english_link(self, client, user):
        client.post("/en/accounts/password_reset/", {"email": "learner@example.org"})
        assert "/en/accounts/reset/" in mail.outbox[0].body

    @pytest.mark.parametrize("data", [{}, {"email": ""}, {"email": "not-an-email"}, {"email": "x" * 300 + "@e.org"}])
    def test_malformed_posts_are_form_errors(self, client, user, data):
        response = client.post(RESET_URL, data)
        assert response.status_code == 200
        assert "email" in response.context["form"].errors
        assert not mail.outbox

    def test_a_10_mb_field_is_a_bad_request_not_a_crash(self, client):
        assert ask(client, "x" * (10 * 1024 * 1024)).status_code == 400


class TestThrottle:
    @pytest.fixture(autouse=True)
    def limit(self, settings):
        settings.PASSWORD_RESET_THROTTLE_ATTEMPTS = 2
        settings.LOGIN_THROTTLE_WINDOW = 15 * 60

    def test_an_address_is_limited_whatever_the_emails(self, user):
        client = Client(REMOTE_ADDR="203.0.113.7")
        assert ask(client, "nobody@example.org")["Location"] == DONE_URL
        assert ask(client, "somebody@example.org")["Location"] == DONE_URL
        response = ask(client, "learner@example.org")
        assert response.status_code == 429
        with translation.override("ru"):
            too_many = ngettext(
                "Too many requests. Try again in %(minutes)d minute.",
                "Too many requests. Try again in %(minutes)d minutes.",
                15,
            ) % {"minutes": 15}
        assert response.context["form"].non_field_errors() == [too_many]
        assert too_many in BeautifulSoup(response.content, "html.parser").select_one(".form-errors").get_text()
        assert not mail.outbox
        assert ask(Client(REMOTE_ADDR="203.0.113.8"), "learner@example.org")["Location"] == DONE_URL
        assert len(mail.outbox) == 1

    def test_one_mailbox_is_not_flooded_from_many_addresses(self, user):
        for number in range(2):
            ask(Client(REMOTE_ADDR=f"198.51.100.{number}"), "Learner@example.org")
        response = ask(Client(REMOTE_ADDR="198.51.100.9"), "learner@EXAMPLE.org")
        assert response.status_code == 429
        assert len(mail.outbox) == 2

    def test_the_answer_does_not_tell_whether_the_account_exists(self, user):
        known, unknown = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
        for _attempt in range(2):
            ask(known, "learner@example.org")
            ask(unknown, "nobody@example.org")
        blocked_known, blocked_unknown = ask(known, "learner@example.org"), ask(unknown, "nobody@example.org")
        assert blocked_known.status_code == blocked_unknown.status_code == 429
        assert blocked_known.context["form"].non_field_errors() == blocked_unknown.context["form"].non_field_errors()
