"""The login throttle (issue 10, findings 1 and 3): django-axes guards every way to log in, the admin's included.

OWASP's shape: failures are counted per client address and per (address, account); the account alone has only a much
higher ceiling, and the owner gets through it with the device cookie of an earlier login or a password reset by
e-mail. The e-mail and the username of an account share their counters. Password-reset e-mails, the site's and the
admin's, have one small counter.
"""

import re
import uuid
from unittest import mock

from django.contrib.auth import authenticate
from django.core import mail
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.translation import ngettext

import pytest

from accounts import throttling
from accounts.backends import EmailOrUsernameBackend
from course import throttling as counters
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SITE_LOGIN = "/ru/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
SITE_RESET = "/ru/accounts/password_reset/"
ADMIN_RESET = "/admin/password_reset/"
NEW_PASSWORD = "Kama-river-at-dawn-2026"
RESET_LINK = re.compile(r"http://testserver(/\S+/reset/[^/\s]+/[^/\s]+/)")


def too_many_attempts(minutes: int) -> str:
    with translation.override("ru"):
        return ngettext(
            "Too many failed attempts. Try again in %(minutes)d minute.",
            "Too many failed attempts. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}


@pytest.fixture(autouse=True)
def limits(settings):
    settings.THROTTLE_KEY_PREFIX = f"throttle-{uuid.uuid4().hex}"
    settings.LOGIN_THROTTLE_ATTEMPTS = 3  # per (address, account)
    settings.LOGIN_THROTTLE_IP_ATTEMPTS = 6  # per address
    settings.LOGIN_THROTTLE_ACCOUNT_ATTEMPTS = 8  # per account, from devices it does not know
    settings.LOGIN_THROTTLE_WINDOW = 15 * 60
    settings.PASSWORD_RESET_THROTTLE_ATTEMPTS = 5
    return settings


@pytest.fixture
def learner(db):
    return UserFactory(username="learner3", email="learner3@example.org")


def address(number: int) -> Client:
    return Client(REMOTE_ADDR=f"198.51.100.{number}")


def site_login(client, login, password=TEST_PASSWORD):
    return client.post(SITE_LOGIN, {"username": login, "password": password})


def admin_login(client, login, password=TEST_PASSWORD):
    return client.post(ADMIN_LOGIN, {"username": login, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


class TestEveryWayIn:
    def test_the_admin_login_is_throttled(self, learner):
        # The audit: 40 wrong passwords on /admin/login/ all answered 200 and the right one then logged in.
        client = address(1)
        statuses = [admin_login(client, "learner3", f"wrong-{n}").status_code for n in range(40)]
        assert statuses[:3] == [200, 200, 200]
        assert set(statuses[3:]) == {429}
        response = admin_login(client, "learner3")
        assert response.status_code == 429
        assert not logged_in(client)

    def test_a_learner_locked_out_on_the_site_is_locked_out_of_the_admin_too(self, learner):
        client = address(1)
        for _attempt in range(3):
            site_login(client, "learner3@example.org", "wrong")
        assert site_login(client, "learner3@example.org").status_code == 429
        assert admin_login(client, "learner3@example.org").status_code == 429
        assert not logged_in(client)

    def test_the_admin_shows_the_reason(self, learner):
        client = address(1)
        for _attempt in range(3):
            admin_login(client, "learner3", "wrong")
        response = admin_login(client, "learner3")
        assert too_many_attempts(15) in response.content.decode()

    def test_any_call_of_authenticate_with_a_request_is_throttled(self, learner):
        request = RequestFactory().post("/anywhere/", REMOTE_ADDR="198.51.100.1")
        for _attempt in range(3):
            assert authenticate(request, username="learner3", password="wrong") is None
        assert authenticate(request, username="learner3", password=TEST_PASSWORD) is None

    def test_authenticate_without_a_request_is_refused_rather_than_unthrottled(self, learner):
        with pytest.raises(ValueError, match="request"):
            authenticate(username="learner3", password=TEST_PASSWORD)

    def test_a_blocked_login_does_not_check_the_password(self, learner):
        client = address(1)
        for _attempt in range(3):
            site_login(client, "learner3", "wrong")
        with mock.patch.object(EmailOrUsernameBackend, "authenticate") as backend:
            assert site_login(client, "learner3").status_code == 429
        backend.assert_not_called()


class TestNobodyCanLockSomebodyElseOut:
    def test_failures_from_many_addresses_do_not_lock_the_owner_out(self, learner):
        # The audit: five wrong passwords for learner3@example.org, each from another address, made the right one
        # answer 429 for 15 minutes.
        for number in range(5):
            assert site_login(address(number), "learner3@example.org", "wrong").status_code == 200
        owner = address(99)
        assert site_login(owner, "learner3@example.org").status_code == 302
        assert logged_in(owner)

    def test_an_address_is_blocked_for_the_account_it_guessed_and_others_are_not(self, learner):
        attacker = address(1)
        for _attempt in range(3):
            site_login(attacker, "learner3@example.org", "wrong")
        assert site_login(attacker, "learner3@example.org").status_code == 429
        assert site_login(address(2), "learner3@example.org").status_code == 302

    def test_email_and_username_share_one_counter(self, learner):
        client = address(1)
        site_login(client, "learner3@example.org", "wrong")
        site_login(client, "LEARNER3", "wrong")
        site_login(client, " Learner3@Example.org ", "wrong")
        assert site_login(client, "learner3").status_code == 429
        assert site_login(client, "learner3@example.org").status_code == 429

    def test_an_address_guessing_many_accounts_is_blocked_for_all(self, learner):
        attacker = address(1)
        for number in range(6):
            site_login(attacker, f"guess{number}@example.org", "wrong")
        assert site_login(attacker, "learner3").status_code == 429
        assert site_login(address(2), "learner3").status_code == 302

    def test_a_success_clears_the_accounts_count_but_not_the_addresss(self, learner):
        own = UserFactory(username="own", email="own@example.org")
        client = address(1)
        for number in range(5):
            site_login(client, f"guess{number}@example.org", "wrong")
        assert site_login(client, "own@example.org").status_code == 302
        client.post("/ru/accounts/logout/")
        # Logging into one's own account between guesses does not buy more guesses.
        site_login(client, "guess9@example.org", "wrong")
        assert site_login(client, "learner3").status_code == 429
        assert own.pk

    def test_the_block_ends_after_the_window(self, learner):
        now = 1_900_000_000.0
        client = address(1)
        with mock.patch.object(counters.time, "time", return_value=now):
            for _attempt in range(3):
                site_login(client, "learner3", "wrong")
        with mock.patch.object(counters.time, "time", return_value=now + 14 * 60 + 1):
            response = site_login(client, "learner3")
            assert response.status_code == 429
            assert too_many_attempts(1) in response.content.decode()
        with mock.patch.object(counters.time, "time", return_value=now + 15 * 60 + 1):
            assert site_login(client, "learner3").status_code == 302


class TestTheAccountCeiling:
    def fail_from_many_addresses(self, count=8):
        for number in range(count):
            site_login(address(number), "learner3@example.org", "wrong")

    def test_an_account_under_attack_from_many_addresses_is_held_at_a_high_ceiling(self, learner):
        self.fail_from_many_addresses()
        assert site_login(address(50), "learner3").status_code == 429

    def test_the_owners_device_gets_through_with_the_cookie_of_an_earlier_login(self, learner):
        device = address(60)
        assert site_login(device, "learner3").status_code == 302
        assert device.cookies[throttling.DEVICE_COOKIE]["httponly"]
        device.post("/ru/accounts/logout/")
        self.fail_from_many_addresses()
        assert site_login(device, "learner3@example.org").status_code == 302
        assert logged_in(device)

    def test_a_cookie_of_another_account_or_a_forged_one_does_not_help(self, learner):
        other = UserFactory(username="other", email="other@example.org")
        device = address(60)
        assert site_login(device, "other").status_code == 302
        device.post("/ru/accounts/logout/")
        self.fail_from_many_addresses()
        assert site_login(device, "learner3").status_code == 429
        forged = address(61)
        forged.cookies[throttling.DEVICE_COOKIE] = f'["user:{learner.pk}"]:forged:signature'
        assert site_login(forged, "learner3").status_code == 429
        assert other.pk

    def test_a_password_reset_by_email_unlocks_the_account(self, learner):
        self.fail_from_many_addresses()
        owner = address(70)
        assert site_login(owner, "learner3").status_code == 429
        owner.post(SITE_RESET, {"email": "learner3@example.org"})
        link = RESET_LINK.search(mail.outbox[-1].body).group(1)
        set_password_url = owner.get(link)["Location"]
        owner.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert site_login(owner, "learner3", NEW_PASSWORD).status_code == 302


class TestPasswordResetEmails:
    def test_the_admins_reset_form_is_limited_like_the_sites(self, learner):
        # The audit: /admin/password_reset/ sent a reset e-mail for each of 8 requests.
        client = address(1)
        statuses = [client.post(ADMIN_RESET, {"email": "learner3@example.org"}).status_code for _ in range(8)]
        assert statuses[:5] == [302] * 5
        assert statuses[5:] == [429] * 3
        assert len(mail.outbox) == 5

    def test_the_site_and_the_admin_share_the_counter(self, learner):
        for number in range(3):
            address(number).post(SITE_RESET, {"email": "learner3@example.org"})
        for number in range(3, 5):
            address(number).post(ADMIN_RESET, {"email": "learner3@example.org"})
        assert address(9).post(ADMIN_RESET, {"email": "learner3@example.org"}).status_code == 429
        assert address(9).post(SITE_RESET, {"email": "learner3@example.org"}).status_code == 429
        assert len(mail.outbox) == 5
