"""Forms a school fills in: the mentoring request on a profile, and the needs of a mentee for matching."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from course.cleaning import StorableTextFormMixin
from course.codes import CompetencyCode, FormatCode
from course.models import Municipality, Subject

MESSAGE_MAX_LENGTH = 3000
# Every character of a message may be one the sanitiser sees as markup ("&" or "<", escaped) or a line break: room
# for all of them, which at 3 000 characters costs bleach well under 100 ms (bench/sanitize.py).
MESSAGE_MAX_MARKUP = MESSAGE_MAX_LENGTH + 1000
PHONE = re.compile(r"^\+?[\d\s()\-]{5,25}$")


class MatchForm(StorableTextFormMixin, forms.Form):
    competencies = forms.MultipleChoiceField(
        label=_("Competencies the mentee should strengthen"),
        choices=CompetencyCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    format = forms.ChoiceField(
        label=_("Format of mentoring"), choices=[("", _("Any")), *FormatCode.choices], required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any"),
    )
    subject = forms.ModelChoiceField(
        label=_("Subject"),
        queryset=Subject.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any"),
    )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("competencies", "format", "municipality", "subject")):
            raise forms.ValidationError(_("Describe at least one need: a competency, a format, a place or a subject."))
        return cleaned
