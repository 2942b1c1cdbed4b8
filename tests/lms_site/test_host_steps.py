"""The README's "Add to an existing Wagtail site" read as ``make plugin-check`` follows it: the settings it adds are
what the plugin's system checks ask for, and the URLs it adds reach the plugin's views before Wagtail's catch-all.
(``make plugin-check`` runs the steps in a real new site; this keeps a README edit honest in the suite.)"""

from types import SimpleNamespace

from django.test import override_settings
from django.urls import include, path
from django.urls.resolvers import RegexPattern, URLResolver

from wagtail import urls as wagtail_urls

from course.checks import CONTEXT_PROCESSOR, REQUIRED_APPS, wrong_kinds
from course.conf import DEFAULTS
from tests.plugin_check.readme import appended_to, readme_steps


def step(target: str) -> str:
    (code,) = [code for language, code in readme_steps() if language == "python" and appended_to(code) == target]
    return code


def test_every_step_is_one_a_script_can_follow():
    steps = readme_steps()
    assert [(language, appended_to(code)) for language, code in steps] == [
        ("python", "hostsite/settings/base.py"),
        ("python", "hostsite/urls.py"),
        ("sh", None),
    ]
    assert "python manage.py mentor_lms_sample_course" in steps[-1][1]


def test_the_settings_step_gives_what_the_checks_ask_for():
    # What `wagtail start` leaves in hostsite/settings/base.py before the step.
    host = {
        "INSTALLED_APPS": ["home", "search", "wagtail", "django.contrib.auth"],
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
            }
        ],
    }
    exec(step("hostsite/settings/base.py"), host)  # noqa: S102 (the README's own lines)
    assert set(REQUIRED_APPS) <= set(host["INSTALLED_APPS"])
    assert CONTEXT_PROCESSOR in host["TEMPLATES"][0]["OPTIONS"]["context_processors"]
    assert set(host["MENTOR_LMS"]) <= set(DEFAULTS)
    with override_settings(MENTOR_LMS=host["MENTOR_LMS"]):
        assert wrong_kinds(host["MENTOR_LMS"]) == []


def test_the_urls_step_reaches_the_plugin_before_wagtail():
    # hostsite/urls.py as `wagtail start` writes it ends with Wagtail's catch-all.
    host = {"path": path, "include": include, "urlpatterns": [path("", include(wagtail_urls))]}
    exec(step("hostsite/urls.py"), host)  # noqa: S102 (the README's own lines)
    resolver = URLResolver(RegexPattern(r"^/"), SimpleNamespace(urlpatterns=host["urlpatterns"]))
    assert resolver.resolve("/dashboard/").url_name == "dashboard"
    assert resolver.resolve("/attempts/1/").route == "attempts/<id:attempt_id>/"
    assert resolver.resolve("/certificates/").url_name == "certificate_lookup"
    assert resolver.resolve("/badges/issuer.json").url_name == "mentors_issuer"
    assert resolver.resolve("/api/v1/mentors/").url_name
    assert resolver.resolve("/some/page/").func.__module__ == "wagtail.views"
