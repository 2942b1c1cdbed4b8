"""SQLite takes parallel writes in turn instead of failing with "database is locked" (issue 10, finding 6).

Two mentors' tabs accepting requests at once both read the mentor's free places, then both write: in SQLite's
default (deferred) transactions the second writer cannot upgrade its read lock and fails at once, whatever the busy
timeout. The settings begin every transaction ``IMMEDIATE`` (the write lock first, the others wait their turn up to
the timeout) and use the write-ahead log, so readers never wait for a writer.

The test suite's SQLite database lives in memory with a shared cache, whose table locks ignore the busy timeout, so
this test opens a database file of its own with the site's settings.
"""

import threading
import time

from django.conf import settings
from django.db import connections, transaction

import pytest

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite's locking"
)

ALIAS = "sqlite_file"
THREADS = 8
CAPACITY = 3


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    connections.settings[ALIAS] = {**connections.settings["default"], "NAME": str(tmp_path / "db.sqlite3")}
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE mentor (id integer PRIMARY KEY, taken integer, capacity integer)")
            cursor.execute("CREATE TABLE answer (id integer PRIMARY KEY, mentor_id integer, status text)")
            cursor.execute("INSERT INTO mentor VALUES (1, 0, %s)", [CAPACITY])
        yield connections[ALIAS]
        connections[ALIAS].close()
    del connections.settings[ALIAS]


def test_the_site_s_sqlite_settings_queue_writers(db):
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"]


def test_parallel_accepts_take_their_turn_and_never_exceed_the_capacity(sqlite_file, django_db_blocker):
    start = threading.Barrier(THREADS)
    outcomes, errors = [], []

    def accept(request_id: int) -> None:
        with django_db_blocker.unblock():
            try:
                start.wait(timeout=10)
                # The shape of mentors.requests.services.accept_request: read the free places, then take one.
                with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
                    cursor.execute("SELECT taken, capacity FROM mentor WHERE id = 1")
                    taken, capacity = cursor.fetchone()
                    time.sleep(0.02)  # the other tabs read meanwhile
                    status = "accepted" if taken < capacity else "refused"
                    if status == "accepted":
                        cursor.execute("UPDATE mentor SET taken = taken + 1 WHERE id = 1")
                    cursor.execute("INSERT INTO answer (mentor_id, status) VALUES (1, %s)", [status])
                outcomes.append(status)
            except Exception as error:
                errors.append(repr(error))
            finally:
                connections[ALIAS].close()

    threads = [threading.Thread(target=accept, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(outcomes) == ["accepted"] * CAPACITY + ["refused"] * (THREADS - CAPACITY)
    with sqlite_file.cursor() as cursor:
        cursor.execute("SELECT taken FROM mentor WHERE id = 1")
        assert cursor.fetchone() == (CAPACITY,)
