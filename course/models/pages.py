"""The course page tree: CourseIndexPage > CoursePage > ModulePage > LessonPage | CaseStudyPage."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from course import progress as learner_progress
from course.blocks import (
    RICH_TEXT_FEATURES,
    LessonStreamBlock,
    OutcomeBlock,
    ParticipantBlock,
    RubricStreamBlock,
    SourcesBlock,
)
from course.caching import tree_version
from course.codes import CompetencyCode
from course.models.records import Enrolment, EnrolmentClosed, LessonCompletion
from course.signals import announce_evidence

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
# An academic hour (академический час) of continuing professional education is 45 minutes.
ACADEMIC_HOUR_MINUTES = 45


@dataclass(frozen=True)
class CurriculumRow:
    """One line of a course's curriculum plan: a module, the capstone or the assessments, in academic hours."""

    title: str
    lectures: int = 0
    practice: int = 0
    cases: int = 0
    independent: int = 0
    capstone: int = 0
    assessment: int = 0
    number: int | None = None

    @property
    def total(self) -> int:
        return self.lectures + self.practice + self.cases + self.independent + self.capstone + self.assessment


@dataclass(frozen=True)
class CurriculumPlan:
    """The curriculum plan of a course, computed from its modules' hours, its capstone and its assessments."""

    rows: list[CurriculumRow]
    stated_total: int

    @property
    def totals(self) -> CurriculumRow:
        return CurriculumRow(
            title="",
            **{
                name: sum(getattr(row, name) for row in self.rows)
                for name in ("lectures", "practice", "cases", "independent", "capstone", "assessment")
            },
        )

    @property
    def adds_up(self) -> bool:
        return self.totals.total == self.stated_total


class EnrolledOnlyMixin:
    """A page beyond a course's landing page: served to enrolled learners (the ``before_serve_page`` hook of
    ``course`` checks), so search engines are not pointed at it."""

    def get_sitemap_urls(self, request=None):
        return []


class CourseIndexPage(Page):
    """The site root: the catalogue of courses."""

    page_description = _("The catalogue of courses: the root of a site, translated into each language.")

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["course.CoursePage", "mentors.MentorRegistryPage"]  # a string: course imports nothing of mentors

    class Meta:
        verbose_name = _("course catalogue")
        verbose_name_plural = _("course catalogues")

    def get_courses(self):
        return CoursePage.objects.child_of(self).live().public().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = self.get_courses()
        return context


class CoursePage(RoutablePageMixin, Page):
    """A course: its landing page, settings of progression and the thresholds of assessment."""

    page_description = _("A course's landing page: its description, curriculum plan and enrolment.")
    # The explorer lists a course's pages in the programme's order (the tree's, which editors drag to change), not
    # the most recently edited first.
    admin_default_ordering = "ord"

    summary = RichTextField(_("summary"), features=RICH_TEXT_FEATURES)
    audience = RichTextField(
        _("audience"), blank=True, features=RICH_TEXT_FEATURES, help_text=_("Who the course is for.")
    )
    delivery_format = RichTextField(
        _("format"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("How the course runs: sessions, review, assessment."),
    )
    format_brief = models.CharField(
        _("format in brief"),
        max_length=120,
        blank=True,
        help_text=_(
            "One line beside the title, with the hours and the dates: how the course runs, e.g. “Online, with case "
            "analyses reviewed by the course's reviewers”."
        ),
    )
    starts_on = models.DateField(
        _("starts"),
        null=True,
        blank=True,
        help_text=_("Leave both dates empty for a course learners start on enrolling."),
    )
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), default=72, help_text=_("Academic hours of the programme."))
    assessment_hours = models.PositiveSmallIntegerField(
        _("hours of the entry diagnostic and the final assessment"),
        default=0,
        help_text=_(
            "Academic hours (45 minutes) the curriculum plan gives to the entry diagnostic and the final assessment; "
            "with the modules' hours and the capstone's they should add up to the course's hours."
        ),
    )
    bibliography = StreamField(
        [("sources", SourcesBlock())],
        verbose_name=_("bibliography"),
        blank=True,
        help_text=_("The sources the course is written from, shown on the landing page."),
    )
    outcomes = StreamField([("outcome", OutcomeBlock())], verbose_name=_("outcomes per competency"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrolment_open = models.BooleanField(_("enrolment open"), default=True)
    sequential_modules = models.BooleanField(
        _("sequential modules"), default=True, help_text=_("A module opens only when the previous one is complete.")
    )
    # Not an assessment's ``competency_pass_level`` (a share of one attempt's points): a level of the learner's
    # competency profile over the whole course.
    certification_level = models.PositiveSmallIntegerField(
        _("certification level per competency"),
        default=50,
        validators=PERCENT_VALIDATORS,
        help_text=_("Each competency must reach this level (0-100) to pass and to be certified."),
    )
    band_basic = models.PositiveSmallIntegerField(_("“basic” from"), default=50, validators=PERCENT_VALIDATORS)
    band_advanced = models.PositiveSmallIntegerField(_("“advanced” from"), default=70, validators=PERCENT_VALIDATORS)
    band_expert = models.PositiveSmallIntegerField(_("“expert” from"), default=85, validators=PERCENT_VALIDATORS)
    issues_certificates = models.BooleanField(
        _("issues certificates"),
        default=True,
        help_text=_(
            "Certify a learner automatically once every required item is done, the final assessment is passed and "
            "each competency reaches the pass level."
        ),
    )
    certificate_prefix = models.CharField(
        _("certificate number prefix"),
        max_length=10,
        default="НП",
        validators=[RegexValidator(r"^[0-9A-ZА-ЯЁ]{1,10}$", _("Use 1-10 capital letters or digits."))],
        help_text=_("Numbers look like НП-2026-000123: the prefix, the year of issue and a number within the year."),
    )
    certificate_validity_years = models.PositiveSmallIntegerField(
        _("certificate valid for (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Leave empty for certificates that do not expire."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("audience"),
        FieldPanel("delivery_format"),
        MultiFieldPanel(
            [FieldPanel("format_brief"), FieldPanel("starts_on"), FieldPanel("ends_on")],
            heading=_("Key facts"),
            help_text=_("Shown beside the title with the hours, above the enrol button."),
        ),
        MultiFieldPanel(
            [FieldPanel("hours"), FieldPanel("assessment_hours")],
            heading=_("Hours"),
            help_text=_(
                "The curriculum plan on the landing page is built from the modules' hours, the capstone and these "
                "hours; it warns when they do not add up to the course's hours."
            ),
        ),
        FieldPanel("outcomes"),
        FieldPanel("bibliography"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [FieldPanel("enrolment_open"), FieldPanel("sequential_modules")], heading=_("Enrolment and progression")
        ),
        MultiFieldPanel(
            [
                FieldPanel("certification_level"),
                FieldPanel("band_basic"),
                FieldPanel("band_advanced"),
                FieldPanel("band_expert"),
            ],
            heading=_("Thresholds"),
            help_text=_("Levels below “basic” are shown as “not yet”."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("issues_certificates"),
                FieldPanel("certificate_prefix"),
                FieldPanel("certificate_validity_years"),
            ],
            heading=_("Certification"),
        ),
        *Page.settings_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.FilterField("enrolment_open"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("audience"),
        APIField("delivery_format"),
        APIField("format_brief"),
        APIField("starts_on"),
        APIField("ends_on"),
        APIField("hours"),
        APIField("outcomes"),
        APIField("enrolment_open"),
        APIField("sequential_modules"),
    ]
    override_translatable_fields = [
        SynchronizedField("starts_on", overridable=False),
        SynchronizedField("ends_on", overridable=False),
        SynchronizedField("hours", overridable=False),
        SynchronizedField("assessment_hours", overridable=False),
        SynchronizedField("enrolment_open", overridable=False),
        SynchronizedField("sequential_modules", overridable=False),
        SynchronizedField("certification_level", overridable=False),
        SynchronizedField("band_basic", overridable=False),
        SynchronizedField("band_advanced", overridable=False),
        SynchronizedField("band_expert", overridable=False),
        SynchronizedField("issues_certificates", overridable=False),
        SynchronizedField("certificate_prefix", overridable=False),
        SynchronizedField("certificate_validity_years", overridable=False),
    ]

    parent_page_types = ["course.CourseIndexPage"]
    # The entry diagnostic and the final assessment; named, not imported: ``assessments`` builds on ``course``.
    subpage_types = ["course.ModulePage", "course.CaseStudyPage", "assessments.AssessmentPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self):
        super().clean()
        if not self.band_basic < self.band_advanced < self.band_expert:
            raise ValidationError({"band_advanced": _("Levels must rise: “basic” < “advanced” < “expert”.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The course cannot end before it starts.")})

    def get_modules(self):
        return ModulePage.objects.child_of(self).live().public().order_by("number", "path")

    def get_programme(self) -> tuple[list["ModulePage"], str | None]:
        """The modules to show and, when they are in another language, that language's code.

        A translated landing page may have no translated modules (the intensive is taught in Russian); it then shows
        the modules of the course in the default language.
        """
        modules = list(self.get_modules().prefetch_related("competency_tags"))
        default_locale = Locale.get_default()
        if modules or self.locale_id == default_locale.pk:
            return modules, None
        original = self.get_translation_or_none(default_locale)
        if original is None:
            return [], None
        return list(original.specific.get_modules().prefetch_related("competency_tags")), default_locale.language_code

    def get_programme_and_plan(self, preview: bool = False) -> tuple[list["ModulePage"], str | None, CurriculumPlan]:
        """The programme and the curriculum plan, the same for every visitor: kept per page, language and tree
        version (a learner's landing page is not served from the page cache); computed afresh in a preview."""
        key = f"course:programme:{self.pk}:{get_language()}:{tree_version()}"
        found = None if preview else cache.get(key)
        if found is None:
            modules, language = self.get_programme()
            # The modules are the course's own unless they come from the original of a translated landing page.
            found = (modules, language, self.get_curriculum_plan(modules, taught=None if language else self))
            if not preview:
                cache.set(key, found, learner_progress.PROGRESS_CACHE_SECONDS)
        return found

    def get_capstone(self) -> "CaseStudyPage | None":
        return CaseStudyPage.objects.child_of(self).live().filter(kind=CaseKind.CAPSTONE).first()

    def get_curriculum_plan(
        self, modules: list["ModulePage"] | None = None, taught: "CoursePage | None" = None
    ) -> CurriculumPlan:
        """Hours per module and per form of work: the modules' own hours, the capstone's estimate and the hours of
        the assessments, against the course's stated total. ``taught`` is the course the modules belong to (the
        original of a translated landing page)."""
        if modules is None:
            modules, _language = self.get_programme()
        taught = taught or self.get_taught_course()
        rows = [
            CurriculumRow(
                title=module.title,
                number=module.number,
                lectures=module.hours_lectures,
                practice=module.hours_practice,
                cases=module.hours_cases,
                independent=module.hours_independent,
            )
            for module in modules
        ]
        capstone = taught.get_capstone()
        if capstone is not None:
            rows.append(CurriculumRow(title=capstone.title, capstone=capstone.academic_hours))
        if taught.assessment_hours:
            rows.append(
                CurriculumRow(
                    title=gettext("Entry diagnostic and final assessment"), assessment=taught.assessment_hours
                )
            )
        return CurriculumPlan(rows=rows, stated_total=self.hours)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"], context["modules_in_other_language"], context["plan"] = self.get_programme_and_plan(
            preview=getattr(request, "is_preview", False)
        )
        # A visitor has no progress: the course taught is not even looked up.
        taught = learner_progress.taught_course(self) if request.user.is_authenticated else None
        progress = learner_progress.for_request(request, taught)
        context["progress"] = progress
        context["enrolment"] = progress.enrolment if progress else None
        # On a translated landing page the states are the original modules', shown on their translations.
        translations = learner_progress.translations_for(progress, self)
        context["outline_translations"] = translations
        context["module_states"] = (
            {translations.get(module.module.pk, module.module).pk: module for module in progress.modules}
            if progress
            else {}
        )
        return context

    @path("enrol/", name="enrol")
    def enrol(self, request):
        """Enrol the signed-in learner (a POST from the landing page) and send them to the first step."""
        if not request.user.is_authenticated:
            return redirect_to_login(self.get_url(request))
        if request.method != "POST":
            return redirect(self.get_url(request))
        try:
            _enrolment, created = Enrolment.objects.enrol(request.user, self.get_taught_course())
        except EnrolmentClosed:
            messages.error(request, gettext("Enrolment in this course is closed."))
            return redirect(self.get_url(request))
        if created:
            messages.success(request, gettext("You are enrolled. Start with the first step below."))
        return redirect(self.get_url(request))

    def get_taught_course(self) -> "CoursePage":
        """The course learners enrol in: the default-language original of a translated landing page."""
        default_locale = Locale.get_default()
        if self.locale_id == default_locale.pk:
            return self
        original = self.get_translation_or_none(default_locale)
        return original.specific if original is not None else self

    @property
    def band_thresholds(self) -> tuple[int, int, int]:
        """Where the named bands “basic”, “advanced” and “expert” start (``assessments.policy.band`` names them)."""
        return self.band_basic, self.band_advanced, self.band_expert


class ModulePage(EnrolledOnlyMixin, Page):
    """A module of a course: objectives, competencies addressed and its lessons and case studies."""

    page_description = _("A module of a course: its lessons, case studies and module test.")
    admin_default_ordering = "ord"  # lessons, case studies and the test in the module's order

    number = models.PositiveSmallIntegerField(_("number"), help_text=_("Order of the module in the course."))
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("objective"), max_length=500))],
        verbose_name=_("objectives"),
        blank=True,
    )
    estimated_hours = models.PositiveSmallIntegerField(
        _("estimated hours"),
        default=4,
        help_text=_("Academic hours of the module: the sum of the hours per form of work when they are given."),
    )
    hours_lectures = models.PositiveSmallIntegerField(
        _("lectures"), default=0, help_text=_("Academic hours (45 minutes) of the lessons.")
    )
    hours_practice = models.PositiveSmallIntegerField(
        _("practice"), default=0, help_text=_("Academic hours of exercises, trial sessions and the module test.")
    )
    hours_cases = models.PositiveSmallIntegerField(
        _("case work"), default=0, help_text=_("Academic hours of the written analyses of the module's cases.")
    )
    hours_independent = models.PositiveSmallIntegerField(
        _("independent work"),
        default=0,
        help_text=_("Academic hours of reading, reflection and work in one's school."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("intro"),
        FieldPanel("objectives"),
        InlinePanel("competency_tags", label=_("Competencies addressed"), min_num=1, max_num=5),
        MultiFieldPanel(
            [
                FieldPanel("hours_lectures"),
                FieldPanel("hours_practice"),
                FieldPanel("hours_cases"),
                FieldPanel("hours_independent"),
                FieldPanel("estimated_hours"),
            ],
            heading=_("Academic hours"),
            help_text=_(
                "The curriculum plan on the course page is built from these. When any form of work has hours, the "
                "module's hours are their sum."
            ),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.FilterField("number")]
    api_fields = [
        APIField("number"),
        APIField("intro"),
        APIField("objectives"),
        APIField("competency_codes"),
        APIField("estimated_hours"),
        APIField("hours"),
    ]
    override_translatable_fields = [
        SynchronizedField("number", overridable=False),
        SynchronizedField("estimated_hours", overridable=False),
        SynchronizedField("hours_lectures", overridable=False),
        SynchronizedField("hours_practice", overridable=False),
        SynchronizedField("hours_cases", overridable=False),
        SynchronizedField("hours_independent", overridable=False),
    ]

    parent_page_types = ["course.CoursePage"]
    subpage_types = ["course.LessonPage", "course.CaseStudyPage", "assessments.AssessmentPage"]  # the module test

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    @property
    def competency_codes(self) -> list[str]:
        return [tag.competency for tag in self.competency_tags.all()]

    @property
    def hours_by_form(self) -> int:
        return self.hours_lectures + self.hours_practice + self.hours_cases + self.hours_independent

    @property
    def hours(self) -> int:
        """The module's academic hours (the read API's ``hours``)."""
        return self.estimated_hours

    def save(self, *args, **kwargs):
        # One source of truth: once the plan's forms of work have hours, the module's hours are their sum.
        if self.hours_by_form:
            self.estimated_hours = self.hours_by_form
        return super().save(*args, **kwargs)

    def get_items(self):
        """Lessons and case studies of the module in their tree order."""
        return self.get_children().live().public().specific().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = learner_progress.course_of(self)
        progress = learner_progress.for_request(request, course)
        taught = learner_progress.taught_page(self, course)
        module_progress = progress.module_for(taught.pk) if progress else None
        context["module_progress"] = module_progress
        if module_progress and taught.pk == self.pk:
            context["items"] = [item.page for item in module_progress.items]
        else:  # a translation lists its own pages, in its language
            context["items"] = self.get_items()
        return context


class ModuleCompetency(Orderable):
    """A competency that a module develops."""

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="competency_tags")
    competency = models.CharField(_("competency"), max_length=32, choices=CompetencyCode.choices)

    panels = [FieldPanel("competency")]

    class Meta(Orderable.Meta):
        verbose_name = _("competency addressed")
        constraints = [models.UniqueConstraint(fields=["page", "competency"], name="course_module_competency_unique")]


class ModuleItemPage(EnrolledOnlyMixin, Page):
    """What lessons and case studies share: a summary, an estimate and whether progress requires them."""

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in the module outline.")
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=30)
    required = models.BooleanField(_("required"), default=True, help_text=_("Counts towards module completion."))
    editor_note = models.TextField(
        _("editor's note"),
        blank=True,
        help_text=_(
            "For the institute's editors only, never shown to learners: claims beyond the cited sources to verify, "
            "open questions."
        ),
    )

    item_panels = [FieldPanel("summary"), FieldPanel("estimated_minutes"), FieldPanel("required")]
    editorial_panels = [MultiFieldPanel([FieldPanel("editor_note")], heading=_("For editors"))]
    override_translatable_fields = [
        SynchronizedField("estimated_minutes", overridable=False),
        SynchronizedField("required", overridable=False),
        # Notes between the institute's editors, written in the default language; translators need not see them.
        SynchronizedField("editor_note", overridable=False),
    ]

    parent_page_types = ["course.ModulePage"]
    subpage_types = []

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = learner_progress.course_of(self)
        progress = learner_progress.for_request(request, course)
        taught = learner_progress.taught_page(self, course)
        context["item_progress"] = progress.item_for(taught.pk) if progress else None
        context["course_progress"] = progress  # the course outline beside the item
        context["outline_translations"] = learner_progress.translations_for(progress, self)
        # Asked only when the outline or the module navigation is rendered, not read from the cache
        # (``course_tags``).
        context["module"] = SimpleLazyObject(self.get_parent)
        return context

    def neighbours(self) -> tuple[Page | None, Page | None]:
        """The previous and the next live item of the module, for the module navigation."""
        siblings = list(self.get_siblings().live().public().order_by("path").only("id", "title", "url_path"))
        position = next((index for index, page in enumerate(siblings) if page.pk == self.pk), None)
        if position is None:
            return None, None
        return (
            siblings[position - 1] if position > 0 else None,
            siblings[position + 1] if position + 1 < len(siblings) else None,
        )


class LessonPage(RoutablePageMixin, ModuleItemPage):
    """A lesson: structured reading with key terms, examples and reflection prompts."""

    page_description = _("A lesson of a module: text, media and reflection prompts.")

    body = StreamField(LessonStreamBlock(), verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        *ModuleItemPage.item_panels,
        FieldPanel("body"),
        *ModuleItemPage.editorial_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    api_fields = [APIField("summary"), APIField("estimated_minutes"), APIField("required"), APIField("body")]

    item_kind = "lesson"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @path("done/", name="done")
    def mark_done(self, request):
        """The learner marks the lesson done (POST) and goes on to the next item."""
        if request.method != "POST":
            return redirect(self.get_url(request))
        lesson = learner_progress.taught_page(self)
        if LessonCompletion.objects.record(request.user, lesson):
            announce_evidence(type(self), request.user, lesson)
            messages.success(request, gettext("Lesson marked as done."))
        following = self.get_next_siblings().live().public().first()
        return redirect((following or self.get_parent()).get_url(request))


class CaseKind(models.TextChoices):
    CASE = "case", _("Case study")
    CAPSTONE = "capstone", _("Capstone project")


class CaseStudyPage(ModuleItemPage):
    """A professional situation to analyse, with questions and a rubric whose criteria are tied to competencies.

    Under a module it is one of the module's cases; under the course, with the kind “capstone”, it is the course's
    final project (a learner's own mentoring programme), reviewed on the same machinery and required to certify.
    """

    page_description = _("A case study to analyse in writing, or the final project: a reviewer scores it on a rubric.")

    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=CaseKind.choices,
        default=CaseKind.CASE,
        help_text=_("A capstone project sits under the course and is required for the certificate."),
    )

    situation = RichTextField(_("the situation"), features=RICH_TEXT_FEATURES)
    participants = StreamField([("participant", ParticipantBlock())], verbose_name=_("participants"), blank=True)
    context = RichTextField(_("context"), blank=True, features=RICH_TEXT_FEATURES)
    questions = StreamField(
        [("question", blocks.TextBlock(label=_("question")))],
        verbose_name=_("questions for analysis"),
    )
    rubric = StreamField(RubricStreamBlock(), verbose_name=_("rubric"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        *ModuleItemPage.item_panels,
        FieldPanel("situation"),
        FieldPanel("participants"),
        FieldPanel("context"),
        FieldPanel("questions"),
        FieldPanel("rubric"),
        *ModuleItemPage.editorial_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("situation"),
        index.SearchField("context"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("estimated_minutes"),
        APIField("required"),
        APIField("situation"),
        APIField("participants"),
        APIField("context"),
        APIField("questions"),
        APIField("rubric"),
    ]

    item_kind = "case"
    parent_page_types = ["course.ModulePage", "course.CoursePage"]
    override_translatable_fields = [
        *ModuleItemPage.override_translatable_fields,
        SynchronizedField("kind", overridable=False),
    ]

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    @property
    def is_capstone(self) -> bool:
        return self.kind == CaseKind.CAPSTONE

    @property
    def course_position(self) -> str:
        """Directly under the course, a capstone comes after the modules (before the final assessment)."""
        return "end"

    @property
    def academic_hours(self) -> int:
        return round(self.estimated_minutes / ACADEMIC_HOUR_MINUTES)

    @property
    def rubric_max_points(self) -> int:
        return sum(criterion.value["max_points"] for criterion in self.rubric)
