"""Template tags of the registry page."""

import threading
from collections import OrderedDict

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

FIELD_TEMPLATE = "course/components/form_field.html"


class RenderedFields:
    """The registry form's fields as ``FIELD_TEMPLATE`` renders them, kept per process for each (name, value,
    choices, language); at most ``SIZE``.

    Most of a search's 12 fields are empty, or hold one of a few values (a municipality, a format), in every search:
    the same label, input and options come back across searches. A field with errors is rendered afresh."""

    SIZE = 1024
    _rendered: OrderedDict = OrderedDict()
    _lock = threading.Lock()

    @classmethod
    def render(cls, field) -> SafeString:
        if field.errors:
            return cls._render(field)
        choices = getattr(field.field, "choices", ())
        key = (
            field.html_name,
            repr(field.value()),
            tuple((str(value), str(label)) for value, label in choices),
            get_language(),
        )
        html = cls._rendered.get(key)
        if html is None:
            html = cls._render(field)
            with cls._lock:
                cls._rendered[key] = html
                if len(cls._rendered) > cls.SIZE:
                    cls._rendered.popitem(last=False)
        return html

    @staticmethod
    def _render(field) -> SafeString:
        return get_template(FIELD_TEMPLATE).render({"field": field, "all_optional": True})


@register.simple_tag
def filter_field(field) -> SafeString:
    """One of the registry's filters, labelled, as ``course/components/form_field.html`` renders it (every filter is
    optional: none says so)."""
    return RenderedFields.render(field)
