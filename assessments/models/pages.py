"""The assessment page: questions tagged with competencies, and the settings of how it is taken and passed."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from assessments import policy
from assessments.audit import Bank
from assessments.bank import flatten_raw_question, pools, questions_per_attempt
from assessments.blocks import QuestionStreamBlock
from assessments.choices import AssessmentKind, GradingMethod, ReviewMoment
from assessments.panels import BankCheckPanel
from course import progress as learner_progress
from course.blocks import RICH_TEXT_FEATURES
from course.codes import CompetencyCode
from course.models import EnrolledOnlyMixin
from course.models.pages import PERCENT_VALIDATORS


class AssessmentPage(EnrolledOnlyMixin, Page):
    """An assessment under a course (entry diagnostic, final) or a module (module test).

    Learners take it in attempts (``assessments.Attempt``); the answer key never leaves the server before submission
    and is not in the API.
    """

    page_description = _("A test of a module or of the course: the entry diagnostic, a module test or the final test.")

    kind = models.CharField(_("kind"), max_length=16, choices=AssessmentKind.choices, default="module_test")
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences shown in lists."))
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"))
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, help_text=_("0 means no limit.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit, minutes"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    competency_pass_level = models.PositiveSmallIntegerField(
        _("pass level per competency"),
        default=50,
        validators=PERCENT_VALIDATORS,
        help_text=_("Each competency the assessment covers must reach this share of its points."),
    )
    overall_pass_level = models.PositiveSmallIntegerField(
        _("overall pass level"), default=60, validators=PERCENT_VALIDATORS
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=20, help_text=_("Shown in the module outline.")
    )
    shuffle_questions = models.BooleanField(
        _("shuffle questions"), default=False, help_text=_("Each attempt shows its questions in its own order.")
    )
    shuffle_options = models.BooleanField(
        _("shuffle options"),
        default=True,
        help_text=_("Each attempt shows the options of every question in its own order."),
    )
    attempt_wait_hours = models.PositiveSmallIntegerField(
        _("wait between attempts, hours"), default=0, help_text=_("0 lets the next attempt start at once.")
    )
    grading_method = models.CharField(
        _("grading method"),
        max_length=16,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
        help_text=_("Which attempts make the grade that counts towards progress and competency levels."),
    )
    review_correctness = models.CharField(
        _("show whether each answer was right"),
        max_length=20,
        choices=ReviewMoment.choices,
        default=ReviewMoment.IMMEDIATELY,
        help_text=_("Right or wrong and the points of every question."),
    )
    review_answers = models.CharField(
        _("show the correct answers"),
        max_length=20,
        choices=ReviewMoment.choices,
        default=ReviewMoment.AFTER_PASS_OR_LAST,
        help_text=_("The correct options and the explanations."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("intro"),
        BankCheckPanel(heading=_("Item bank check")),
        InlinePanel(
            "draw_rules",
            heading=_("Items per attempt"),
            label=_("Items drawn from a competency's pool"),
            help_text=_(
                "Each attempt draws this many of the questions tagged with the competency. Without rules every "
                "question is in every attempt. Keep each pool at least twice its draw."
            ),
            max_num=5,
        ),
        FieldPanel("questions"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("attempts_allowed"),
                FieldPanel("attempt_wait_hours"),
                FieldPanel("grading_method"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("estimated_minutes"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
            ],
            heading=_("Taking the assessment"),
        ),
        MultiFieldPanel(
            [FieldPanel("review_correctness"), FieldPanel("review_answers")],
            heading=_("Review after submission"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("competency_pass_level"),
                InlinePanel("pass_level_overrides", label=_("Another level for a competency"), max_num=5),
                FieldPanel("overall_pass_level"),
            ],
            heading=_("Pass levels"),
        ),
        *Page.settings_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.FilterField("kind")]
    # The questions, with their keys, are deliberately not in the API.
    api_fields = [APIField("kind"), APIField("summary"), APIField("intro"), APIField("time_limit_minutes")]
    override_translatable_fields = [
        SynchronizedField("kind", overridable=False),
        SynchronizedField("attempts_allowed", overridable=False),
        SynchronizedField("time_limit_minutes", overridable=False),
        SynchronizedField("estimated_minutes", overridable=False),
        SynchronizedField("competency_pass_level", overridable=False),
        SynchronizedField("overall_pass_level", overridable=False),
        SynchronizedField("shuffle_questions", overridable=False),
        SynchronizedField("shuffle_options", overridable=False),
        SynchronizedField("attempt_wait_hours", overridable=False),
        SynchronizedField("grading_method", overridable=False),
        SynchronizedField("review_correctness", overridable=False),
        SynchronizedField("review_answers", overridable=False),
    ]

    parent_page_types = ["course.CoursePage", "course.ModulePage"]
    subpage_types = []
    item_kind = "assessment"

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    @property
    def required(self) -> bool:
        """The entry diagnostic shows where a learner starts; module tests and the final count towards progress."""
        return self.kind != AssessmentKind.DIAGNOSTIC

    @property
    def course_position(self) -> str:
        return "start" if self.kind == AssessmentKind.DIAGNOSTIC else "end"

    def bank_items(self) -> list[dict]:
        """The questions as plain items (``assessments.bank``), read from the stored JSON without building blocks."""
        return [flatten_raw_question(raw) for raw in self.questions.raw_data]

    def draw_counts(self) -> dict[str, int]:
        return {rule.competency: rule.count for rule in self.draw_rules.all()}

    def bank(self) -> Bank:
        """What the guessing audit needs: the items, the draw and the pass levels."""
        return Bank(
            title=self.title,
            items=self.bank_items(),
            counts=self.draw_counts(),
            shuffle_questions=self.shuffle_questions,
            shuffle_options=self.shuffle_options,
            pass_levels=self.pass_levels(),
            overall_pass_level=self.overall_pass_level,
            kind=self.kind,
        )

    def questions_per_attempt(self) -> int:
        return questions_per_attempt(self.bank_items(), self.draw_counts())

    def pass_levels(self) -> dict[str, int]:
        """The level each competency must reach in an attempt: the page's level unless overridden."""
        overrides = {override.competency: override.level for override in self.pass_level_overrides.all()}
        return {code: overrides.get(code, self.competency_pass_level) for code in CompetencyCode.values}

    def clean(self):
        super().clean()
        counts = self.draw_counts()
        if counts:
            sizes = {code: len(pool) for code, pool in pools(self.bank_items()).items()}
            short = [code for code, count in counts.items() if sizes.get(code, 0) < count]
            if short:
                raise ValidationError(
                    _("Too few questions to draw from for: %(competencies)s. Add questions or draw fewer.")
                    % {"competencies": ", ".join(str(CompetencyCode(code).label) for code in short)}
                )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = learner_progress.course_of(self)
        # A translation shows the attempts of its original, where they are recorded (``taught_page``).
        context.update(learner_progress.taught_page(self, course).learner_state(request.user))
        context["module"] = self.get_parent().specific if self.kind == AssessmentKind.MODULE_TEST else None
        context["course_progress"] = learner_progress.for_request(request, course)  # the course outline beside it
        context["outline_translations"] = learner_progress.translations_for(context["course_progress"], self)
        return context

    def learner_state(self, user) -> dict:
        attempts = list(self.attempts.filter(user=user)) if user.is_authenticated else []
        for attempt in attempts:
            attempt.page = self  # the page is at hand: no query per attempt
        open_attempt = next((attempt for attempt in attempts if attempt.is_open), None)
        used = len(attempts)
        left = None if self.attempts_allowed == 0 else max(0, self.attempts_allowed - used)
        submitted = [attempt.submitted_at for attempt in attempts if attempt.submitted_at]
        opens_at = None
        if submitted and open_attempt is None:
            opens_at = policy.next_attempt_opens(self, max(submitted))
            opens_at = opens_at if opens_at is not None and opens_at > timezone.now() else None
        grade = self.grades.filter(user=user).first() if user.is_authenticated and attempts else None
        return {
            "attempts": attempts,
            "open_attempt": open_attempt,
            "attempts_left": left,
            "next_attempt_opens": opens_at,
            "grade": grade,
            "can_start": open_attempt is None and (left is None or left > 0) and opens_at is None,
        }


class AssessmentDrawRule(Orderable):
    """How many questions an attempt draws from the pool of one competency."""

    page = ParentalKey(AssessmentPage, on_delete=models.CASCADE, related_name="draw_rules")
    competency = models.CharField(_("competency"), max_length=32, choices=CompetencyCode.choices)
    count = models.PositiveSmallIntegerField(_("questions per attempt"), validators=[MinValueValidator(1)])

    panels = [FieldPanel("competency"), FieldPanel("count")]

    class Meta(Orderable.Meta):
        verbose_name = _("draw rule")
        verbose_name_plural = _("draw rules")
        constraints = [models.UniqueConstraint(fields=["page", "competency"], name="assessments_draw_rule_unique")]


class AssessmentPassLevel(Orderable):
    """A pass level for one competency of an assessment that differs from the assessment's own."""

    page = ParentalKey(AssessmentPage, on_delete=models.CASCADE, related_name="pass_level_overrides")
    competency = models.CharField(_("competency"), max_length=32, choices=CompetencyCode.choices)
    level = models.PositiveSmallIntegerField(_("pass level"), validators=PERCENT_VALIDATORS)

    panels = [FieldPanel("competency"), FieldPanel("level")]

    class Meta(Orderable.Meta):
        verbose_name = _("pass level of a competency")
        constraints = [
            models.UniqueConstraint(fields=["page", "competency"], name="assessments_pass_level_unique"),
        ]
