from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourseConfig(AppConfig):
    # As the migrations were made, whatever DEFAULT_AUTO_FIELD the host has.
    default_auto_field = "django.db.models.BigAutoField"
    name = "course"
    verbose_name = _("Course")

    def ready(self):
        from course import checks, receivers  # noqa: F401  (the settings' system checks; signal receivers)
