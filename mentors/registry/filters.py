"""The registry's filters: one FilterSet for the page and the API, with exactly the parameters of the public contract.

``q`` and ``sort`` are validated here but applied in ``mentors.registry.search``: the full text goes through Wagtail's
search.
A repeated ``format`` finds mentors who offer ANY of the formats: a school ticks the formats it could work in, and
"all of them" would mostly find nobody. Every other parameter narrows the result (AND).
"""

import threading
from collections import OrderedDict

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

import django_filters
from django_filters.constants import EMPTY_VALUES

from course.cleaning import StorableTextForm
from course.codes import CompetencyCode, FormatCode, Position
from course.models import Municipality, Region, Subject
from mentors.models.profiles import LEVEL_FIELDS, MentorFormat, MentorProfile

QUERY_MAX_LENGTH = 200


# The registry's own parameters (besides ``page``): kept in the links of pagination, of the removable filter chips and
# of the way back from a profile.
FILTER_PARAMETERS = [
    "q", "region", "municipality", "format", "subject", "position", "available",
    "min_expert", "min_communicative", "min_managerial", "min_research", "min_project", "sort",
]  # fmt: skip

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("name", _("Name")),
    ("-certified", _("Newest certificates first")),
    ("-level", _("Highest level first")),
]
ORDERING = {
    "name": ["display_name", "id"],
    "-certified": ["-certified_at", "id"],
    "-level": ["-level_mean", "id"],
}


REFERENCES = {"region": Region, "municipality": Municipality, "subject": Subject}
CHOICES_KEY = "mentors:registry-choices:{language}"


def reference_choices() -> dict[str, list[tuple[str, str, int]]]:
    """``{"region": [(slug, name, pk), …], "municipality": …, "subject": …}`` by name, in the active language.

    Cached per language (the form of every registry request needs them: 45 municipalities); a region, municipality
    or subject saved or deleted forgets them (``mentors.receivers``)."""
    key = CHOICES_KEY.format(language=(get_language() or "ru").split("-")[0])
    choices = cache.get(key)
    if choices is None:
        choices = {
            name: [(item.slug, item.display_name, item.pk) for item in model.objects.order_by("name", "pk")]
            for name, model in REFERENCES.items()
        }
        cache.set(key, choices, timeout=None)
    return choices


def forget_reference_choices() -> None:
    cache.delete_many([CHOICES_KEY.format(language=code) for code, _name in settings.LANGUAGES])


class SlugChoiceFilter(django_filters.ChoiceFilter):
    """A reference (region, municipality, subject) chosen by its slug from the cached choices; an unknown slug is a
    form error, not an empty result. The cleaned value is the slug; the queryset is filtered on the foreign key."""

    def __init__(self, *args, reference: str, **kwargs):
        self.reference = reference
        kwargs["choices"] = lambda: [(slug, name) for slug, name, _pk in reference_choices()[reference]]
        kwargs.setdefault("null_label", None)
        kwargs.setdefault("widget", CachedSelect)
        super().__init__(*args, **kwargs)

    def primary_key(self, slug: str) -> int | None:
        choices = getattr(self.parent, "references", None) or reference_choices()
        return next((pk for item_slug, _name, pk in choices[self.reference] if item_slug == slug), None)

    def filter(self, queryset, value):
        if value in EMPTY_VALUES:
            return queryset
        return queryset.filter(**{f"{self.field_name}_id": self.primary_key(value)})


class RenderedOnce:
    """A choice widget whose HTML is rendered once per process for each (name, value, attributes, choices, language).

    The registry's form renders some 130 options through Django's widget templates on every request (45
    municipalities, 20 subjects, the formats...); the same few combinations come back all the time. The key holds the
    choices themselves, so a renamed municipality (new cached choices) renders afresh; at most ``SIZE`` are kept."""

    SIZE = 512
    _rendered: OrderedDict = OrderedDict()
    _lock = threading.Lock()

    def render(self, name, value, attrs=None, renderer=None):
        key = (
            type(self).__name__,
            name,
            repr(value),
            repr(sorted({**self.attrs, **(attrs or {})}.items())),
            tuple((str(choice), str(label)) for choice, label in self.choices),
            get_language(),
        )
        html = self._rendered.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            with self._lock:
                self._rendered[key] = html
                if len(self._rendered) > self.SIZE:
                    self._rendered.popitem(last=False)
        return html


class CachedSelect(RenderedOnce, forms.Select):
    pass


class FlagCheckbox(forms.CheckboxInput):
    """A checkbox whose raw value reaches the form, so that ``available=yes`` is an error rather than "checked"."""

    def __init__(self):
        super().__init__(attrs={"value": "1"}, check_test=lambda value: value == "1")

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class FormatCheckboxes(RenderedOnce, forms.CheckboxSelectMultiple):
    """Format checkboxes that treat ``format=`` as no format, like an empty value of any other parameter."""

    def value_from_datadict(self, data, files, name):
        return [value for value in super().value_from_datadict(data, files, name) or [] if value != ""]


class LevelFilter(django_filters.Filter):
    """The least level (0-100) of one competency, on the certificate's snapshot."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100)
        super().__init__(*args, **kwargs)


def level_filter(code: str) -> LevelFilter:
    return LevelFilter(
        field_name=LEVEL_FIELDS[code],
        label=CompetencyCode(code).label,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "inputmode": "numeric"}),
    )


class MentorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="keep",
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, school, topic…")}),
    )
    region = SlugChoiceFilter(label=_("Region"), reference="region", empty_label=_("Any region"))
    municipality = SlugChoiceFilter(
        label=_("Municipality"), reference="municipality", empty_label=_("Any municipality")
    )
    format = django_filters.MultipleChoiceFilter(
        label=_("Format of mentoring"),
        choices=FormatCode.choices,
        method="filter_format",
        widget=FormatCheckboxes,
    )
    subject = SlugChoiceFilter(label=_("Subject"), reference="subject", method="filter_subject", empty_label=_("Any"))
    position = django_filters.ChoiceFilter(
        label=_("Position"), choices=Position.choices, empty_label=_("Any"), widget=CachedSelect
    )
    available = django_filters.ChoiceFilter(
        label=_("Has free places"),
        choices=[("1", pgettext_lazy("free places", "Yes"))],
        method="filter_available",
        widget=FlagCheckbox(),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="keep", empty_label=None, widget=CachedSelect
    )

    min_expert = level_filter("expert")
    min_communicative = level_filter("communicative")
    min_managerial = level_filter("managerial")
    min_research = level_filter("research")
    min_project = level_filter("project")

    class Meta:
        model = MentorProfile
        fields = ["q", "region", "municipality", "format", "subject", "position", "available", "sort"]
        # NUL bytes, lone surrogates and numbers beyond 64 bits are form errors before any filter queries.
        form = StorableTextForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["sort"].required = False
        # Read once for the request: validating, filtering and rendering would each read the cache again.
        self.references = reference_choices()
        for name, filter_ in self.filters.items():
            if isinstance(filter_, SlugChoiceFilter):
                references = self.references[filter_.reference]
                self.form.fields[name].choices = [(slug, label) for slug, label, _pk in references]

    def keep(self, queryset, name, value):
        return queryset

    def filter_format(self, queryset, name, value):
        """A mentor who offers any of the formats asked for."""
        if not value:
            return queryset
        return queryset.filter(Exists(MentorFormat.objects.filter(profile=OuterRef("pk"), format__in=value)))

    def filter_subject(self, queryset, name, value):
        subject = self.filters["subject"].primary_key(value)
        through = MentorProfile.subjects.through.objects.filter(mentorprofile=OuterRef("pk"), subject_id=subject)
        return queryset.filter(Exists(through))

    def filter_available(self, queryset, name, value):
        return queryset.available() if value == "1" else queryset
