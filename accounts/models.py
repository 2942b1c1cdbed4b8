"""The user model: teachers and school leaders who take the course, and institute staff."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from course.codes import Position


class LmsUserManager(UserManager):
    def get_by_natural_key(self, username):
        # Case-insensitive so that "Learner1" and "learner1" are the same account.
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A person with an account: e-mail is unique and works as a login, the name includes a patronymic.

    Attributes:
        patronymic: the Russian middle name (отчество), optional.
        organisation: the school or institution the person works in.
        position: teacher, deputy head or head.
        municipality: where the person works (a reference snippet of the course app).
        personal_data_consent_at: when the person consented to personal-data processing (152-FZ); empty for
            accounts made by staff.
        personal_data_consent_version: the version of the consent text agreed to (``accounts.consent``).
        personal_data_erased_at: when the account was anonymised at the person's request (``accounts.data_rights``);
            the row stays so that what the institute must keep (certificates, scores) points somewhere anonymous.
    """

    email = models.EmailField(_("e-mail"), unique=True)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=20, choices=Position.choices, blank=True)
    municipality = models.ForeignKey(
        "course.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    personal_data_consent_at = models.DateTimeField(_("personal-data consent given at"), null=True, blank=True)
    personal_data_consent_version = models.CharField(
        _("personal-data consent version"),
        max_length=20,
        blank=True,
        help_text=_("The version of the consent text the person agreed to."),
    )
    personal_data_erased_at = models.DateTimeField(
        _("personal data erased at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the account was anonymised at the person's request."),
    )

    objects = LmsUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]

    def get_full_name(self) -> str:
        """Russian order: last name, first name, patronymic."""
        parts = [self.last_name, self.first_name, self.patronymic]
        return " ".join(part for part in parts if part).strip() or self.username

    def get_short_name(self) -> str:
        return " ".join(part for part in [self.first_name, self.patronymic] if part) or self.username
