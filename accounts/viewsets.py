"""The Wagtail admin's user screens, extended with patronymic, organisation, position and municipality, and the
erasure of an account's personal data on a written request (``accounts.admin_views``)."""

from django.urls import path

from wagtail.users.views.users import IndexView as WagtailUserIndexView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.admin_views import EraseUserView
from accounts.forms import LmsUserCreationForm, LmsUserEditForm


class UserIndexView(WagtailUserIndexView):
    def get_base_queryset(self):
        # Each row names the person, with the patronymic of the plugin's learner profile.
        return super().get_base_queryset().select_related("learner")


class UserViewSet(WagtailUserViewSet):
    index_view_class = UserIndexView

    def get_form_class(self, for_update=False):
        return LmsUserEditForm if for_update else LmsUserCreationForm

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("erase/<int:pk>/", EraseUserView.as_view(), name="erase")]
