"""Validators of plain text that other apps' forms share."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_single_line(value: str) -> None:
    """Refuse line breaks and other control characters in a one-line text such as a name.

    Names end up in e-mail headers (a subject, a display name) and in CSV exports: a CR or LF there breaks the letter
    or the row. Unicode's categories ``Cc`` (controls: CR, LF, TAB, NUL, ESC, NEL), ``Zl`` and ``Zp`` (the line and
    paragraph separators) are refused; ordinary punctuation and letters of any script pass.
    """
    if any(unicodedata.category(char) in {"Cc", "Zl", "Zp"} for char in value):
        raise ValidationError(
            _("Write this on one line, without line breaks or control characters."), code="single_line"
        )
