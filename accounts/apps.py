from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("Accounts")


class LmsUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user screens."""

    default = False
    user_viewset = "accounts.viewsets.UserViewSet"
