"""Certificates of the intensive: one per learner and course, numbered without gaps, verifiable by anyone."""

import secrets

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from course.codes import CompetencyCode


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


def certificate_storage():
    """Where the PDFs are kept: the ``certificates`` storage (``STORAGES``), which must not be served as media, so
    that a PDF is handed out only by the view that checks the certificate's status."""
    if "certificates" in settings.STORAGES:
        return storages["certificates"]
    return default_storage


def new_verification_code() -> str:
    """128 random bits, URL-safe: the code in the QR link, unguessable unlike the sequential number."""
    return secrets.token_urlsafe(16)


class CertificateNumberSequence(models.Model):
    """The last number issued for a prefix and year; its row is locked while a number is taken, so none is skipped
    or given twice, however many certificates are issued at once."""

    prefix = models.CharField(_("prefix"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("certificate number sequence")
        verbose_name_plural = _("certificate number sequences")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="mentors_sequence_prefix_year")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_number}"


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        today = timezone.localdate()
        return self.filter(status=CertificateStatus.VALID).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today)
        )


class Certificate(models.Model):
    """A certificate of completion with what it certifies frozen at the moment of issue.

    Attributes:
        number: for people, e.g. ``НП-2026-000123``; sequential within a prefix and year.
        code: for machines and the QR code; the check page lives at ``/certificates/<code>/``.
        holder_name, course_title, levels: snapshots taken at issue, so later edits do not change what was certified.
        levels: ``{competency code: 0-100}``; the registry reads these, it never recomputes them.
        holder_data_removed_at: when the holder's personal data were erased at their request (``accounts``'
            right to erasure): the name snapshot is then empty, and the check page and the credential say so. What
            the institute must keep of an issued document (number, date, programme, hours) stays.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(
        "course.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("number"), max_length=32, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number within the year"))
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_verification_code)
    holder_name = models.CharField(_("holder's name"), max_length=255)
    course_title = models.CharField(_("course title"), max_length=255)
    hours = models.PositiveSmallIntegerField(_("hours"), default=0)
    levels = models.JSONField(_("competency levels"), default=dict)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="certificates/", storage=certificate_storage, blank=True)
    holder_data_removed_at = models.DateTimeField(
        _("holder's data removed"),
        null=True,
        blank=True,
        help_text=_("When the holder's personal data were removed at their request; the name is not shown."),
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="mentors_certificate_once_per_course"),
        ]

    def __str__(self):
        return f"{self.number} — {self.holder_name}" if self.holder_name else self.number

    def get_absolute_url(self):
        return reverse("mentors:certificate", kwargs={"code": self.code})

    @property
    def current_status(self) -> str:
        """Revoked wins over expired; an expired certificate is one whose date has passed."""
        if self.status == CertificateStatus.REVOKED:
            return CertificateStatus.REVOKED
        if self.expires_on is not None and self.expires_on < timezone.localdate():
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def holder_data_removed(self) -> bool:
        return self.holder_data_removed_at is not None

    @property
    def is_valid(self) -> bool:
        return self.current_status == CertificateStatus.VALID

    def get_current_status_display(self) -> str:
        return CertificateStatus(self.current_status).label

    def level_rows(self) -> list[tuple[str, str, int | None]]:
        """(code, name, level) in the canonical order of the competencies."""
        return [(code, label, self.levels.get(code)) for code, label in CompetencyCode.choices]
