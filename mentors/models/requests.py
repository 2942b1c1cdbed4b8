"""Mentoring requests from schools: confirmed by e-mail before the mentor hears of them; contacts are shared only
on acceptance."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from course.codes import FormatCode, Position


class RequestStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for the sender to confirm the e-mail")
    PENDING = "pending", _("Waiting for the mentor")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Mentoring finished")


class MentoringRequestQuerySet(models.QuerySet):
    def for_mentor(self, user):
        """What a mentor may see: confirmed requests to their own profile."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(profile__user=user).exclude(status=RequestStatus.UNCONFIRMED)


class MentoringRequest(models.Model):
    """A school's request for a mentor. The contact fields never leave this table except in the two e-mails sent on
    acceptance."""

    profile = models.ForeignKey(
        "mentors.MentorProfile", verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="requests"
    )
    school = models.CharField(_("school"), max_length=255)
    municipality = models.ForeignKey(
        "course.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("contact person"), max_length=255)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    mentee_position = models.CharField(_("mentee's position"), max_length=20, choices=Position.choices)
    desired_format = models.CharField(_("desired format"), max_length=32, choices=FormatCode.choices)
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.UNCONFIRMED, db_index=True
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    objects = MentoringRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring request")
        verbose_name_plural = _("mentoring requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["profile", "status"], name="mentors_request_profile_status")]

    def __str__(self):
        return f"{self.school} → {self.profile}"
