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
    from cryptography.hazmat.primitives.asymmetric import rsa

    # Open Badges 3.0 credentials are signed with RS256 (mentors/credentials/badges.py).
    return (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def production_env(**overrides: str) -> dict[str, str]:
    """Everything production requires, with ``overrides`` (an empty value leaves the variable out)."""
    variables = {
        "SECRET_KEY": strong_secret_key(),
        "ALLOWED_HOSTS": "mentor.example.org",
        "CERTIFICATE_SIGNING_KEY": signing_key(),
        "EMAIL_URL": "smtp://mailer:secret@smtp.example.org:587/?tls=True",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "WAGTAILADMIN_BASE_URL": "https://mentor.example.org",
        "TRUSTED_PROXY_COUNT": "1",
    } | overrides
    return {name: value for name, value in variables.items() if value}


def start_production(**overrides: str) -> subprocess.CompletedProcess:
    return run(["-c", SETUP_PRODUCTION], **production_env(**overrides))


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


def test_production_starts_with_what_it_requires():
    result = run(
        ["-c", f"{SETUP_PRODUCTION}; from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"],
        **production_env(),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['mentor.example.org']"


# Issue 10, finding 9: production must not start with defaults that fail quietly.


@pytest.mark.parametrize("email_url", ["", "console://", "memory://", "dummy://", "file:///tmp/mail"])
def test_production_refuses_to_start_without_a_real_mail_server(email_url):
    # Reset links must not end up in the logs.
    result = start_production(EMAIL_URL=email_url)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "EMAIL_URL" in result.stderr


def test_production_refuses_to_start_without_a_shared_cache():
    # A per-process memory cache would count every throttle per worker.
    result = start_production(REDIS_URL="")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "REDIS_URL" in result.stderr


def test_production_takes_cache_url_for_the_shared_cache():
    script = f"{SETUP_PRODUCTION}; from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run(["-c", script], **production_env(REDIS_URL="", CACHE_URL="redis://127.0.0.1:6379/8"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "lms_site.redis_cache.RedisCache"


@pytest.mark.parametrize(
    "base_url", ["", "http://127.0.0.1:8000", "https://localhost", "http://mentor.example.org", "mentor.example.org"]
)
def test_production_refuses_to_start_without_its_public_base_url(base_url):
    # It is signed into credentials and printed in QR codes.
    result = start_production(WAGTAILADMIN_BASE_URL=base_url)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "WAGTAILADMIN_BASE_URL" in result.stderr


@pytest.mark.parametrize("count", ["", "0", "-1", "two", "1.5", "6"])
def test_production_refuses_to_start_with_a_proxy_count_that_cannot_be_right(count):
    # Production sits behind the TLS proxy that SECURE_PROXY_SSL_HEADER trusts: with 0, every visitor would share
    # the proxy's address and one guesser could lock the whole site out of logging in.
    result = start_production(TRUSTED_PROXY_COUNT=count)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "TRUSTED_PROXY_COUNT" in result.stderr


@pytest.mark.parametrize("count", ["1", "2"])
def test_production_takes_a_plausible_proxy_count(count):
    script = f"{SETUP_PRODUCTION}; from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"
    result = run(["-c", script], **production_env(TRUSTED_PROXY_COUNT=count))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == count


def test_production_sends_a_content_security_policy():
    script = (
        f"{SETUP_PRODUCTION}; from django.conf import settings; "
        "print('lms_site.middleware.ContentSecurityPolicyMiddleware' in settings.MIDDLEWARE, "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['object-src'])"
    )
    result = run(["-c", script], **production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True [\"'none'\"]"


def test_check_deploy_passes_without_warnings():
    result = run(
        ["manage.py", "check", "--deploy"],
        **production_env(DJANGO_SETTINGS_MODULE="lms_site.settings.production"),
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
    assert settings["cache"] == "lms_site.redis_cache.RedisCache"


def test_production_installs_no_demo_code():
    # The demo loaders and content belong to the demo site (issue 14): development and test settings only.
    script = (
        f"{SETUP_PRODUCTION}; import sys; from django.apps import apps; "
        "from django.core.management import get_commands; from django.urls import get_resolver; "
        "from wagtail import hooks; get_resolver().url_patterns; "
        "hooks.search_for_hooks(); "
        "print(apps.is_installed('demo'), 'load_demo' in get_commands(), "
        "sorted(name for name in sys.modules if name.split('.')[0] == 'demo'))"
    )
    result = run(["-c", script], **production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False []"
