"""Every form of the accounts refuses text no database can store (a NUL byte, a lone surrogate) with a form error,
never a 500 (issue 10, finding 6)."""

from django.urls import reverse

import pytest

from accounts.forms import (
    AdminLoginForm,
    AdminPasswordResetForm,
    ChangePasswordForm,
    DeleteAccountForm,
    LmsUserCreationForm,
    LmsUserEditForm,
    LoginForm,
    NewPasswordForm,
    ProfileForm,
    SignupForm,
    ThrottledPasswordResetForm,
)
from accounts.models import User
from course.cleaning import UNSTORABLE_MESSAGE
from course.models import LearnerProfile
from tests.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory
from tests.malformed import NUL, SURROGATE, post_utf7

pytestmark = pytest.mark.django_db


def signup_data(municipality, **overrides):
    return {
        "last_name": "Гарипова",
        "first_name": "Алсу",
        "patronymic": "Ринатовна",
        "organisation": "МБОУ «Гимназия № 7»",
        "position": "teacher",
        "municipality": municipality.pk,
        "email": "alsu@example.org",
        "password1": "Nastavnik-2026!",
        "password2": "Nastavnik-2026!",
        "consent": "on",
    } | overrides


SIGNUP_TEXT = ["last_name", "first_name", "patronymic", "organisation", "email", "password1"]


@pytest.mark.parametrize("bad", [SURROGATE, NUL])
@pytest.mark.parametrize("name", SIGNUP_TEXT)
def test_the_signup_form_refuses_it(bad, name):
    form = SignupForm(signup_data(MunicipalityFactory(), **{name: bad}))
    assert not form.is_valid()
    assert form.errors[name]


@pytest.mark.parametrize("bad", [SURROGATE, NUL])
@pytest.mark.parametrize(
    "make_form",
    [
        lambda request, bad: LoginForm(request, {"username": bad, "password": "x"}),
        lambda request, bad: LoginForm(request, {"username": "learner@example.org", "password": bad}),
        lambda request, bad: AdminLoginForm(request, data={"username": bad, "password": "x"}),
        lambda request, bad: ThrottledPasswordResetForm({"email": f"a{bad}@example.org"}, request=request),
        lambda request, bad: AdminPasswordResetForm({"email": f"a{bad}@example.org"}, request=request),
        lambda request, bad: NewPasswordForm(UserFactory(), {"new_password1": bad, "new_password2": bad}),
        lambda request, bad: ChangePasswordForm(
            UserFactory(), {"old_password": bad, "new_password1": "Nastav-2026!", "new_password2": "Nastav-2026!"}
        ),
        lambda request, bad: ProfileForm(signup_data(MunicipalityFactory(), organisation=bad), instance=UserFactory()),
        lambda request, bad: DeleteAccountForm(
            {"password": bad, "confirm": "on"}, request=request, user=UserFactory()
        ),
        lambda request, bad: LmsUserCreationForm(
            {"username": "new", "email": "new@example.org", "first_name": bad, "last_name": "Б"}
        ),
        lambda request, bad: LmsUserEditForm(
            {"username": "old", "email": "old@example.org", "first_name": "А", "last_name": bad},
            instance=UserFactory(),
        ),
    ],
)
def test_the_login_reset_password_profile_and_admin_forms_refuse_it(rf, bad, make_form):
    form = make_form(rf.post("/"), bad)
    assert not form.is_valid()
    assert str(UNSTORABLE_MESSAGE) in str(form.errors)


def test_a_surrogate_posted_as_utf7_to_the_signup_is_a_form_error(client):
    data = signup_data(MunicipalityFactory(), last_name=SURROGATE)
    response = post_utf7(client, reverse("accounts:signup"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["last_name"] == [str(UNSTORABLE_MESSAGE)]
    assert not User.objects.filter(email="alsu@example.org").exists()


@pytest.mark.parametrize("field", ["username", "password"])
def test_a_surrogate_posted_as_utf7_to_the_login_is_a_form_error(client, user, field):
    data = {"username": user.email, "password": TEST_PASSWORD} | {field: SURROGATE}
    response = post_utf7(client, reverse("accounts:login"), data)
    assert response.status_code == 200
    assert response.context["form"].errors


def test_a_surrogate_posted_as_utf7_to_the_password_reset_is_a_form_error(client):
    response = post_utf7(client, reverse("accounts:password_reset"), {"email": f"a{SURROGATE}@example.org"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]


def test_a_surrogate_posted_as_utf7_to_the_profile_is_a_form_error_and_changes_nothing(client, user):
    client.force_login(user)
    response = post_utf7(client, reverse("accounts:profile"), signup_data(MunicipalityFactory(), patronymic=SURROGATE))
    assert response.status_code == 200
    assert response.context["form"].errors["patronymic"]
    assert not LearnerProfile.objects.filter(user=user).exists()
