"""Views of the learner accounts: sign-up, login and logout, the profile, password change and reset, and the
person's data rights (a copy of their data, the deletion of the account).

Login, logout and the password screens are Django's views with our forms and templates.
"""

from contextlib import suppress

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView, UpdateView

from wagtail.admin.views import account as wagtail_account

from accounts import data_rights
from accounts.consent import CONSENT_TEXT, CONSENT_TITLE, CONSENT_VERSION
from accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    LoginForm,
    NewPasswordForm,
    ProfileForm,
    SignupForm,
    ThrottledPasswordResetForm,
)
from accounts.models import User
from accounts.throttling import unlock_account
from course import services as course_services

LOGIN_BACKEND = "accounts.backends.EmailOrUsernameBackend"

# A throttled form answers 429, so that monitoring and scripts see the limit; browsers show the form as usual.
TOO_MANY_REQUESTS = 429


def consent_context() -> dict:
    return {"consent_title": CONSENT_TITLE, "consent_text": CONSENT_TEXT, "consent_version": CONSENT_VERSION}


@method_decorator([sensitive_post_parameters("password1", "password2"), csrf_protect, never_cache], name="dispatch")
class SignupView(auth_views.RedirectURLMixin, FormView):
    """Create a learner's account, log them in and send them on to ``next`` (when it is safe) or the default page.

    Signing up from a course's landing page (``?course=<page id>``, carried through the form) also enrols the new
    learner in that course and leads back to it.
    """

    form_class = SignupForm
    template_name = "accounts/signup.html"
    course_field_name = "course"

    def dispatch(self, request, *args, **kwargs):
        self.course = course_services.course_to_join(
            request.POST.get(self.course_field_name) or request.GET.get(self.course_field_name)
        )
        if request.user.is_authenticated:
            return HttpResponseRedirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self) -> str:
        if self.course is not None:
            return self.course.get_url(self.request)
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **{
                self.redirect_field_name: self.get_redirect_url(),
                "course": self.course,
                "course_url": self.course.get_url(self.request) if self.course else "",
                **consent_context(),
                **kwargs,
            }
        )

    def form_valid(self, form):
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:
            # Somebody took the address between the form's check and the insert.
            form.add_error("email", form.error_messages["duplicate_email"])
            return self.form_invalid(form)
        login(self.request, user, backend=LOGIN_BACKEND)
        messages.success(
            self.request,
            gettext("Welcome, %(name)s! Your account has been created.") % {"name": user.get_short_name()},
        )
        if self.course is not None:
            self.enrol(user, self.course)
        return HttpResponseRedirect(self.get_success_url())

    def enrol(self, user, course) -> None:
        enrolment, _created = course_services.enrol(user, course)
        if enrolment is None:
            messages.error(self.request, gettext("Enrolment in this course is closed."))
        else:
            messages.success(
                self.request,
                gettext("You are enrolled in the course «%(course)s». Start with the first step below.")
                % {"course": course.title},
            )


class LoginView(auth_views.LoginView):
    """Django's login with the e-mail form and the throttle."""

    form_class = LoginForm
    template_name = "accounts/login.html"

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = TOO_MANY_REQUESTS
        return response


class LogoutView(auth_views.LogoutView):
    """Django's POST-only logout, with a message on the page it leads to."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, gettext("You have logged out."))
        return response


@method_decorator(never_cache, name="dispatch")
class ProfileView(LoginRequiredMixin, UpdateView):
    """The learner edits their own personal details."""

    form_class = ProfileForm
    template_name = "accounts/profile.html"
    # Not "user", which would hide the logged-in user that context processors give every template.
    context_object_name = "account"
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset=None) -> User:
        # A copy, not request.user: a rejected form changes its instance, and the header shows request.user.
        return User._default_manager.select_related("learner").get(pk=self.request.user.pk)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = form.save()
        except IntegrityError:
            form.add_error("email", form.error_messages["duplicate_email"])
            return self.form_invalid(form)
        messages.success(self.request, gettext("Your profile has been saved."))
        return HttpResponseRedirect(self.get_success_url())


class ConsentView(TemplateView):
    """The text of the consent to personal-data processing, to read and print apart from the sign-up form."""

    template_name = "accounts/consent.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**consent_context(), **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change for a logged-in person, in the site's frame."""

    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:password_change_done")
    template_name = "accounts/password_change_form.html"
    title = _("Change password")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    """The page after a password change."""

    template_name = "accounts/password_change_done.html"
    title = _("Password changed")


class ThrottledPasswordResetMixin:
    """Gives the form the request its limit counts by, and answers 429 when the limit refuses."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = TOO_MANY_REQUESTS
        return response


class UnlockOnResetMixin:
    """A new password set from the e-mailed link proves the mailbox: the login throttle's counts of the account go,
    so that its owner gets in at once even while somebody keeps guessing (``accounts.throttling``)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        unlock_account(self.request, form.user)
        return response


class PasswordResetView(ThrottledPasswordResetMixin, auth_views.PasswordResetView):
    """Django's password reset with a limit on requests; the next page is the same whether the address is known."""

    form_class = ThrottledPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    email_template_name = "accounts/emails/password_reset_email.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    title = _("Reset your password")

    @property
    def extra_email_context(self) -> dict:
        return {"valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """The same page whether or not an account has the address."""

    template_name = "accounts/password_reset_done.html"
    title = _("Check your e-mail")


class PasswordResetConfirmView(UnlockOnResetMixin, auth_views.PasswordResetConfirmView):
    """The page the e-mailed link opens: choose a new password."""

    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")
    template_name = "accounts/password_reset_confirm.html"
    title = _("Choose a new password")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    """The page after a new password is set."""

    template_name = "accounts/password_reset_complete.html"
    title = _("Your password has been set")


class AdminPasswordResetView(ThrottledPasswordResetMixin, wagtail_account.PasswordResetView):
    """Wagtail's admin password reset with the site's limit on e-mails (routed over Wagtail's own in urls.py)."""


class AdminPasswordResetConfirmView(UnlockOnResetMixin, wagtail_account.PasswordResetConfirmView):
    """Wagtail's admin page of the e-mailed link; a new password unlocks the account as on the site."""

    form_class = NewPasswordForm


@method_decorator(never_cache, name="dispatch")
class PersonalDataView(LoginRequiredMixin, TemplateView):
    """What the site holds about the signed-in person: a page that lists it, and the download as JSON
    (``?format=json``)."""

    template_name = "accounts/data.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "json":
            response = HttpResponse(
                data_rights.export_json(request.user), content_type="application/json; charset=utf-8"
            )
            filename = f"personal-data-{timezone.localdate().isoformat()}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(summary=data_rights.export_summary(self.request.user), **kwargs)


@method_decorator([sensitive_post_parameters("password"), csrf_protect, never_cache], name="dispatch")
class DeleteAccountView(LoginRequiredMixin, FormView):
    """The person deletes their account after entering the password (``accounts.data_rights.erase_account``)."""

    form_class = DeleteAccountForm
    template_name = "accounts/delete.html"
    success_url = reverse_lazy("accounts:deleted")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request, "user": self.request.user}

    def form_valid(self, form):
        # AlreadyErased: a second tab, after the first one did it.
        with suppress(data_rights.AlreadyErased):
            data_rights.erase_account(self.request.user)
        logout(self.request)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = TOO_MANY_REQUESTS
        return response


class AccountDeletedView(TemplateView):
    """The page after the deletion: what was removed and what the institute keeps."""

    template_name = "accounts/deleted.html"
