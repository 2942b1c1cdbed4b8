"""The plugin's settings: defaults for a host that sets nothing, the base template and sign-up link it configures, and
the system checks that report a wrong value before a request reads it."""

import copy

from django.conf import settings
from django.core.checks import run_checks
from django.test import override_settings

import pytest

from course import checks
from course.checks import CONTEXT_PROCESSOR, check_plugin_settings
from course.conf import setting


def error_ids(**overrides) -> list[str]:
    with override_settings(**overrides):
        return [error.id for error in check_plugin_settings()]


def test_a_host_without_the_settings_gets_the_defaults():
    with override_settings():
        del settings.CERTIFICATE_ISSUER_NAME
        del settings.MENTORING_REQUESTS_PER_ADDRESS
        del settings.MENTOR_LMS
        assert setting("CERTIFICATE_ISSUER_NAME") == "Mentor LMS"
        assert setting("MENTORING_REQUESTS_PER_ADDRESS") == 5
        assert setting("BASE_TEMPLATE") == "base.html"
        assert setting("SIGNUP_URL") == ""
        assert check_plugin_settings() == []


def test_the_project_settings_pass_every_check():
    assert [error.id for error in run_checks() if error.id.startswith("mentor_lms.")] == []


def test_wrong_settings_are_errors_with_their_ids():
    assert error_ids(MENTOR_LMS="base.html") == ["mentor_lms.E001"]
    assert error_ids(MENTOR_LMS={"BASE_TEMPLATES": "base.html"}) == ["mentor_lms.E002"]
    assert error_ids(MENTOR_LMS={"BASE_TEMPLATE": "no/such/base.html"}) == ["mentor_lms.E003"]
    assert error_ids(MENTOR_LMS={"STYLESHEET": "no"}) == ["mentor_lms.E007"]
    assert error_ids(MENTOR_LMS={"BASE_TEMPLATE": None, "SIGNUP_URL": 1}) == ["mentor_lms.E007", "mentor_lms.E007"]
    assert error_ids(CERTIFICATE_LOOKUP_THROTTLE_ATTEMPTS="30") == ["mentor_lms.E005"]
    assert error_ids(MENTORING_REQUEST_CONFIRM_DAYS=0) == ["mentor_lms.E005"]
    assert error_ids(CERTIFICATE_ISSUER_NAME=None) == ["mentor_lms.E005"]
    assert error_ids(MENTORS_REGISTRY_SEARCH="elastic") == ["mentor_lms.E005"]
    assert error_ids(MENTORS_REGISTRY_COUNT_LIMIT=0) == ["mentor_lms.E005"]
    assert error_ids(CERTIFICATE_RETIRED_KEYS={}) == []


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
