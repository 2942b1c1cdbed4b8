"""The one input-cleaning layer for text: what no field may store, whatever the app.

A NUL byte cannot be stored in a PostgreSQL text column (``DataError``), and a lone UTF-16 surrogate (``"\\ud800"``,
which JSON can carry and Python keeps in a ``str``) cannot be encoded as UTF-8, so such a value saved on SQLite breaks
every page that later renders it. Both are refused at input with a form error; nothing is silently replaced.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

UNSTORABLE_MESSAGE = _("The text contains characters that cannot be stored (a NUL byte or a broken character).")


def has_unstorable(value: str) -> bool:
    """Whether ``value`` holds a NUL byte or a lone surrogate."""
    return bool(_UNSTORABLE.search(value))


def validate_storable_text(value) -> None:
    """A validator for any text field (and lists of texts): refuses NUL bytes and lone surrogates."""
    values = value if isinstance(value, list | tuple) else [value]
    if any(isinstance(item, str) and has_unstorable(item) for item in values):
        raise ValidationError(UNSTORABLE_MESSAGE, code="unstorable")


def guard_text_fields(form: forms.BaseForm) -> None:
    """Give every text field of ``form`` the validator (call it at the end of ``__init__``)."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and validate_storable_text not in field.validators:
            field.validators.append(validate_storable_text)


class StorableTextFormMixin:
    """Mixed into a form: every text field refuses NUL bytes and lone surrogates with a form error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_text_fields(self)
