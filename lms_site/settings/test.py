"""The test suite: fast hashing, mail kept in memory, tasks run immediately."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Files the tests store (certificate PDFs rendered after issue) stay out of the project tree.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "mentor-lms-test-media"
PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / "mentor-lms-test-private-media"
STORAGES["certificates"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
# Tests of pages see them rendered; tests of the page cache turn it on (tests/lms_site/test_page_cache.py).
PAGE_CACHE_SECONDS = 0
# The demo loader and its content are tested with the site (tests/demo/); production never installs them.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
