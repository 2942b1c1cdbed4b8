"""Template helpers of the course pages."""

from django import template

from wagtail.models import Locale

from course.codes import CompetencyCode
from course.models import Competency

register = template.Library()


@register.simple_tag
def competencies_by_code() -> dict[str, Competency]:
    """The competency snippets in the active language (falling back to the default one), keyed by code."""
    rows = Competency.objects.filter(locale__in=[Locale.get_active(), Locale.get_default()])
    active = Locale.get_active().pk
    by_code: dict[str, Competency] = {}
    for competency in rows:
        if competency.code not in by_code or competency.locale_id == active:
            by_code[competency.code] = competency
    return by_code


@register.filter
def competency_label(code: str) -> str:
    """The short translated name of a competency code."""
    try:
        return CompetencyCode(code).label
    except ValueError:
        return code


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def item_state(items, page_id):
    """The state of the page ``page_id`` among progress ``items``."""
    return next((item.state for item in items if item.page.pk == page_id), None)
