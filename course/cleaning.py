"""The one input-cleaning layer for text: what no field may store, whatever the app.

A NUL byte cannot be stored in a PostgreSQL text column (``DataError``), and a lone UTF-16 surrogate (``"\\ud800"``,
which JSON can carry, and which a form posted with ``charset=utf-7`` decodes to) cannot be encoded as UTF-8, so such
a value fails on both databases, or is saved on SQLite and breaks every page that later renders it. An integer of
2**63 or more cannot even be bound by SQLite (``OverflowError``). All of them are refused at input with a form error;
nothing is silently replaced.

Forms take the layer with ``StorableTextFormMixin`` (or ``guard_form_fields`` for a form built elsewhere): every
field's raw value is checked before the field parses it, since a choice of rows (a municipality by its slug, subjects
by their ids) queries the database before any validator runs.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# The ids every database takes (SQLite's INTEGER, PostgreSQL's bigint).
ID_MIN, ID_MAX = -(2**63), 2**63 - 1
_MAX_INTEGER_TEXT = 4400

UNSTORABLE_MESSAGE = _("The text contains characters that cannot be stored (a NUL byte or a broken character).")


def has_unstorable(value: str) -> bool:
    """Whether ``value`` holds a NUL byte or a lone surrogate."""
    return bool(_UNSTORABLE.search(value))


def as_integer(value) -> int | None:
    """``value`` as the integer that ``int()`` makes of it (which also reads "1_000" and Arabic-Indic digits), or
    None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    # Beyond this length int() refuses anyway (Python's 4 300-digit limit), without being asked to try.
    if not isinstance(value, str) or len(value) > _MAX_INTEGER_TEXT:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def is_id(value) -> bool:
    """Whether ``value`` (an ``int`` or text) is an integer every database can bind."""
    number = as_integer(value)
    return number is not None and ID_MIN <= number <= ID_MAX


def is_oversized_integer(value) -> bool:
    """Whether ``value`` reads as an integer but is beyond what a database binds (so it matches no row)."""
    number = as_integer(value)
    return number is not None and not ID_MIN <= number <= ID_MAX


def validate_storable_text(value) -> None:
    """A validator for any text field (and lists of texts): refuses NUL bytes and lone surrogates."""
    values = value if isinstance(value, list | tuple) else [value]
    if any(isinstance(item, str) and has_unstorable(item) for item in values):
        raise ValidationError(UNSTORABLE_MESSAGE, code="unstorable")


def _integer_keyed(field: forms.Field) -> bool:
    """Whether ``field`` chooses rows by an integer column (a primary key, usually)."""
    if not isinstance(field, forms.ModelChoiceField):
        return False
    options = field.queryset.model._meta
    key = options.get_field(field.to_field_name) if field.to_field_name else options.pk
    return isinstance(key, models.IntegerField)


def check_raw_value(field: forms.Field, value) -> None:
    """Raise the form error for a raw value no database can take, before ``field`` parses it."""
    values = value if isinstance(value, list | tuple) else [value]
    texts = [item for item in values if isinstance(item, str)]
    if any(has_unstorable(text) for text in texts):
        raise ValidationError(UNSTORABLE_MESSAGE, code="unstorable")
    if _integer_keyed(field):
        for text in texts:
            if is_oversized_integer(text):
                raise ValidationError(
                    field.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:40]}
                )


def shown(value):
    """``value`` as a form may show it again: the characters no page can encode replaced by U+FFFD."""
    if isinstance(value, str):
        return _UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, list | tuple):
        return type(value)(shown(item) for item in value)
    return value


class StorableBoundField(forms.BoundField):
    """Shows a refused value without the characters that made it unstorable: a lone surrogate cannot even be written
    into the response."""

    def value(self):
        return shown(super().value())


def _guarded_clean(field: forms.Field, clean):
    def clean_storable(value, *args, **kwargs):
        check_raw_value(field, value)
        return clean(value, *args, **kwargs)

    clean_storable.storable_guard = True
    return clean_storable


def guard_form_fields(form: forms.BaseForm) -> None:
    """Check every field's raw value of ``form`` with ``check_raw_value`` (before the form is cleaned).

    The form's fields are its own copies (``BaseForm`` deep-copies ``base_fields``), so wrapping their ``clean``
    changes no other form.
    """
    for field in form.fields.values():
        if not getattr(field.clean, "storable_guard", False):
            field.clean = _guarded_clean(field, field.clean)


# The name the first forms used.
guard_text_fields = guard_form_fields


class StorableTextFormMixin:
    """Mixed into a form: every field refuses NUL bytes, lone surrogates and (choosing rows by id) ids beyond 64 bits
    with a form error."""

    bound_field_class = StorableBoundField

    def full_clean(self):
        # Here rather than in ``__init__``: forms add fields in their own ``__init__`` (a rubric's scores).
        guard_form_fields(self)
        super().full_clean()


class StorableTextForm(StorableTextFormMixin, forms.Form):
    """A plain form with the layer, for forms built by others (a django-filter ``FilterSet``'s ``Meta.form``)."""
