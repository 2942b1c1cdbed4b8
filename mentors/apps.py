from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorsConfig(AppConfig):
    # As the migrations were made, whatever DEFAULT_AUTO_FIELD the host has.
    default_auto_field = "django.db.models.BigAutoField"
    name = "mentors"
    verbose_name = _("Mentors")

    def ready(self):
        from mentors import checks, receivers  # noqa: F401  (system checks; certification on evidence changes)
