"""Production settings for the local multi-server check and load test (bench/stack.py): everything as production
requires it, except that static files are served by WhiteNoise from the apps' folders instead of a collected, hashed
and compressed copy (collecting takes longer than the check itself, and it is not what the check is about)."""

from .production import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
# The local checks load the demo into their throwaway database; the app adds only that command.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
