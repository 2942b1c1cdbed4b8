"""Fixed codes of the domain. They are part of the public contract (URLs, API, filters), so they live in code;
their names and descriptions are editable snippets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetencyCode(models.TextChoices):
    """The five mentor competencies of the regional competency model."""

    EXPERT = "expert", _("Expert")
    COMMUNICATIVE = "communicative", _("Communicative")
    MANAGERIAL = "managerial", _("Managerial")
    RESEARCH = "research", _("Research")
    PROJECT = "project", _("Project")


class FormatCode(models.TextChoices):
    """The five formats of mentoring practised in the regional system."""

    ADAPTIVE = "adaptive", _("Adaptive")
    ACCOMPANYING = "accompanying", _("Accompanying")
    DEVELOPMENTAL = "developmental", _("Developmental")
    REVERSE = "reverse", _("Reverse")
    EXPERT = "expert", _("Expert")


class MentoringModelCode(models.TextChoices):
    """The six models of mentoring described for Moscow education."""

    TEACHING = "teaching", _("Teaching")
    COMPETENCE = "competence", _("Competence")
    REFLEXIVE = "reflexive", _("Reflexive")
    DEVELOPMENT = "development", _("Development")
    SPONSOR = "sponsor", _("Sponsor")
    EDUCATOR = "educator", _("Educator")


class MunicipalityKind(models.TextChoices):
    DISTRICT = "district", _("Municipal district")
    URBAN_OKRUG = "urban_okrug", _("Urban okrug")
