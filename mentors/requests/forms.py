"""Forms a school fills in: the mentoring request on a profile, and the needs of a mentee for matching."""

import re
from html import escape

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from course.cleaning import StorableTextFormMixin
from course.codes import CompetencyCode, FormatCode
from course.models import Municipality
from course.sanitize import sanitize_html
from course.validators import validate_single_line
from mentors.models.requests import MentoringRequest

MESSAGE_MAX_LENGTH = 3000
# Every character of a message may be one the sanitiser sees as markup ("&" or "<", escaped) or a line break: room
# for all of them, which at 3 000 characters costs bleach well under 100 ms (bench/sanitize.py).
MESSAGE_MAX_MARKUP = MESSAGE_MAX_LENGTH + 1000
PHONE = re.compile(r"^\+?[\d\s()\-]{5,25}$")


class MentoringRequestForm(StorableTextFormMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_(
            "I agree to the processing of these contact details (Federal Law No. 152-FZ “On Personal Data”) to pass "
            "my request on; they are shown to the mentor only if the mentor accepts it."
        ),
        error_messages={"required": _("The request cannot be sent without this consent.")},
    )
    # A field people do not see; bots fill every field they find.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = MentoringRequest
        fields = [
            "school",
            "municipality",
            "contact_name",
            "email",
            "phone",
            "mentee_position",
            "desired_format",
            "message",
        ]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX_LENGTH}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        help_texts = {
            "message": _("What the mentee needs help with, and how you would like to work."),
            "email": _("We send a link to confirm the request to this address."),
        }

    def __init__(self, data=None, *args, profile, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.profile = profile
        # They stand in letters to the mentor and in CSV exports: one line each.
        for name in ("school", "contact_name"):
            self.fields[name].validators.append(validate_single_line)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        offered = set(profile.format_codes)
        if offered:
            self.fields["desired_format"].choices = [
                (code, label) for code, label in FormatCode.choices if code in offered
            ]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not (PHONE.match(phone) and 5 <= sum(char.isdigit() for char in phone) <= 20):
            raise forms.ValidationError(_("Enter a phone number, e.g. +7 843 123-45-67."))
        return phone

    def clean_message(self):
        # Plain text, always: a school writes a letter, not markup, so whatever looks like a tag stays visible text.
        text = self.cleaned_data["message"].replace("\r\n", "\n")
        if len(text) > MESSAGE_MAX_LENGTH:
            raise forms.ValidationError(
                _("Keep the message under %(limit)s characters."), params={"limit": MESSAGE_MAX_LENGTH}
            )
        paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
        if not paragraphs:
            raise forms.ValidationError(_("Write a few words about the request."))
        # Through the one allow-list all the same, which also makes the links clickable and ``nofollow``.
        html = "".join(f"<p>{escape(part)}</p>".replace("\n", "<br>") for part in paragraphs)
        return sanitize_html(html, max_markup=MESSAGE_MAX_MARKUP)

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


def initial_from_needs(profile, needs: dict) -> dict:
    """The request form's starting values from the needs a school described to find this mentor
    (``MatchForm.cleaned_data``): its municipality, the format when the mentor offers it, and a draft message naming
    the competencies, the subject and the format, for the school to complete."""
    initial = {}
    if needs.get("municipality"):
        initial["municipality"] = needs["municipality"].pk
    wanted = needs.get("format")
    if wanted and (wanted in profile.format_codes or not profile.format_codes):
        initial["desired_format"] = wanted
    lines = []
    if needs.get("competencies"):
        names = ", ".join(str(CompetencyCode(code).label).lower() for code in needs["competencies"])
        lines.append(gettext("Competencies to strengthen: %(competencies)s.") % {"competencies": names})
    if needs.get("subject"):
        lines.append(gettext("Subject: %(subject)s.") % {"subject": needs["subject"].display_name})
    if wanted:
        lines.append(gettext("Format: %(format)s.") % {"format": str(FormatCode(wanted).label).lower()})
    if lines:
        initial["message"] = "\n".join([gettext("Our mentee needs a mentor."), *lines])
    return initial
