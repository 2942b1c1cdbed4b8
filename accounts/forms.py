"""Forms of the Wagtail admin's user screens, with the fields of our user model."""

from wagtail.users.forms import UserCreationForm, UserEditForm

PROFILE_FIELDS = {"patronymic", "organisation", "position", "municipality"}


class LmsUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | PROFILE_FIELDS


class LmsUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | PROFILE_FIELDS
