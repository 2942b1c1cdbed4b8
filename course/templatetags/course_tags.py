"""Template helpers of the course pages."""

from django import template
from django.conf import settings
from django.utils.translation import get_language

from wagtail.coreutils import get_supported_content_language_variant

from course.codes import CompetencyCode
from course.models import Competency

register = template.Library()


@register.simple_tag
def competencies_by_code() -> dict[str, Competency]:
    """The competency snippets in the active language (falling back to the default one), keyed by code."""
    # By language code in one query: Wagtail's Locale.get_active() and get_default() ask the database each time.
    active = get_supported_content_language_variant(get_language())
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    rows = Competency.objects.filter(locale__language_code__in={active, default}).select_related("locale")
    by_code: dict[str, Competency] = {}
    for competency in rows:
        if competency.code not in by_code or competency.locale.language_code == active:
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


@register.filter
def shown_as(page, translations):
    """``page`` as shown here: its translation in ``translations`` (``progress.translations_for``) or itself."""
    return (translations or {}).get(page.pk, page)
