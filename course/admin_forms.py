"""Forms of the course app's admin screens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm


class CodedReferenceForm(WagtailAdminModelForm):
    """A competency, format or model: the code is chosen once and then fixed, and is unique in its locale.

    Tags, filters, scores and translations point at the code, so changing it would silently re-label evidence; a
    code already used in the locale is a form error rather than the database's integrity error (a 500).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields.get("code")
        if code is not None and self.instance.pk:
            code.disabled = True
            code.help_text = _("Fixed once created: tags, filters and scores refer to it.")

    def clean_code(self):
        code = self.cleaned_data.get("code")
        if self.fields["code"].disabled:
            return self.instance.code
        model = type(self.instance)
        taken = model._default_manager.filter(code=code, locale_id=self.instance.locale_id).exclude(
            pk=self.instance.pk
        )
        if code and taken.exists():
            raise forms.ValidationError(
                _("This code is already used by “%(name)s”; each code exists once per language."),
                code="duplicate",
                params={"name": taken.first()},
            )
        return code
