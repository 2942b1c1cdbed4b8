"""Local development: debug on, a fixed insecure key, e-mail to the console."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = ["*"]
# The demo (``manage.py load_demo``, run by ``make run``): development only, never production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
