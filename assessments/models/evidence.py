"""The evidence log of a learner's competencies: every graded thing that says something about a competency."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.choices import EvidenceSource
from course.codes import CompetencyCode


class CompetencyEvidence(models.Model):
    """Points earned of points possible in one competency, from one graded page; replaced when it is graded again.

    Self-assessment rows (``source`` = ``self``) hold a level out of 100 and never enter the assessed level.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="evidence"
    )
    course = models.ForeignKey(
        "course.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("graded page"), on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(_("source"), max_length=16, choices=EvidenceSource.choices)
    competency = models.CharField(_("competency"), max_length=32, choices=CompetencyCode.choices)
    earned = models.DecimalField(_("earned"), max_digits=8, decimal_places=2)
    possible = models.DecimalField(_("possible"), max_digits=8, decimal_places=2)
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("competency evidence")
        verbose_name_plural = _("competency evidence")
        ordering = ["-recorded_at", "competency"]
        indexes = [models.Index(fields=["user", "course"], name="assessments_evidence_learner")]

    def __str__(self):
        return f"{self.user} · {self.competency} · {self.earned}/{self.possible}"
