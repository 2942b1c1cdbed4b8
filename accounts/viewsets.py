"""The Wagtail admin's user screens, extended with patronymic, organisation, position and municipality, and the
erasure of an account's personal data on a written request (``accounts.admin_views``)."""

from django.urls import path

from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.admin_views import EraseUserView
from accounts.forms import LmsUserCreationForm, LmsUserEditForm


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return LmsUserEditForm if for_update else LmsUserCreationForm

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("erase/<int:pk>/", EraseUserView.as_view(), name="erase")]
