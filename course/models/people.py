"""The learner's own data that the course needs beside the account, whatever the site's user model."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from course.codes import Position


class LearnerProfile(models.Model):
    """A learner's details: one per user (``user.learner``), made at sign-up or when first needed
    (``course.people.learner_profile``).

    The plugin works with any ``AUTH_USER_MODEL``, so what a Russian school's teacher adds to Django's names and
    e-mail lives here rather than on the user.

    Attributes:
        patronymic: the Russian middle name (отчество), optional; part of the certificate's holder name.
        organisation: the school or institution the person works in.
        position: teacher, deputy head or head.
        municipality: where the person works.
        personal_data_consent_at: when the person consented to personal-data processing (152-FZ); empty for
            accounts made by staff.
        personal_data_consent_version: the version of the consent text agreed to (the site keeps the text).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="learner"
    )
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

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")

    def __str__(self) -> str:
        return str(self.user)
