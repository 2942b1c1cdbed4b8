"""The benchmark (``make bench``): production-like (no debug, real password hashing unused), test client host."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "bench-only-insecure-key"  # noqa: S105 - a local benchmark database
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Registry requests are measured whole; no log noise from the demo loader.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The benchmark database starts from the demo (bench/build.py).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
