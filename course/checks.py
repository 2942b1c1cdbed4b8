"""System checks of the plugin's settings: a host that misses one hears it from ``manage.py check``, not as a 500."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, register
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template

from course.conf import NAMED, PRESENTATION

CONTEXT_PROCESSOR = "course.context_processors.mentor_lms"
SEARCH_ENGINES = ("auto", "postgres", "wagtail")  # mentors.registry.search
REQUIRED_APPS = ("course", "assessments", "mentors", "wagtail_localize", "wagtail.contrib.routable_page")


@register()
def check_plugin_settings(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    value = getattr(settings, "MENTOR_LMS", {})
    if not isinstance(value, dict):
        return [Error("MENTOR_LMS must be a dictionary such as {'BASE_TEMPLATE': 'base.html'}.", id="mentor_lms.E001")]
    for key in sorted(set(value) - set(PRESENTATION)):
        errors.append(
            Error(
                f"MENTOR_LMS has an unknown key {key!r}.",
                hint=f"Known: {', '.join(PRESENTATION)}.",
                id="mentor_lms.E002",
            )
        )
    for key, default in PRESENTATION.items():
        if not isinstance(value.get(key, default), type(default)):
            kind = "True or False" if isinstance(default, bool) else "a string"
            errors.append(Error(f"MENTOR_LMS[{key!r}] must be {kind}, not {value[key]!r}.", id="mentor_lms.E007"))
    if errors:
        return errors
    base = value.get("BASE_TEMPLATE", PRESENTATION["BASE_TEMPLATE"])
    try:
        get_template(base)
    except (TemplateDoesNotExist, TemplateSyntaxError, TypeError) as error:
        errors.append(
            Error(
                f"MENTOR_LMS['BASE_TEMPLATE'] = {base!r} cannot be loaded: {error!r}.",
                hint="The plugin's pages extend it: name a template with the blocks title, extra_css, body_class, "
                "content and extra_js.",
                id="mentor_lms.E003",
            )
        )
    if not any(
        CONTEXT_PROCESSOR in engine.get("OPTIONS", {}).get("context_processors", [])
        for engine in settings.TEMPLATES
        if engine["BACKEND"] == "django.template.backends.django.DjangoTemplates"
    ):
        errors.append(
            Error(
                f"The context processor {CONTEXT_PROCESSOR!r} is missing.",
                hint="Add it to TEMPLATES[0]['OPTIONS']['context_processors']: the plugin's pages read the base "
                "template and the login address from it.",
                id="mentor_lms.E004",
            )
        )
    # CERTIFICATE_RETIRED_KEYS may also be a dict; mentors.checks reads it.
    for name, default in NAMED.items():
        current = getattr(settings, name, default)
        if isinstance(default, int) and (isinstance(current, bool) or not isinstance(current, int) or current < 1):
            errors.append(Error(f"{name} must be a whole number above 0, not {current!r}.", id="mentor_lms.E005"))
        elif isinstance(default, str) and not isinstance(current, str) and name != "CERTIFICATE_RETIRED_KEYS":
            errors.append(Error(f"{name} must be a string, not {current!r}.", id="mentor_lms.E005"))
    engine = getattr(settings, "MENTORS_REGISTRY_SEARCH", "auto")
    if isinstance(engine, str) and engine not in SEARCH_ENGINES:
        errors.append(
            Error(
                f"MENTORS_REGISTRY_SEARCH must be one of {', '.join(SEARCH_ENGINES)}, not {engine!r}.",
                id="mentor_lms.E005",
            )
        )
    for app in REQUIRED_APPS:
        if not apps.is_installed(app):
            errors.append(Error(f"Mentor LMS needs {app!r} in INSTALLED_APPS.", id="mentor_lms.E006"))
    return errors
