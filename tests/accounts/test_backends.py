"""Logging in by username or e-mail, and how names are shown."""

from django.contrib.auth import authenticate
from django.http import HttpRequest

import pytest

from accounts.models import User
from course.models import LearnerProfile
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("login", ["learner", "LEARNER", "Learner", "learner@example.org", "LEARNER@EXAMPLE.ORG"])
def test_login_by_username_or_email_ignores_case(user, login):
    assert authenticate(HttpRequest(), username=login, password=TEST_PASSWORD) == user


def test_login_through_the_email_keyword(user):
    assert authenticate(HttpRequest(), email="learner@example.org", password=TEST_PASSWORD) == user


@pytest.mark.parametrize("login", ["learner", "learner@example.org"])
def test_wrong_password_fails(user, login):
    assert authenticate(HttpRequest(), username=login, password="wrong-password") is None
    assert authenticate(HttpRequest(), username=login, password=TEST_PASSWORD.upper()) is None


def test_missing_password_fails(user):
    assert authenticate(HttpRequest(), username="learner", password=None) is None
    assert authenticate(HttpRequest(), username="learner", password="") is None


@pytest.mark.parametrize("login", ["nobody", "nobody@example.org", ""])
def test_unknown_login_fails(user, login):
    assert authenticate(HttpRequest(), username=login, password=TEST_PASSWORD) is None


def test_inactive_user_fails(user):
    user.is_active = False
    user.save()
    assert authenticate(HttpRequest(), username="learner", password=TEST_PASSWORD) is None
    assert authenticate(HttpRequest(), username="learner@example.org", password=TEST_PASSWORD) is None


def test_each_person_logs_in_when_a_username_equals_another_persons_email(user):
    # Usernames may contain "@": one person's username can be another person's e-mail address. The login then
    # matches two accounts, and each must still get in with their own password.
    other = UserFactory(username="learner@example.org", email="other@example.org", password="other-password-123")
    assert authenticate(HttpRequest(), username="learner@example.org", password=TEST_PASSWORD) == user
    assert authenticate(HttpRequest(), username="learner@example.org", password="other-password-123") == other


def test_client_login_by_email(client, user):
    assert client.login(request=HttpRequest(), username="LEARNER@example.org", password=TEST_PASSWORD)
    assert int(client.session["_auth_user_id"]) == user.pk


def test_username_lookup_by_natural_key_ignores_case(user):
    assert User.objects.get_by_natural_key("LeArNeR") == user


@pytest.mark.parametrize(
    ("last", "first", "patronymic", "full"),
    [
        ("Гарипова", "Алсу", "Ринатовна", "Гарипова Алсу Ринатовна"),
        ("Смирнов", "Андрей", "", "Смирнов Андрей"),
        ("", "Андрей", "Викторович", "Андрей Викторович"),
        ("", "", "", "learner"),
    ],
)
def test_full_name_is_last_first_patronymic(last, first, patronymic, full):
    person = User(username="learner", last_name=last, first_name=first)
    person.learner = LearnerProfile(patronymic=patronymic)
    assert person.get_full_name() == full


def test_short_name_is_first_name_and_patronymic():
    person = User(username="learner", last_name="Гарипова", first_name="Алсу")
    person.learner = LearnerProfile(patronymic="Ринатовна")
    assert person.get_short_name() == "Алсу Ринатовна"
    assert User(username="learner").get_short_name() == "learner"
