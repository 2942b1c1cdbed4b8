from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsSiteConfig(AppConfig):
    name = "lms_site"
    verbose_name = _("Mentor LMS site")

    def ready(self):
        from lms_site import page_cache

        page_cache.connect_receivers()
