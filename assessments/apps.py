from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    # As the migrations were made, whatever DEFAULT_AUTO_FIELD the host has.
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from assessments import receivers  # noqa: F401  (cached progress follows attempts, grades and analyses)
