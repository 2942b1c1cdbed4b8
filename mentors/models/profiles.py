"""Mentor profiles: created unpublished at certification and shown in the registry only by the mentor's consent."""

import re

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import F, Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat
from django.db.models.lookups import LessThan
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from course.codes import CompetencyCode, FormatCode, MentoringModelCode, Position
from mentors.registry.stemming import stem_text

LEVEL_FIELDS = {code: f"level_{code}" for code in CompetencyCode.values}
# Slugs that name pages of the registry itself, so no mentor may take them.
RESERVED_SLUGS = {"match", "requests", "request", "page", "search", "api"}
# The text-search configuration of the registry's own index (``search_vector``) and of the queries against it.
SEARCH_CONFIG = "russian"


class SearchVectorIndex(GinIndex):
    """A GIN index on PostgreSQL; an ordinary index elsewhere (SQLite knows no ``USING gin``, and there the vector
    column stays empty: the registry searches through Wagtail's backend)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        return models.Index.create_sql(self, model, schema_editor, **kwargs)


def _names(through, owner: str, target: str):
    """The names (Russian and English) of a profile's related rows, as one string (a correlated subquery)."""
    names = Concat(f"{target}__name", Value(" "), f"{target}__name_en", output_field=models.TextField())
    rows = through.objects.filter(**{owner: OuterRef("pk")}).values(owner)
    return Subquery(rows.annotate(names=StringAgg(names, " ")).values("names")[:1])


# A tag of the (sanitised) bio: the search document and the excerpts of search results read the bio without them.
TAG_PATTERN = "<[^>]*>"
# Tags within a line of text; an excerpt drops them with no space, so that "<strong>word</strong>," reads "word,".
INLINE_TAG_PATTERN = r"</?(a|abbr|b|code|em|i|mark|s|small|span|strong|sub|sup|u)(\s[^>]*)?>"


def bio_text_expression(*, join_inline: bool = False):
    """The bio with every tag replaced by a space (``join_inline``: the inline ones by nothing), in SQL
    (``regexp_replace``; ``bio_plain`` does the same in Python)."""
    bio = F("bio")
    if join_inline:
        bio = Func(bio, Value(INLINE_TAG_PATTERN), Value(""), Value("g"), function="regexp_replace")
    return Func(
        bio, Value(TAG_PATTERN), Value(" "), Value("g"), function="regexp_replace", output_field=models.TextField()
    )


def bio_plain(bio: str, *, join_inline: bool = False) -> str:
    """What ``bio_text_expression`` makes of ``bio``, character for character (entities stay as they are)."""
    if join_inline:
        bio = re.sub(INLINE_TAG_PATTERN, "", bio)
    return re.sub(TAG_PATTERN, " ", bio)


def search_vector_expression():
    """The profile's search document, weighted: A the name; B the organisation and the municipality;
    C subjects and expert areas; D the bio without its tags. PostgreSQL only."""
    municipality_model = MentorProfile._meta.get_field("municipality").related_model
    municipality = municipality_model.objects.filter(pk=OuterRef("municipality_id"))
    names = Concat("name", Value(" "), "name_en", output_field=models.TextField())
    place = Subquery(municipality.annotate(names=names).values("names")[:1])
    bio = bio_text_expression()
    return (
        SearchVector("display_name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("organisation", place, weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            _names(MentorProfile.subjects.through, "mentorprofile", "subject"),
            _names(MentorProfile.expert_areas.through, "mentorprofile", "expertarea"),
            weight="C",
            config=SEARCH_CONFIG,
        )
        + SearchVector(bio, weight="D", config=SEARCH_CONFIG)
    )


class MentorProfileQuerySet(models.QuerySet):
    def listed(self):
        """What the public may see: published by the mentor, with a certificate neither revoked nor expired."""
        today = timezone.localdate()
        return self.filter(is_listed=True).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))

    def available(self):
        return self.filter(has_free_places=True)

    def update_search_vector(self) -> int:
        """Recompute ``search_vector`` of these profiles in one statement (PostgreSQL; elsewhere nothing to do)."""
        if connection.vendor != "postgresql":
            return 0
        return self.update(search_vector=search_vector_expression())


class MentorProfile(index.Indexed, models.Model):
    """A certified mentor's public profile.

    The competency levels and the certification date are copied from the certificate when it is issued (they are
    its snapshot, read-only here) so that the registry filters and sorts on indexed columns of one table.
    ``is_listed`` is kept true exactly when the profile is published, its certificate is not revoked and staff have
    not hidden it (``mentors.profiles.moderation``).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="mentor_profile"
    )
    certificate = models.OneToOneField(
        "mentors.Certificate", verbose_name=_("certificate"), on_delete=models.CASCADE, related_name="profile"
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    display_name = models.CharField(_("name shown"), max_length=255)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices, default=Position.TEACHER)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    region = models.ForeignKey(
        "course.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        "course.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentors",
    )
    subjects = models.ManyToManyField("course.Subject", verbose_name=_("subjects"), blank=True, related_name="+")
    expert_areas = models.ManyToManyField(
        "course.ExpertArea", verbose_name=_("expert areas"), blank=True, related_name="+"
    )
    models_practised = models.JSONField(_("models of mentoring practised"), default=list, blank=True)
    bio = models.TextField(_("about me"), blank=True, help_text=_("Paragraphs, bold, italics and lists are kept."))
    capacity = models.PositiveSmallIntegerField(
        _("mentees at once"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("A mentor usually works with 3-4 mentees at once for one to one and a half years."),
    )
    active_mentees = models.PositiveSmallIntegerField(_("active mentees"), default=0, editable=False)
    # The "free places" filter as a column of its own, kept by the database however ``active_mentees`` changes
    # (``refresh_active_mentees`` updates it without a signal): PostgreSQL has statistics for a column, while it takes
    # ``active_mentees < capacity`` for a third of the rows whatever they are, and plans the other filters around it.
    has_free_places = models.GeneratedField(
        expression=LessThan(F("active_mentees"), F("capacity")),
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("has free places"),
    )

    level_expert = models.PositiveSmallIntegerField(_("expert competency"), default=0, editable=False)
    level_communicative = models.PositiveSmallIntegerField(_("communicative competency"), default=0, editable=False)
    level_managerial = models.PositiveSmallIntegerField(_("managerial competency"), default=0, editable=False)
    level_research = models.PositiveSmallIntegerField(_("research competency"), default=0, editable=False)
    level_project = models.PositiveSmallIntegerField(_("project competency"), default=0, editable=False)
    level_mean = models.PositiveSmallIntegerField(_("mean level"), default=0, editable=False)
    certified_at = models.DateTimeField(_("certified"), editable=False)
    expires_on = models.DateField(_("certificate expires"), null=True, blank=True, editable=False)

    is_published = models.BooleanField(_("published"), default=False)
    is_listed = models.BooleanField(_("shown in the registry"), default=False, editable=False, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    publication_consent_at = models.DateTimeField(_("consent to publication given at"), null=True, blank=True)
    publication_consent_version = models.CharField(_("consent version"), max_length=20, blank=True)
    moderation_hidden_at = models.DateTimeField(
        _("hidden by staff at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("While set, the profile stays out of the registry whatever the mentor publishes."),
    )
    moderation_reason = models.TextField(
        _("reason for hiding"), blank=True, editable=False, help_text=_("Shown to the mentor on their dashboard.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_vector = SearchVectorField(
        _("search document"),
        null=True,
        editable=False,
        help_text=_("Names, organisation, place, subjects and bio for the registry's full text (PostgreSQL)."),
    )

    objects = MentorProfileQuerySet.as_manager()

    search_fields = [
        index.SearchField("display_name", boost=3),
        index.AutocompleteField("display_name"),
        index.SearchField("organisation"),
        index.SearchField("bio_text"),
        index.SearchField("place_names"),
        index.SearchField("topic_names"),
        # Snowball stems of everything above: Russian morphology where the database has none (SQLite).
        index.SearchField("search_stems"),
        index.FilterField("id"),
        index.FilterField("is_listed"),
        index.FilterField("expires_on"),
        index.FilterField("display_name"),
        index.FilterField("certified_at"),
        index.FilterField("level_mean"),
    ]

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")
        ordering = ["display_name", "pk"]
        indexes = [
            models.Index(fields=["is_listed", "display_name"], name="mentors_listed_name"),
            models.Index(fields=["is_listed", "-certified_at"], name="mentors_listed_certified"),
            models.Index(fields=["is_listed", "-level_mean"], name="mentors_listed_level"),
            # Counting the listed profiles (every registry page does) from the index alone.
            models.Index(fields=["is_listed", "expires_on"], name="mentors_listed_expires"),
            SearchVectorIndex(fields=["search_vector"], name="mentors_search_vector"),
            # One index per filter, so that a narrow filter is read from its index rather than by walking a sort.
            models.Index(fields=["position", "display_name"], name="mentors_position_name"),
            *[models.Index(fields=[field], name=f"mentors_{field}") for field in LEVEL_FIELDS.values()],
            models.Index(fields=["display_name"], condition=Q(has_free_places=True), name="mentors_available_name"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.derive_columns()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # By name: the registry page imports this module, not the other way round.
        return apps.get_model("mentors", "MentorRegistryPage").url_for_profile(self)

    def derive_columns(self) -> None:
        """The columns that follow from others: the region of the municipality, and whether the registry lists the
        profile. ``save`` calls it; bulk inserts, which skip ``save``, call it themselves."""
        if self.municipality_id and not self.region_id:
            self.region_id = self.municipality.region_id
        self.is_listed = self.is_published and self.certificate.status == "valid" and self.moderation_hidden_at is None

    @property
    def levels(self) -> dict[str, int]:
        return {code: getattr(self, field) for code, field in LEVEL_FIELDS.items()}

    def set_levels(self, levels: dict[str, float | int | None]) -> None:
        values = []
        for code, field in LEVEL_FIELDS.items():
            value = round(levels.get(code) or 0)
            setattr(self, field, value)
            values.append(value)
        self.level_mean = round(sum(values) / len(values))

    def level_rows(self) -> list[tuple[str, str, int]]:
        """(code, name, level) in the canonical order of the competencies."""
        return [(code, label, getattr(self, LEVEL_FIELDS[code])) for code, label in CompetencyCode.choices]

    @property
    def available(self) -> bool:
        return self.active_mentees < self.capacity

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.active_mentees, 0)

    @property
    def format_codes(self) -> list[str]:
        return [row.format for row in self.formats.all()]

    def get_format_labels(self) -> list[str]:
        return [FormatCode(code).label for code in self.format_codes if code in FormatCode.values]

    def get_model_labels(self) -> list[str]:
        return [MentoringModelCode(code).label for code in self.models_practised if code in MentoringModelCode.values]

    # What the search index reads.
    @classmethod
    def get_indexed_objects(cls):
        """With what ``place_names`` and ``topic_names`` read, so indexing costs no query per profile."""
        return (
            super().get_indexed_objects().select_related("municipality").prefetch_related("subjects", "expert_areas")
        )

    def bio_text(self) -> str:
        return strip_tags(self.bio)

    def place_names(self) -> str:
        if self.municipality_id is None:
            return ""
        return f"{self.municipality.name} {self.municipality.name_en}"

    def topic_names(self) -> str:
        names = [f"{item.name} {item.name_en}" for item in [*self.subjects.all(), *self.expert_areas.all()]]
        return " ".join(names)

    def search_stems(self) -> str:
        if connection.vendor == "postgresql":
            return ""  # the ``russian`` configuration stems already; stems again would only double the index
        return stem_text(
            " ".join([self.display_name, self.organisation, self.bio_text(), self.place_names(), self.topic_names()])
        )


class MentorFormat(models.Model):
    """A format of mentoring a mentor offers; rows rather than a list so the registry can filter on them anywhere."""

    profile = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="formats")
    format = models.CharField(_("format"), max_length=32, choices=FormatCode.choices)

    class Meta:
        verbose_name = _("format offered")
        verbose_name_plural = _("formats offered")
        constraints = [models.UniqueConstraint(fields=["profile", "format"], name="mentors_format_once")]
        indexes = [models.Index(fields=["format", "profile"], name="mentors_format_profile")]

    def __str__(self):
        return self.get_format_display()
