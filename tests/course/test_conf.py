"""The plugin's settings: defaults for a host that sets nothing, the base template and sign-up link it configures, and
the system checks that report a wrong value before a request reads it."""

import copy
import os

from django.conf import settings
from django.core.checks import ERROR, WARNING, run_checks
from django.test import override_settings

import pytest

from course import checks
from course.checks import CONTEXT_PROCESSOR, check_plugin_settings
from course.conf import DEFAULTS, FLAT, setting


def error_ids(**overrides) -> list[str]:
    with override_settings(**overrides):
        return [error.id for error in check_plugin_settings()]


def without_key(name: str) -> dict:
    """The site's MENTOR_LMS without one key, as a host that still sets the flat setting has it."""
    return {key: value for key, value in settings.MENTOR_LMS.items() if key != name}


def test_a_host_without_the_settings_gets_the_defaults():
    with override_settings():
        del settings.MENTOR_LMS
        assert setting("CERTIFICATE_ISSUER_NAME") == "Mentor LMS"
        assert setting("MENTORING_REQUESTS_PER_ADDRESS") == 5
        assert setting("MENTORS_REGISTRY_SEARCH") == "auto"
        assert setting("BASE_TEMPLATE") == "base.html"
        assert setting("SIGNUP_URL") == ""
        assert {name: setting(name) for name in DEFAULTS} == DEFAULTS
        assert check_plugin_settings() == []


def test_the_site_sets_every_key_under_mentor_lms_and_no_flat_name():
    assert set(settings.MENTOR_LMS) == set(DEFAULTS)
    assert [name for name in FLAT if hasattr(settings, name)] == []
    # The site's issuer, not the plugin's default.
    assert setting("CERTIFICATE_ISSUER_NAME") == os.environ.get(
        "CERTIFICATE_ISSUER_NAME", "Институт развития образования Республики Татарстан"
    )


def test_a_namespaced_value_is_read_at_each_call(mentor_lms_settings):
    mentor_lms_settings(CERTIFICATE_BASE_URL="https://lms.example.org", MENTORS_REGISTRY_COUNT_LIMIT=7)
    assert (setting("CERTIFICATE_BASE_URL"), setting("MENTORS_REGISTRY_COUNT_LIMIT")) == ("https://lms.example.org", 7)
    with override_settings(MENTOR_LMS={**settings.MENTOR_LMS, "MENTORS_REGISTRY_COUNT_LIMIT": 8}):
        assert setting("MENTORS_REGISTRY_COUNT_LIMIT") == 8
    assert setting("MENTORS_REGISTRY_COUNT_LIMIT") == 7


def test_a_flat_setting_is_still_read_and_reported_as_deprecated():
    with override_settings(MENTOR_LMS=without_key("CERTIFICATE_BASE_URL"), CERTIFICATE_BASE_URL="https://old.example"):
        assert setting("CERTIFICATE_BASE_URL") == "https://old.example"
        (warning,) = check_plugin_settings()
    assert (warning.id, warning.level) == ("mentor_lms.W001", WARNING)
    assert warning.msg == "CERTIFICATE_BASE_URL is deprecated: set MENTOR_LMS['CERTIFICATE_BASE_URL']."
    assert "MENTOR_LMS" in warning.hint
    # A host with no MENTOR_LMS at all, only flat names.
    with override_settings(MENTORING_REQUESTS_PER_EMAIL=9):
        del settings.MENTOR_LMS
        assert setting("MENTORING_REQUESTS_PER_EMAIL") == 9
        assert [message.id for message in check_plugin_settings()] == ["mentor_lms.W001"]


def test_the_namespaced_value_wins_and_a_different_flat_one_is_an_error():
    with override_settings(CERTIFICATE_SIGNING_KEY_ID="2025-01"):
        assert setting("CERTIFICATE_SIGNING_KEY_ID") == "key-1"
        (error,) = check_plugin_settings()
    assert (error.id, error.level) == ("mentor_lms.E008", ERROR)
    assert "CERTIFICATE_SIGNING_KEY_ID" in error.msg and "MENTOR_LMS['CERTIFICATE_SIGNING_KEY_ID']" in error.msg
    # The same value under both names is only deprecated.
    assert error_ids(CERTIFICATE_SIGNING_KEY_ID="key-1") == ["mentor_lms.W001"]


def test_the_presentation_keys_have_no_flat_form():
    with override_settings(BASE_TEMPLATE="404.html", MENTOR_LMS={}):
        assert setting("BASE_TEMPLATE") == "base.html"
        assert check_plugin_settings() == []


def test_the_project_settings_pass_every_check():
    assert [error.id for error in run_checks() if error.id.startswith("mentor_lms.")] == []


def test_wrong_settings_are_errors_with_their_ids():
    assert error_ids(MENTOR_LMS="base.html") == ["mentor_lms.E001"]
    assert error_ids(MENTOR_LMS={"BASE_TEMPLATES": "base.html"}) == ["mentor_lms.E002"]
    assert error_ids(MENTOR_LMS={"CERTIFICATE_BASE_URLS": ""}) == ["mentor_lms.E002"]
    assert error_ids(MENTOR_LMS={"BASE_TEMPLATE": "no/such/base.html"}) == ["mentor_lms.E003"]
    assert error_ids(MENTOR_LMS={"STYLESHEET": "no"}) == ["mentor_lms.E007"]
    assert error_ids(MENTOR_LMS={"BASE_TEMPLATE": None, "SIGNUP_URL": 1}) == ["mentor_lms.E007", "mentor_lms.E007"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CERTIFICATE_LOOKUP_THROTTLE_ATTEMPTS", "30"),
        ("MENTORING_REQUEST_CONFIRM_DAYS", 0),
        ("MENTORING_REQUESTS_WINDOW", True),
        ("CERTIFICATE_ISSUER_NAME", None),
        ("CERTIFICATE_RETIRED_KEYS", ["key-1"]),
        ("MENTORS_REGISTRY_SEARCH", "elastic"),
        ("MENTORS_REGISTRY_COUNT_LIMIT", 0),
    ],
)
def test_a_value_of_the_wrong_kind_is_named_where_it_was_set(name, value):
    with override_settings(MENTOR_LMS={**settings.MENTOR_LMS, name: value}):
        (error,) = check_plugin_settings()
    assert error.id == "mentor_lms.E005" and error.msg.startswith(f"MENTOR_LMS[{name!r}] must be ")
    # The same under the deprecated flat name: the error names it, beside the deprecation.
    with override_settings(MENTOR_LMS=without_key(name), **{name: value}):
        messages = check_plugin_settings()
    assert [message.id for message in messages] == ["mentor_lms.W001", "mentor_lms.E005"]
    assert messages[1].msg.startswith(f"{name} must be ")


def test_the_retired_keys_may_be_a_dict_or_json():
    assert error_ids(MENTOR_LMS={"CERTIFICATE_RETIRED_KEYS": {}}) == []
    assert error_ids(MENTOR_LMS={"CERTIFICATE_RETIRED_KEYS": "{}"}) == []


def test_the_context_processor_must_be_installed():
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].remove(CONTEXT_PROCESSOR)
    assert error_ids(TEMPLATES=templates) == ["mentor_lms.E004"]


def test_a_missing_app_is_named(monkeypatch):
    monkeypatch.setattr(checks, "REQUIRED_APPS", (*checks.REQUIRED_APPS, "wagtail.contrib.not_installed"))
    errors = check_plugin_settings()
    assert [error.id for error in errors] == ["mentor_lms.E006"]
    assert "wagtail.contrib.not_installed" in errors[0].msg


@pytest.mark.django_db
def test_pages_extend_the_configured_base_template(client, course):
    response = client.get(course.url)
    extended = [template.name for template in response.templates[:3]]
    assert extended == ["course/course_page.html", "course/base.html", "base.html"]
    with override_settings(MENTOR_LMS={**settings.MENTOR_LMS, "BASE_TEMPLATE": "404.html"}):
        response = client.get(course.url)
    extended = [template.name for template in response.templates[:3]]
    assert extended == ["course/course_page.html", "course/base.html", "404.html"]


@pytest.mark.django_db
def test_the_pages_link_the_plugin_stylesheet_once(client, course):
    link = '<link rel="stylesheet" href="/static/course/mentor-lms.css">'
    # This site's base template links it for every page and turns the pages' own link off.
    assert client.get(course.url).content.decode().count(link) == 1
    with override_settings(MENTOR_LMS={**settings.MENTOR_LMS, "STYLESHEET": True}):
        assert client.get(course.url).content.decode().count(link) == 2


@pytest.mark.django_db
def test_the_landing_offers_sign_up_only_where_the_host_has_it(client, course):
    # The enrolment panel's button (the demo site's header has its own sign-up link).
    button = f'class="button" href="/ru/accounts/signup/?course={course.pk}&amp;next={course.url}"'
    assert button in client.get(course.url).content.decode()
    with override_settings(MENTOR_LMS={**settings.MENTOR_LMS, "SIGNUP_URL": ""}):
        page = client.get(course.url).content.decode()
    assert 'class="button" href="/ru/accounts/signup/' not in page
    assert f'href="/ru/accounts/login/?next={course.url}"' in page
