"""The kinds and options of assessments and evidence, apart from the models so that the rules (``policy``) and the
models may both read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentKind(models.TextChoices):
    DIAGNOSTIC = "diagnostic", _("Entry diagnostic")
    MODULE_TEST = "module_test", _("Module test")
    FINAL = "final", _("Final assessment")


class GradingMethod(models.TextChoices):
    """Which graded attempts make the grade that counts (as Moodle's quiz grading methods)."""

    HIGHEST = "highest", _("Highest grade")
    LATEST = "latest", _("Latest attempt")
    AVERAGE = "average", _("Average of the attempts")
    FIRST = "first", _("First attempt")


class ReviewMoment(models.TextChoices):
    """When a learner may see something of a submitted attempt (as Moodle's review options)."""

    IMMEDIATELY = "immediately", _("Immediately after the attempt")
    AFTER_PASS_OR_LAST = "after_pass_or_last", _("After passing or when no attempt is left")
    AFTER_LAST = "after_last", _("When no attempt is left")
    AFTER_PASS = "after_pass", _("After passing")
    NEVER = "never", _("Never")


class EvidenceSource(models.TextChoices):
    DIAGNOSTIC = "diagnostic", _("Entry diagnostic")
    MODULE_TEST = "module_test", _("Module test")
    FINAL = "final", _("Final assessment")
    CASE = "case", _("Case analysis")
    SELF = "self", _("Self-assessment")
