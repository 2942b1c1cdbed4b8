"""The demo, loaded once per test module: each test runs in a transaction of its own on top of it."""

from django.core.management import call_command
from django.db import connection

from wagtail.models import Site

import pytest

from tests.demo.helpers import DEMO_PASSWORD, run_load_demo


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Loads the demo once for the module, as ``manage.py load_demo`` does, and restores the database afterwards.

    The loader commits step by step (wagtail-localize publishes translations on commit, and the English course must
    go under an already published English catalogue), so it runs outside the tests' transactions, in autocommit
    mode. Afterwards the database is flushed and its earlier content (what the migrations created) is reloaded, the
    way Django's ``serialized_rollback`` does it.
    """
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
        snapshot = connection.creation.serialize_db_to_string()
        Site.clear_site_root_paths_cache()
        try:
            yield run_load_demo()
        finally:
            # Sequences keep counting, so ids reloaded from the snapshot and ids given later never collide.
            call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0)
            connection.creation.deserialize_db_from_string(snapshot)
            Site.clear_site_root_paths_cache()


@pytest.fixture
def demo(demo_output, db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    return demo_output
