"""System checks of the plugin's settings: a host that misses one hears it from ``manage.py check``, not as a 500."""

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template

from course.conf import DEFAULTS, flat_settings, setting

CONTEXT_PROCESSOR = "course.context_processors.mentor_lms"
SEARCH_ENGINES = ("auto", "postgres", "wagtail")  # mentors.registry.search
REQUIRED_APPS = ("course", "assessments", "mentors", "wagtail_localize", "wagtail.contrib.routable_page")
PRESENTATION = ("BASE_TEMPLATE", "STYLESHEET", "SIGNUP_URL")


@register()
def check_plugin_settings(app_configs=None, **kwargs) -> list[CheckMessage]:
    value = getattr(settings, "MENTOR_LMS", {})
    if not isinstance(value, dict):
        return [Error("MENTOR_LMS must be a dictionary such as {'BASE_TEMPLATE': 'base.html'}.", id="mentor_lms.E001")]
    messages = [*unknown_keys(value), *deprecated(value), *wrong_kinds(value)]
    base = setting("BASE_TEMPLATE")
    try:
        if isinstance(base, str):
            get_template(base)
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        messages.append(
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
        messages.append(
            Error(
                f"The context processor {CONTEXT_PROCESSOR!r} is missing.",
                hint="Add it to TEMPLATES[0]['OPTIONS']['context_processors']: the plugin's pages read the base "
                "template and the login address from it.",
                id="mentor_lms.E004",
            )
        )
    for app in REQUIRED_APPS:
        if not apps.is_installed(app):
            messages.append(Error(f"Mentor LMS needs {app!r} in INSTALLED_APPS.", id="mentor_lms.E006"))
    return messages


def unknown_keys(value: dict) -> list[Error]:
    return [
        Error(
            f"MENTOR_LMS has an unknown key {key!r}.",
            hint=f"Known: {', '.join(DEFAULTS)}.",
            id="mentor_lms.E002",
        )
        for key in sorted(set(value) - set(DEFAULTS), key=str)
    ]


def deprecated(value: dict) -> list[CheckMessage]:
    """The settings that moved into MENTOR_LMS, still set under their old flat names."""
    messages = []
    for name, flat in flat_settings().items():
        if name in value and value[name] != flat:
            messages.append(
                Error(
                    f"{name} and MENTOR_LMS[{name!r}] are both set, to different values.",
                    hint=f"MENTOR_LMS[{name!r}] is the one read: remove the deprecated {name}.",
                    id="mentor_lms.E008",
                )
            )
        else:
            messages.append(
                Warning(
                    f"{name} is deprecated: set MENTOR_LMS[{name!r}].",
                    hint=f"Move the value into the MENTOR_LMS dictionary; {name} is read only while MENTOR_LMS "
                    "lacks the key, and a later version will stop reading it.",
                    id="mentor_lms.W001",
                )
            )
    return messages


def wrong_kinds(value: dict) -> list[Error]:
    """Every setting's value as ``setting`` reads it, named where the host set it."""
    errors = []
    for name, default in DEFAULTS.items():
        current = setting(name)
        label = f"MENTOR_LMS[{name!r}]" if name in value else name
        if name in PRESENTATION:
            if not isinstance(current, type(default)):
                kind = "True or False" if isinstance(default, bool) else "a string"
                errors.append(Error(f"{label} must be {kind}, not {current!r}.", id="mentor_lms.E007"))
        elif isinstance(default, int):
            if isinstance(current, bool) or not isinstance(current, int) or current < 1:
                errors.append(Error(f"{label} must be a whole number above 0, not {current!r}.", id="mentor_lms.E005"))
        elif name == "CERTIFICATE_RETIRED_KEYS":
            # A JSON object from the environment, or a dict; mentors.checks reads what it holds.
            if not isinstance(current, str | dict):
                errors.append(
                    Error(f"{label} must be a JSON object or a dict, not {current!r}.", id="mentor_lms.E005")
                )
        elif not isinstance(current, str):
            errors.append(Error(f"{label} must be a string, not {current!r}.", id="mentor_lms.E005"))
        elif name == "MENTORS_REGISTRY_SEARCH" and current not in SEARCH_ENGINES:
            errors.append(
                Error(f"{label} must be one of {', '.join(SEARCH_ENGINES)}, not {current!r}.", id="mentor_lms.E005")
            )
    return errors
