"""Scheduled housekeeping: the jobs ``manage.py housekeeping`` runs, the plugin's (``mentors.housekeeping``) and the
site's own (files nothing points to, expired sessions, old login-throttle records).

Each job takes ``dry_run`` and returns a count: with ``dry_run`` what is due, without it what was done. Running a job
twice in a row does nothing the second time.
"""

import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.files.storage import Storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.users.models import UserProfile

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from mentors import housekeeping as mentors_housekeeping

LOGIN_RECORD_MODELS = (AccessAttempt, AccessFailureLog, AccessLog)


@dataclass(frozen=True)
class Job:
    """One housekeeping job: a name for the output and a function ``run(dry_run=...) -> int``."""

    name: str
    run: Callable[..., int]


# --- Files nothing points to -----------------------------------------------------------------------------------------


def walk(storage: Storage, directory: str) -> Iterator[str]:
    """Every file name under ``directory`` in ``storage``, recursively; nothing when the directory does not exist."""
    try:
        directories, files = storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield posixpath.join(directory, name)
    for name in directories:
        yield from walk(storage, posixpath.join(directory, name))


def orphaned_files(storage: Storage, directory: str, referenced: set[str], *, older_than: timedelta) -> list[str]:
    """Files under ``directory`` that no row names, and older than ``older_than`` (a file being uploaded is written
    before its row is saved)."""
    cutoff = timezone.now() - older_than
    unreferenced = (name for name in walk(storage, directory) if name not in referenced)
    return [name for name in unreferenced if storage.get_modified_time(name) < cutoff]


def file_sets() -> list[tuple[Storage, str, set[str]]]:
    """(storage, directory, names in use) for every kind of upload the site keeps."""
    image_model = get_image_model()
    rendition_model = image_model.get_rendition_model()
    images = image_model._meta.get_field("file").storage
    avatars = UserProfile._meta.get_field("avatar").storage
    return [
        (images, "original_images", set(image_model.objects.values_list("file", flat=True))),
        (images, "images", set(rendition_model.objects.values_list("file", flat=True))),
        (avatars, "avatar_images", set(UserProfile.objects.exclude(avatar="").values_list("avatar", flat=True))),
        mentors_housekeeping.certificate_files(),
    ]


def delete_orphaned_files(*, older_than: timedelta, dry_run: bool = False) -> int:
    count = 0
    for storage, directory, referenced in file_sets():
        for name in orphaned_files(storage, directory, referenced, older_than=older_than):
            if not dry_run:
                storage.delete(name)
            count += 1
    return count


# --- Sessions and login records --------------------------------------------------------------------------------------


def sessions_in_database() -> bool:
    engine = import_module(settings.SESSION_ENGINE)
    return issubclass(engine.SessionStore, DatabaseSessionStore)


def clear_expired_sessions(*, dry_run: bool = False) -> int:
    """Expired sessions stored in the database (``clearsessions``); sessions kept only in the cache expire there."""
    if not sessions_in_database():
        return 0
    count = Session.objects.filter(expire_date__lt=timezone.now()).count()
    if count and not dry_run:
        call_command("clearsessions")
    return count


def delete_old_login_records(*, older_than: timedelta, dry_run: bool = False) -> int:
    """django-axes' database records (attempts, failures, logins) older than ``older_than``, if its tables exist.

    The login throttle counts in the cache (``accounts.throttling``), so normally there are none; they appear when
    axes is switched to its database handler.
    """
    tables = set(connection.introspection.table_names())
    cutoff = timezone.now() - older_than
    count = 0
    for model in LOGIN_RECORD_MODELS:
        if model._meta.db_table not in tables:
            continue
        old = model.objects.filter(attempt_time__lt=cutoff)
        count += old.count() if dry_run else old.delete()[1].get(model._meta.label, 0)
    return count


def jobs(*, file_age: timedelta, login_record_age: timedelta) -> list[Job]:
    """In order: the photos go before the sweep of files, so that their files are counted once."""
    return [
        Job("unconfirmed_requests", mentors_housekeeping.purge_unconfirmed_requests),
        Job("expired_profiles", mentors_housekeeping.unlist_expired_profiles),
        Job("orphaned_photos", partial(mentors_housekeeping.delete_orphaned_photos, older_than=file_age)),
        Job("orphaned_files", partial(delete_orphaned_files, older_than=file_age)),
        Job("expired_sessions", clear_expired_sessions),
        Job("old_login_records", partial(delete_old_login_records, older_than=login_record_age)),
    ]
