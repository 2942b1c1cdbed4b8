"""Reference data edited as snippets.

Competencies, formats and models carry descriptive text, so they are translatable with wagtail-localize (one row per
locale, linked by ``translation_key``). Regions, municipalities, subjects and expert areas are lookup values that
user records point to and the registry filters on by slug; one row each with a Russian and an English name keeps those
foreign keys single and the filters simple.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from course.codes import CompetencyCode, FormatCode, MentoringModelCode, MunicipalityKind


class CodedReference(TranslatableMixin, index.Indexed, models.Model):
    """A translatable reference item identified by a fixed code."""

    code_choices: type[models.TextChoices]

    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0, editable=False)

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("code", overridable=False),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("code"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Keep the canonical order of the codes (as in the source competency model), whatever order rows were added.
        codes = list(self.code_choices.values)
        self.sort_order = codes.index(self.code) if self.code in codes else len(codes)
        super().save(*args, **kwargs)


class Competency(CodedReference):
    """One of the five mentor competencies (expert, communicative, managerial, research, project)."""

    code_choices = CompetencyCode

    code = models.CharField(
        _("code"), max_length=32, choices=CompetencyCode.choices, help_text=_("A fixed code used in tags and filters.")
    )
    indicators = models.TextField(
        _("indicators"), blank=True, help_text=_("Observable indicators of the competency, one per line.")
    )

    translatable_fields = [*CodedReference.translatable_fields, TranslatableField("indicators")]
    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("description"), FieldPanel("indicators")]

    class Meta(CodedReference.Meta):
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [models.UniqueConstraint(fields=["code", "locale"], name="course_competency_code_locale")]

    @property
    def indicator_list(self) -> list[str]:
        return [line.strip() for line in self.indicators.splitlines() if line.strip()]


class MentoringFormat(CodedReference):
    """A format of mentoring: adaptive, accompanying, developmental, reverse or expert."""

    code_choices = FormatCode

    code = models.CharField(_("code"), max_length=32, choices=FormatCode.choices)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("description")]

    class Meta(CodedReference.Meta):
        verbose_name = _("mentoring format")
        verbose_name_plural = _("mentoring formats")
        constraints = [models.UniqueConstraint(fields=["code", "locale"], name="course_format_code_locale")]


class MentoringModel(CodedReference):
    """A model of mentoring (teaching, competence, reflexive, development, sponsor, educator)."""

    code_choices = MentoringModelCode

    code = models.CharField(_("code"), max_length=32, choices=MentoringModelCode.choices)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("description")]

    class Meta(CodedReference.Meta):
        verbose_name = _("mentoring model")
        verbose_name_plural = _("mentoring models")
        constraints = [models.UniqueConstraint(fields=["code", "locale"], name="course_model_code_locale")]


class NamedReference(index.Indexed, models.Model):
    """A lookup value with a slug, a Russian name and an English name."""

    name = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, help_text=_("Used in URLs and filters."))

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("name_en"),
        index.FilterField("slug"),
    ]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to Russian."""
        if (get_language() or "ru").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Region(NamedReference):
    """A region (subject of the Russian Federation), e.g. the Republic of Tatarstan."""

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta(NamedReference.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Municipality(NamedReference):
    """A municipal district or urban okrug of a region."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="municipalities"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=MunicipalityKind.choices, default=MunicipalityKind.DISTRICT
    )

    search_fields = [*NamedReference.search_fields, index.FilterField("region_id"), index.FilterField("kind")]
    panels = [FieldPanel("region"), FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("kind")]

    class Meta(NamedReference.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class Subject(NamedReference):
    """A school subject or field a mentor works in."""

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta(NamedReference.Meta):
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")


class ExpertArea(NamedReference):
    """An area of expertise of the regional mentoring system (education policy, upbringing, …)."""

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta(NamedReference.Meta):
        verbose_name = _("expert area")
        verbose_name_plural = _("expert areas")
