"""Forms of the learner accounts (sign-up, login, profile, password reset) and of the Wagtail admin's user screens."""

from itertools import groupby

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SetPasswordMixin,
)
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_variables

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from accounts.consent import CONSENT_CHECKBOX_LABEL, record_consent
from accounts.models import User
from accounts.services import username_for_email
from accounts.throttling import PasswordResetThrottle
from course.cleaning import StorableTextFormMixin, validate_storable_text
from course.codes import Position
from course.models import LearnerProfile, Municipality
from course.people import learner_of
from course.services import learner_profile
from course.throttling import minutes
from course.validators import validate_single_line

# The learner's details, which the plugin keeps in its learner profile (``user.learner``), edited with the account.
LEARNER_FIELDS = ("patronymic", "organisation", "position", "municipality")
NAME_FIELDS = ("last_name", "first_name", "patronymic", "organisation")

# The longest address the e-mail field takes (RFC 3696 as corrected, and Django's EmailField default).
EMAIL_MAX_LENGTH = 254


def single_line_names(form: forms.BaseForm) -> None:
    for name in NAME_FIELDS:
        if name in form.fields:
            form.fields[name].validators.append(validate_single_line)


def learner_field(name: str) -> forms.Field:
    return LearnerProfile._meta.get_field(name).formfield()


class LearnerFieldsForm(forms.Form):
    """A form of the user with the learner's details, which go to the learner profile when the user's related data
    are saved (``save()``, or ``save_m2m()`` after ``save(commit=False)``: the profile needs the user's key)."""

    patronymic = learner_field("patronymic")
    organisation = learner_field("organisation")
    position = learner_field("position")
    municipality = learner_field("municipality")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        learner = learner_of(self.instance) if self.instance.pk else None
        if learner is not None:
            for name in LEARNER_FIELDS:
                self.initial.setdefault(name, LearnerProfile._meta.get_field(name).value_from_object(learner))

    def update_learner(self, profile: LearnerProfile) -> None:
        """Copy the form's learner details into ``profile`` (the caller saves it)."""
        for name in LEARNER_FIELDS:
            if name in self.cleaned_data:
                setattr(profile, name, self.cleaned_data[name])

    def _save_m2m(self):
        super()._save_m2m()
        profile = learner_profile(self.instance)
        self.update_learner(profile)
        profile.save()


class LmsUserCreationForm(StorableTextFormMixin, LearnerFieldsForm, UserCreationForm):
    """The Wagtail admin's new-user form, with the learner's details."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        single_line_names(self)


class LmsUserEditForm(StorableTextFormMixin, LearnerFieldsForm, UserEditForm):
    """The Wagtail admin's user form, with the learner's details."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        single_line_names(self)


class MunicipalityChoiceIterator(ModelChoiceIterator):
    """Municipalities grouped by region, one ``<optgroup>`` each, sorted by their names in the active language."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        municipalities = sorted(
            self.queryset.select_related("region"),
            key=lambda item: (item.region.display_name, item.region_id, item.display_name),
        )
        for region, items in groupby(municipalities, key=lambda item: item.region):
            yield (region.display_name, [self.choice(item) for item in items])


class MunicipalityChoiceField(forms.ModelChoiceField):
    """A municipality, chosen from a list grouped by region."""

    iterator = MunicipalityChoiceIterator


class PersonalDetailsForm(StorableTextFormMixin, LearnerFieldsForm, forms.ModelForm):
    """The personal fields a learner fills in at sign-up and edits in the profile: the account's names and e-mail,
    and the learner profile's details."""

    municipality = MunicipalityChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        empty_label=_("Choose a municipality"),
        help_text=_("Where your school or institution is."),
    )

    error_messages = {
        "duplicate_email": _("An account with this e-mail already exists."),
    }

    # In the order of the page, so that the summary of errors lists them as the page shows them.
    field_order = ["last_name", "first_name", "patronymic", "organisation", "position", "municipality", "email"]

    class Meta:
        model = User
        fields = ["last_name", "first_name", "email"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["patronymic"].widget.attrs["autocomplete"] = "additional-name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["organisation"].help_text = _("The school or other institution you work in.")
        # Optional on the model (staff accounts need none of them), required of learners.
        for name in ("last_name", "first_name", "organisation", "position"):
            self.fields[name].required = True
        # The names make the certificate's holder name and the mentor's name shown, which stand in e-mail headers.
        single_line_names(self)
        self.fields["position"].choices = [("", _("Choose a position")), *Position.choices]

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"].strip())
        others = User._default_manager.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(self.error_messages["duplicate_email"], code="duplicate_email")
        return email


class ConsentCheckboxInput(forms.CheckboxInput):
    """A checkbox that counts as ticked only with a value meaning yes ("on" is what browsers send).

    Django's checkbox takes any non-empty value but "false" as ticked, "0" and "off" included; consent must be
    explicit.
    """

    def value_from_datadict(self, data, files, name) -> bool:
        return str(data.get(name, "")).strip().lower() in {"on", "true", "yes", "1"}


class SignupForm(SetPasswordMixin, PersonalDetailsForm):
    """A new learner's account: personal details, a password and the consent to personal-data processing."""

    password1, password2 = SetPasswordMixin.create_password_fields()
    consent = forms.BooleanField(
        label=CONSENT_CHECKBOX_LABEL,
        required=True,
        widget=ConsentCheckboxInput,
        error_messages={"required": _("An account can only be created with your consent to the processing.")},
    )

    error_messages = {**SetPasswordMixin.error_messages, **PersonalDetailsForm.error_messages}

    def clean(self):
        self.validate_passwords()
        return super().clean()

    def _post_clean(self):
        super()._post_clean()
        # After the instance has the form's data, so that the similarity check compares with the name and e-mail.
        self.validate_password_for_user(self.instance)

    def update_learner(self, profile: LearnerProfile) -> None:
        super().update_learner(profile)
        record_consent(profile)

    def save(self, commit=True) -> User:
        user = super().save(commit=False)
        user.username = username_for_email(user.email)
        user = self.set_password_and_save(user, commit=commit)
        if commit:
            self.save_m2m()
        return user


class ProfileForm(PersonalDetailsForm):
    """The learner's own personal details."""

    def save(self, commit=True) -> User:
        user = super().save(commit=False)
        previous_email = self.initial.get("email") or ""
        # An account whose username is its e-mail address keeps the two together, so the old address is free
        # for somebody else to sign up with and logs nobody into this account.
        if "email" in self.changed_data and user.username.lower() == previous_email.lower():
            user.username = username_for_email(user.email, exclude_pk=user.pk)
        if commit:
            user.save()
            self.save_m2m()
        return user


def too_many_attempts(seconds: int) -> str:
    count = minutes(seconds)
    return ngettext(
        "Too many failed attempts. Try again in %(minutes)d minute.",
        "Too many failed attempts. Try again in %(minutes)d minutes.",
        count,
    ) % {"minutes": count}


def too_many_requests(seconds: int) -> str:
    count = minutes(seconds)
    return ngettext(
        "Too many requests. Try again in %(minutes)d minute.",
        "Too many requests. Try again in %(minutes)d minutes.",
        count,
    ) % {"minutes": count}


class ThrottledLoginMixin:
    """A login form that says so when the throttle (django-axes' backend, ``accounts.throttling``) refused the login.

    The backend refuses before any password is checked; the form then shows how long to wait instead of "wrong
    password", and ``throttled`` makes the view answer 429.
    """

    throttled = False

    @sensitive_variables()
    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                self.throttled = True
                wait = getattr(self.request, "login_retry_after", 0) or 1
                raise ValidationError(too_many_attempts(wait), code="throttled") from None
            raise


class LoginForm(StorableTextFormMixin, ThrottledLoginMixin, AuthenticationForm):
    """Login by e-mail (or username) on the site."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail or the password is wrong."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.label = _("E-mail")
        # AuthenticationForm caps the field at the username's length; an e-mail address may be longer.
        field.max_length = EMAIL_MAX_LENGTH
        field.validators.append(MaxLengthValidator(EMAIL_MAX_LENGTH))
        field.widget.attrs.update(
            {
                "maxlength": EMAIL_MAX_LENGTH,
                "autocomplete": "email",
                "inputmode": "email",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        )


class AdminLoginForm(StorableTextFormMixin, ThrottledLoginMixin, WagtailLoginForm):
    """Wagtail's admin login (``WAGTAILADMIN_USER_LOGIN_FORM``), telling a throttled login why it is refused."""


class PasswordResetThrottleMixin:
    """A password-reset form with a limit on requests per IP address and per e-mail address (the view passes the
    request)."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        self.throttled = False
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        email = cleaned_data.get("email")
        if not email:
            return cleaned_data
        throttle = PasswordResetThrottle(self.request, email)
        if wait := throttle.retry_after():
            self.throttled = True
            raise ValidationError(too_many_requests(wait), code="throttled")
        throttle.hit()
        return cleaned_data


class ThrottledPasswordResetForm(StorableTextFormMixin, PasswordResetThrottleMixin, PasswordResetForm):
    """Django's password-reset form with the limit, on the site."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail")


class AdminPasswordResetForm(StorableTextFormMixin, PasswordResetThrottleMixin, WagtailPasswordResetForm):
    """Wagtail's admin password-reset form (``WAGTAILADMIN_USER_PASSWORD_RESET_FORM``) with the site's limit."""


class NewPasswordForm(StorableTextFormMixin, SetPasswordForm):
    """Django's form for a new password from the e-mailed link (the site's and the admin's)."""


class ChangePasswordForm(StorableTextFormMixin, PasswordChangeForm):
    """Django's password change for a logged-in person."""


class DeleteAccountForm(StorableTextFormMixin, forms.Form):
    """The person deletes their own account: the password again, checked by the throttled login backends, and an
    explicit confirmation."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data will be deleted and that this cannot be undone."),
        required=True,
        widget=ConsentCheckboxInput,
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )

    def __init__(self, *args, request, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = user
        self.throttled = False

    @sensitive_variables("password")
    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # With the request: django-axes counts a wrong password here as a failed login and refuses when throttled.
        authenticated = authenticate(self.request, username=self.user.get_username(), password=password)
        if authenticated is not None and authenticated.pk == self.user.pk:
            return password
        if getattr(self.request, "axes_locked_out", False):
            self.throttled = True
            wait = getattr(self.request, "login_retry_after", 0) or 1
            raise ValidationError(too_many_attempts(wait), code="throttled")
        raise ValidationError(_("The password is wrong."), code="wrong_password")


class EraseUserForm(StorableTextFormMixin, forms.Form):
    """Staff erase an account on the person's written request, which the log entry names."""

    reference = forms.CharField(
        label=_("Written request"),
        max_length=255,
        validators=[validate_single_line, validate_storable_text],
        help_text=_("The registration number and date of the person's request, e.g. “вх. № 123 от 01.12.2026”."),
    )
    confirm = forms.BooleanField(
        label=_("I have checked the request and its sender's identity; the erasure cannot be undone."),
        required=True,
    )
