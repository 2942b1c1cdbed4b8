"""Settings per environment, each checked in a fresh interpreter with a controlled environment."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def clean_env(**variables: str) -> dict[str, str]:
    """Only what a Python process needs, plus the given variables: no DATABASE_URL, SECRET_KEY, … from the caller."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "SYSTEMROOT") if name in os.environ}
    env.update(variables)
    return env


def run(args: list[str], **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (a fixed command line, no shell)
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


SETUP_PRODUCTION = (
    "import os; os.environ['DJANGO_SETTINGS_MODULE']='lms_site.settings.production'; import django; django.setup()"
)


def strong_secret_key() -> str:
    return secrets.token_urlsafe(64)  # 86 characters of a 64-symbol alphabet


def signing_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def test_manage_py_is_where_the_tests_expect_it():
    assert (PROJECT_DIR / "manage.py").is_file()
    assert (PROJECT_DIR / "lms_site" / "settings" / "production.py").is_file()


def test_production_refuses_to_start_without_secret_key():
    result = run(["-c", SETUP_PRODUCTION], ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run(["-c", SETUP_PRODUCTION], SECRET_KEY=strong_secret_key())
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_the_certificate_signing_key():
    result = run(["-c", SETUP_PRODUCTION], SECRET_KEY=strong_secret_key(), ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "CERTIFICATE_SIGNING_KEY" in result.stderr


def test_production_starts_with_secret_key_and_hosts():
    result = run(
        ["-c", f"{SETUP_PRODUCTION}; from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"],
        SECRET_KEY=strong_secret_key(),
        ALLOWED_HOSTS="example.org",
        CERTIFICATE_SIGNING_KEY=signing_key(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['example.org']"


def test_check_deploy_passes_without_warnings():
    result = run(
        ["manage.py", "check", "--deploy"],
        SECRET_KEY=strong_secret_key(),
        ALLOWED_HOSTS="example.org",
        CERTIFICATE_SIGNING_KEY=signing_key(),
        DJANGO_SETTINGS_MODULE="lms_site.settings.production",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output
    assert "?: (security." not in output


PRINT_BASE_SETTINGS = (
    "import json; from lms_site.settings import base; "
    "print(json.dumps({'db': base.DATABASES['default'], 'cache': base.CACHES['default']['BACKEND'], "
    "'base_dir': str(base.BASE_DIR)}, default=str))"
)


def base_settings(**variables: str) -> dict:
    result = run(["-c", PRINT_BASE_SETTINGS], **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_base_settings_default_to_sqlite_in_the_project():
    settings = base_settings()
    assert settings["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(settings["db"]["NAME"]) == PROJECT_DIR / "db.sqlite3"
    assert Path(settings["base_dir"]) == PROJECT_DIR
    assert settings["cache"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_base_settings_use_database_url(scheme):
    settings = base_settings(DATABASE_URL=f"{scheme}://lms:secret@db.example.org:5433/lms")
    assert settings["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["db"]["HOST"], settings["db"]["PORT"], settings["db"]["NAME"]) == ("db.example.org", 5433, "lms")


def test_base_settings_use_redis_when_redis_url_is_set():
    settings = base_settings(REDIS_URL="redis://127.0.0.1:6379/3")
    assert settings["cache"] == "django.core.cache.backends.redis.RedisCache"
