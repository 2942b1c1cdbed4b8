"""Shared fixtures: the locales, a minimal page tree under the default site, users and query counting."""

import copy
import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, Page, Site

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

from course.conf import DEFAULTS
from course.models import Enrolment
from tests.factories import (
    CaseStudyPageFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    UserFactory,
)

# Hypothesis keeps examples and caches in .hypothesis/ of the working directory; keep the project tree clean.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "mentor-lms-hypothesis")
# `make test` (and CI) run the same examples every time, so a run cannot fail on a value it happened to draw today;
# `make sweep` explores new random values (HYPOTHESIS_PROFILE=explore).
hypothesis_settings.register_profile("lms", database=None, deadline=None, derandomize=True)
hypothesis_settings.register_profile("explore", database=None, deadline=None, derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "lms"))


def pytest_configure(config):
    # WhiteNoise looks for collected static files, which the tests do not need.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(scope="session", autouse=True)
def _own_cache_namespace():
    """The cache may be a Redis database that other runs (another suite, a dev server) use too: own key prefix."""
    caches = copy.deepcopy(settings.CACHES)
    for cache_settings in caches.values():
        cache_settings["KEY_PREFIX"] = f"{cache_settings.get('KEY_PREFIX', '')}-tests-{os.getpid()}"
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _own_throttle_counters(settings):
    """Every test client comes from 127.0.0.1: the throttles' counts (failed logins, resets, requests, look-ups) of
    other tests must not block this one."""
    settings.THROTTLE_KEY_PREFIX = f"throttle-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def _own_cache_keys(settings):
    """Progress, the site frame and pages are cached under versions kept in the cache, and with SQLite one test's
    rows take another's ids: each test starts from an empty namespace of its own."""
    caches = copy.deepcopy(settings.CACHES)
    for cache_settings in caches.values():
        cache_settings["KEY_PREFIX"] = f"{cache_settings.get('KEY_PREFIX', '')}-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture
def mentor_lms_settings(settings):
    """Sets some of the plugin's settings (``course.conf.DEFAULTS``) for the rest of the test, keeping the other keys
    of ``MENTOR_LMS``: ``mentor_lms_settings(MENTORS_REGISTRY_COUNT_LIMIT=2)``. (A flat ``settings.X`` would lose to
    the site's ``MENTOR_LMS``.)"""

    def override(**values):
        unknown = set(values) - set(DEFAULTS)
        assert not unknown, f"not settings of the plugin: {sorted(unknown)}"
        settings.MENTOR_LMS = {**settings.MENTOR_LMS, **values}

    return override


@pytest.fixture(autouse=True)
def _clear_wagtail_caches():
    """Wagtail caches the site root paths and locale names; with Redis they outlive a test's database rollback."""
    Site.clear_site_root_paths_cache()
    cache.delete("wagtail_locales_display_name")
    yield
    Site.clear_site_root_paths_cache()


@pytest.fixture
def ru(db):
    return Locale.objects.get(language_code="ru")


@pytest.fixture
def en(db):
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def home(ru, en):
    """The catalogue as the root page of the default site (Wagtail's welcome page stays aside)."""
    home = CourseIndexPageFactory(parent=Page.get_first_root_node(), locale=ru)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def course(home):
    return CoursePageFactory(parent=home, title="Педагогическое наставничество", slug="pedagogical-mentoring")


@pytest.fixture
def module(course):
    return ModulePageFactory(
        parent=course,
        title="Наставничество как технология",
        slug="module-1",
        number=1,
        competencies=("expert", "communicative"),
    )


@pytest.fixture
def lesson(module):
    return LessonPageFactory(parent=module, title="Что такое наставничество", slug="what-is-mentoring")


@pytest.fixture
def case_study(module):
    return CaseStudyPageFactory(parent=module, title="Молодой учитель и родители", slug="young-teacher")


@pytest.fixture
def user(db):
    return UserFactory(username="learner", email="Learner@Example.org")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def count_queries(client):
    """The number of queries of a GET, measured after a first request has warmed the caches."""

    def count(url: str) -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(context)

    return count


def translate(page, locale, title):
    """An English version of a page, published, as wagtail-localize would make it."""
    translation = page.copy_for_translation(locale)
    translation.title = title
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


@pytest.fixture
def en_home(home, en):
    return translate(home, en, "Course catalogue")


@pytest.fixture
def en_course(course, en_home, en):
    return translate(course, en, "Pedagogical Mentoring")


@pytest.fixture
def reader(client, course):
    """The test client logged in as a learner enrolled in ``course``, who may open its modules and lessons."""
    learner = UserFactory(username="reader", email="reader@example.org")
    Enrolment.objects.create(user=learner, course=course)
    client.force_login(learner)
    return client
