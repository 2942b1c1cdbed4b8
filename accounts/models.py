"""The user model: teachers and school leaders who take the course, and institute staff."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from course.people import full_name, short_name


class LmsUserManager(UserManager):
    def get_by_natural_key(self, username):
        # Case-insensitive so that "Learner1" and "learner1" are the same account.
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A person with an account: e-mail is unique and works as a login. What the course needs besides (patronymic,
    organisation, position, municipality, the personal-data consent) is the plugin's learner profile
    (``user.learner``, ``course.people``).

    Attributes:
        personal_data_erased_at: when the account was anonymised at the person's request (``accounts.data_rights``);
            the row stays so that what the institute must keep (certificates, scores) points somewhere anonymous.
    """

    email = models.EmailField(_("e-mail"), unique=True)
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
        return full_name(self)

    def get_short_name(self) -> str:
        return short_name(self)
