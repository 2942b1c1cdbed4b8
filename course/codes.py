"""Fixed codes of the domain. They are part of the public contract (URLs, API, filters), so they live in code;
their names and descriptions are editable snippets."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CompetencyCode(models.TextChoices):
    """The five mentor competencies of the regional competency model."""

    EXPERT = "expert", pgettext_lazy("competency", "Expert")
    COMMUNICATIVE = "communicative", pgettext_lazy("competency", "Communicative")
    MANAGERIAL = "managerial", pgettext_lazy("competency", "Managerial")
    RESEARCH = "research", pgettext_lazy("competency", "Research")
    PROJECT = "project", pgettext_lazy("competency", "Project")


class FormatCode(models.TextChoices):
    """The five formats of mentoring practised in the regional system."""

    ADAPTIVE = "adaptive", pgettext_lazy("mentoring format", "Adaptive")
    ACCOMPANYING = "accompanying", pgettext_lazy("mentoring format", "Accompanying")
    DEVELOPMENTAL = "developmental", pgettext_lazy("mentoring format", "Developmental")
    REVERSE = "reverse", pgettext_lazy("mentoring format", "Reverse")
    EXPERT = "expert", pgettext_lazy("mentoring format", "Expert")


class MentoringModelCode(models.TextChoices):
    """The six models of mentoring described for Moscow education."""

    TEACHING = "teaching", pgettext_lazy("mentoring model", "Teaching model")
    COMPETENCE = "competence", pgettext_lazy("mentoring model", "Competence model")
    REFLEXIVE = "reflexive", pgettext_lazy("mentoring model", "Reflexive model")
    DEVELOPMENT = "development", pgettext_lazy("mentoring model", "Development model")
    SPONSOR = "sponsor", pgettext_lazy("mentoring model", "Sponsor model")
    EDUCATOR = "educator", pgettext_lazy("mentoring model", "Educator model")


class MunicipalityKind(models.TextChoices):
    DISTRICT = "district", _("Municipal district")
    URBAN_OKRUG = "urban_okrug", _("Urban okrug")


class Position(models.TextChoices):
    """A school position: the learner's, the mentor's and the mentee's in a request; a filter of the registry."""

    TEACHER = "teacher", _("Teacher")
    DEPUTY_HEAD = "deputy_head", _("Deputy head")
    HEAD = "head", _("Head")
