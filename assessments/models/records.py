"""What learners hand in and what reviewers return: attempts with their answers, case submissions with reviews.

Every query a view makes about them goes through ``for_user`` or an explicit ``user=`` filter, so a learner can
only ever reach their own records.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_REVIEW = "awaiting_review", _("Awaiting review")
    GRADED = "graded", _("Graded")


class Attempt(models.Model):
    """One try at an assessment: the items drawn for it as they were shown, its deadline, and its grade.

    ``items`` is the attempt's snapshot (``assessments.bank``): the drawn questions with their options in the order
    shown, so saving, grading, review and regrading read the attempt, not the bank that editors may change later.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="attempts"
    )
    page = models.ForeignKey(
        "assessments.AssessmentPage", verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(
        _("status"), max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    items = models.JSONField(_("questions as shown"), default=list, blank=True)
    seed = models.PositiveBigIntegerField(_("draw seed"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    percent = models.DecimalField(_("score, %"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "page", "number"], name="assessments_attempt_number_unique"),
            # One open attempt per learner and assessment: a double click on "Start" cannot open two.
            models.UniqueConstraint(
                fields=["user", "page"],
                condition=models.Q(status="in_progress"),
                name="assessments_attempt_one_open",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.page_id} · #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS

    @property
    def question_ids(self) -> list[str]:
        """The attempt's questions in the order shown (its snapshot's)."""
        return [item["id"] for item in self.items]

    def item_map(self) -> dict[str, dict]:
        """The attempt's items by id, in the order shown."""
        return {item["id"]: item for item in self.items}


class AssessmentGrade(models.Model):
    """The grade that counts for one learner and assessment, by the assessment's grading method (Moodle's quiz
    grade): what progress, reports and certification read. Rewritten whenever one of the attempts is graded."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "assessments.AssessmentPage", verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="grades"
    )
    percent = models.DecimalField(_("score, %"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=False)
    attempts_graded = models.PositiveSmallIntegerField(_("attempts graded"), default=0)
    competencies = models.JSONField(_("points per competency"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("assessment grade")
        verbose_name_plural = _("assessment grades")
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="assessments_grade_unique")]

    def __str__(self):
        return f"{self.user} · {self.page_id} · {self.percent}"


class Answer(models.Model):
    """The latest saved answer to one question of an attempt; ``sequence`` orders the browser's saves."""

    attempt = models.ForeignKey(Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(_("question"), max_length=64)
    value = models.JSONField(_("answer"), null=True, blank=True)
    sequence = models.PositiveBigIntegerField(_("save sequence"), default=0)
    saved_at = models.DateTimeField(_("saved"), auto_now=True)
    # Written answers are scored by a reviewer.
    manual_points = models.DecimalField(_("points awarded"), max_digits=6, decimal_places=2, null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question_id"], name="assessments_answer_unique"),
        ]

    def __str__(self):
        return f"{self.attempt} · {self.question_id}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting review")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


class CaseSubmissionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class CaseSubmission(models.Model):
    """A learner's analysis of one case study: the working draft and its submitted versions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="case_submissions"
    )
    case = models.ForeignKey(
        "course.CaseStudyPage", verbose_name=_("case study"), on_delete=models.CASCADE, related_name="submissions"
    )
    status = models.CharField(_("status"), max_length=16, choices=SubmissionStatus.choices, default="draft")
    draft = models.TextField(_("draft"), blank=True, help_text=_("Sanitised HTML."))
    draft_saved_at = models.DateTimeField(_("draft saved"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CaseSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("case analysis")
        verbose_name_plural = _("case analyses")
        ordering = ["submitted_at"]
        constraints = [models.UniqueConstraint(fields=["user", "case"], name="assessments_submission_unique")]

    def __str__(self):
        return f"{self.user} · {self.case}"

    @property
    def editable(self) -> bool:
        return self.status in {SubmissionStatus.DRAFT, SubmissionStatus.RETURNED}


class CaseSubmissionVersion(models.Model):
    """A submitted version of an analysis, kept as it was sent."""

    submission = models.ForeignKey(
        CaseSubmission, verbose_name=_("analysis"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    body = models.TextField(_("analysis"), help_text=_("Sanitised HTML."))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="assessments_version_unique")]

    def __str__(self):
        return f"{self.submission} · v{self.number}"


class ReviewDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for revision")


class CaseReview(models.Model):
    """A reviewer's scores on the rubric as it was when they reviewed, with feedback and a decision."""

    version = models.OneToOneField(
        CaseSubmissionVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="review"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=16, choices=ReviewDecision.choices)
    rubric_snapshot = models.JSONField(_("rubric as used"))
    scores = models.JSONField(_("scores per criterion"))
    feedback = models.TextField(_("feedback"), blank=True, help_text=_("Sanitised HTML."))
    comments = models.JSONField(
        _("comments per criterion"),
        default=dict,
        blank=True,
        help_text=_("Plain text by criterion id, shown to the learner beside that criterion's points."),
    )
    total = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    max_total = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    created_at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.version} · {self.get_decision_display()}"

    @property
    def criteria(self) -> list[dict]:
        """The snapshot criteria with the points and the comment given on each."""
        return [
            {
                **criterion,
                "points": self.scores.get(criterion["id"]),
                "comment": self.comments.get(criterion["id"], ""),
            }
            for criterion in self.rubric_snapshot
        ]
