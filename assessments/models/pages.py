"""The assessment page: questions tagged with competencies, and the settings of how it is taken and passed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from assessments.blocks import QuestionStreamBlock
from assessments.scoring import Question, QuestionKind
from course.blocks import RICH_TEXT_FEATURES
from course.codes import CompetencyCode
from course.models import CoursePage, EnrolledOnlyMixin, ModulePage
from course.models.pages import PERCENT_VALIDATORS


class AssessmentKind(models.TextChoices):
    DIAGNOSTIC = "diagnostic", _("Entry diagnostic")
    MODULE_TEST = "module_test", _("Module test")
    FINAL = "final", _("Final assessment")


class AssessmentPage(EnrolledOnlyMixin, Page):
    """An assessment under a course (entry diagnostic, final) or a module (module test).

    Learners take it in attempts (``assessments.Attempt``); the answer key never leaves the server before submission
    and is not in the API.
    """

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
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    show_answers = models.BooleanField(
        _("show correct answers after submission"), default=True, help_text=_("With explanations.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("questions"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("attempts_allowed"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("estimated_minutes"),
                FieldPanel("shuffle_questions"),
                FieldPanel("show_answers"),
            ],
            heading=_("Taking the assessment"),
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
        SynchronizedField("show_answers", overridable=False),
    ]

    parent_page_types = ["course.CoursePage", "course.ModulePage"]
    subpage_types = []
    item_kind = "assessment"

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    @classmethod
    def attach_to_course_tree(cls) -> None:
        """Let editors add assessments under courses and modules; ``course`` itself does not know this app."""
        for parent in (CoursePage, ModulePage):
            if "assessments.AssessmentPage" not in parent.subpage_types:
                parent.subpage_types = [*parent.subpage_types, "assessments.AssessmentPage"]

    @property
    def required(self) -> bool:
        """The entry diagnostic shows where a learner starts; module tests and the final count towards progress."""
        return self.kind != AssessmentKind.DIAGNOSTIC

    @property
    def course_position(self) -> str:
        return "start" if self.kind == AssessmentKind.DIAGNOSTIC else "end"

    def scoring_questions(self) -> list[Question]:
        return [block.block.to_question(block.id, block.value) for block in self.questions]

    def question_blocks(self) -> dict:
        return {block.id: block for block in self.questions}

    def pass_levels(self) -> dict[str, int]:
        """The level each competency the assessment covers must reach: the page's level unless overridden."""
        codes = {question.competency for question in self.scoring_questions() if question.kind != QuestionKind.LIKERT}
        overrides = {override.competency: override.level for override in self.pass_level_overrides.all()}
        return {code: overrides.get(code, self.competency_pass_level) for code in codes}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.learner_state(request.user))
        context["module"] = self.get_parent().specific if self.kind == AssessmentKind.MODULE_TEST else None
        return context

    def learner_state(self, user) -> dict:
        attempts = list(self.attempts.filter(user=user)) if user.is_authenticated else []
        for attempt in attempts:
            attempt.page = self  # the page is at hand: no query per attempt
        open_attempt = next((attempt for attempt in attempts if attempt.is_open), None)
        used = len(attempts)
        left = None if self.attempts_allowed == 0 else max(0, self.attempts_allowed - used)
        return {
            "attempts": attempts,
            "open_attempt": open_attempt,
            "attempts_left": left,
            "can_start": open_attempt is None and (left is None or left > 0),
        }


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
