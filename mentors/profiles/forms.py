"""The mentor's own form for the public profile (the levels are the certificate's and not editable here)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model

from course.cleaning import StorableTextFormMixin
from course.codes import FormatCode, MentoringModelCode
from course.models import ExpertArea, Municipality, Subject
from course.sanitize import editable_text, text_length, user_html
from course.validators import validate_single_line
from mentors.models.profiles import MentorFormat, MentorProfile
from mentors.profiles.photos import PhotoField, PhotoRejected, clean_photo, delete_photo, photo_collection

BIO_MAX_LENGTH = 3000
BIO_MAX_INPUT = 6000  # as typed, markup included: checked before the sanitiser parses it


class MentorProfileForm(StorableTextFormMixin, forms.ModelForm):
    formats = forms.MultipleChoiceField(
        label=_("Formats I offer"), choices=FormatCode.choices, widget=forms.CheckboxSelectMultiple
    )
    models_practised = forms.MultipleChoiceField(
        label=_("Models of mentoring I practise"),
        choices=MentoringModelCode.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    photo_upload = PhotoField(
        label=_("Photo"), required=False, help_text=_("JPEG, PNG or WebP, up to 10 MB; a square portrait works best.")
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = MentorProfile
        fields = [
            "display_name",
            "position",
            "organisation",
            "municipality",
            "subjects",
            "expert_areas",
            "bio",
            "capacity",
        ]
        widgets = {
            "subjects": forms.CheckboxSelectMultiple,
            "expert_areas": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 8, "maxlength": BIO_MAX_INPUT}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The name shown stands in the subject of every letter about the mentor's requests: one line.
        for name in ("display_name", "organisation"):
            self.fields[name].validators.append(validate_single_line)
        self.fields["municipality"].queryset = Municipality.objects.order_by("name")
        self.fields["municipality"].required = True
        self.fields["subjects"].queryset = Subject.objects.order_by("name")
        self.fields["expert_areas"].queryset = ExpertArea.objects.order_by("name")
        if self.instance.pk:
            self.initial["bio"] = editable_text(self.instance.bio)
            self.initial.setdefault("formats", self.instance.format_codes)
            self.initial.setdefault("models_practised", self.instance.models_practised)

    def clean_bio(self):
        bio = user_html(self.cleaned_data["bio"], max_length=BIO_MAX_INPUT)
        if text_length(bio) > BIO_MAX_LENGTH:
            raise forms.ValidationError(
                _("Keep it under %(limit)s characters of text."), params={"limit": BIO_MAX_LENGTH}
            )
        return bio

    def clean_photo_upload(self):
        upload = self.cleaned_data.get("photo_upload")
        if not upload:
            return upload
        try:
            return clean_photo(upload)
        except PhotoRejected:
            message = _("The picture cannot be read: it may be cut short or damaged. Try another file.")
            raise forms.ValidationError(message, code="invalid_image") from None

    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.models_practised = self.cleaned_data["models_practised"]
        old_photo = profile.photo
        if self.cleaned_data.get("remove_photo"):
            profile.photo = None
        if self.cleaned_data.get("photo_upload"):
            profile.photo = self._store_photo(self.cleaned_data["photo_upload"])
        profile.save()
        if old_photo is not None and old_photo != profile.photo:
            delete_photo(old_photo)
        self.save_m2m()
        wanted = set(self.cleaned_data["formats"])
        MentorFormat.objects.filter(profile=profile).exclude(format__in=wanted).delete()
        for code in wanted - set(profile.format_codes):
            MentorFormat.objects.create(profile=profile, format=code)
        return profile

    def _store_photo(self, upload):
        return get_image_model().objects.create(
            title=self.cleaned_data["display_name"], file=upload, collection=photo_collection()
        )


class PublicationForm(StorableTextFormMixin, forms.Form):
    consent = forms.BooleanField(
        label=_(
            "I agree that my name, photo, position, organisation, municipality, subjects, formats, the text about me "
            "and my certified competency levels are shown in the public mentor registry. I can withdraw this at any "
            "time by hiding the profile."
        ),
        error_messages={"required": _("Publishing needs your consent.")},
    )
