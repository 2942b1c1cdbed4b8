from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsSiteConfig(AppConfig):
    name = "lms_site"
    verbose_name = _("Mentor LMS site")
