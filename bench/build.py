"""Build the benchmark database: the demo content, then certified, published mentors up to the count asked for.

Reused across runs: only the missing mentors are added. On PostgreSQL the rows go in with ``COPY`` (users,
certificates, profiles, their formats, subjects and areas), ids taken from the tables' sequences; then one
``UPDATE`` per batch computes the profiles' search documents (``search_vector``) and ``VACUUM ANALYZE`` refreshes the
planner's statistics. A million mentors take about ten minutes on two cores. The bench's mentors are not added to
Wagtail's search index (the registry on PostgreSQL reads its own search document; ``manage.py update_index`` adds
them when benchmarking ``MENTOR_LMS["MENTORS_REGISTRY_SEARCH"] = "wagtail"``). Other databases (SQLite) go through
``mentors.certification.bulk.create_mentors``.

Run through ``make bench``; the database is ``BENCH_DATABASE_URL`` (by default a PostgreSQL database ``mentor_bench``
on localhost, created when missing).
"""

import time
from datetime import UTC, datetime, timedelta

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from course.models import CoursePage, ExpertArea, LearnerProfile, Municipality, Subject
from demo.people import generate_demo_mentors
from mentors.certification.bulk import UNUSABLE_PASSWORD, build_mentor_profile, create_mentors, numbers_by_year
from mentors.certification.issuing import build_certificate
from mentors.models import Certificate, MentorFormat, MentorProfile

SEED = 4242
BATCH = 50_000


def build(total: int) -> dict:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not CoursePage.objects.exists():
        call_command("load_demo", verbosity=0)
    course = CoursePage.objects.filter(locale__language_code="ru").order_by("pk").first()
    have = MentorProfile.objects.count()
    if have < total:
        people = generate_demo_mentors(total, seed=SEED)
        # The bench's people have their own usernames (wider numbers than the demo's), so nothing clashes.
        taken = set(User.objects.filter(username__startswith="mentor-").values_list("username", flat=True))
        missing = [person for person in people if person.username not in taken][: total - have]
        print(f"Adding {len(missing)} mentors to reach {total}…", flush=True)
        if connection.vendor == "postgresql":
            copy_mentors(missing, course)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
            create_mentors(missing, course, issued_at=_issue_date)
    return {
        "mentors": MentorProfile.objects.count(),
        "listed": MentorProfile.objects.listed().count(),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _issue_date(index, person):
    return datetime(2026, 11, 1, 9, tzinfo=UTC) - timedelta(minutes=index * 7)


# COPY ------------------------------------------------------------------------------------------------------------


def copy_mentors(people, course) -> None:
    """``COPY`` the mentors in batches; with many of them, the profile table's own indexes are dropped first and
    built again at the end (one sort each, instead of a million insertions into a GIN index)."""
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    subjects = dict(Subject.objects.values_list("slug", "pk"))
    areas = dict(ExpertArea.objects.values_list("slug", "pk"))
    started = time.perf_counter()
    indexes = MentorProfile._meta.indexes if len(people) >= BATCH else []
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.execute(f"DROP INDEX IF EXISTS {editor.quote_name(index.name)}")
    for start in range(0, len(people), BATCH):
        batch = people[start : start + BATCH]
        with transaction.atomic():
            first = _copy_batch(batch, start, course, municipalities, subjects, areas)
            copied = time.perf_counter() - started
            MentorProfile.objects.filter(pk__gte=first).update_search_vector()
        done = start + len(batch)
        print(f"  {done} mentors, {time.perf_counter() - started:.0f} s (copied at {copied:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.add_index(MentorProfile, index)
    if indexes:
        print(f"  indexes built, {time.perf_counter() - started:.0f} s", flush=True)


def _copy_batch(batch, offset, course, municipalities, subjects, areas) -> int:
    """Users, certificates, profiles and their related rows of ``batch``; returns the first profile's id."""
    now = timezone.now()
    user_ids = _take_ids(User, len(batch))
    users = [
        User(
            pk=pk,
            username=person.username,
            email=f"{person.username}@example.org",
            first_name=person.first_name,
            last_name=person.last_name,
            password=UNUSABLE_PASSWORD,
            date_joined=now,
        )
        for pk, person in zip(user_ids, batch, strict=True)
    ]
    _copy(User, users)
    learners = [
        LearnerProfile(
            pk=pk,
            user=user,
            patronymic=person.patronymic,
            organisation=person.organisation,
            position=person.position,
            municipality=municipalities.get(person.municipality_slug),
        )
        for pk, user, person in zip(_take_ids(LearnerProfile, len(batch)), users, batch, strict=True)
    ]
    _copy(LearnerProfile, learners)
    for user, learner in zip(users, learners, strict=True):
        user.learner = learner
    dates = [_issue_date(offset + index, person) for index, person in enumerate(batch)]
    numbers = numbers_by_year(course.certificate_prefix, dates)
    certificates = [
        build_certificate(user, course, person.levels, issued_at=when, sequence=number)
        for user, person, when, number in zip(users, batch, dates, numbers, strict=True)
    ]
    for pk, certificate in zip(_take_ids(Certificate, len(batch)), certificates, strict=True):
        certificate.pk = pk
    _copy(Certificate, certificates)
    profiles = [
        build_mentor_profile(person, certificate, published=True)
        for person, certificate in zip(batch, certificates, strict=True)
    ]
    for pk, profile in zip(_take_ids(MentorProfile, len(batch)), profiles, strict=True):
        profile.pk = pk
        profile.updated_at = now  # COPY skips ``auto_now``
    _copy(MentorProfile, profiles)
    formats = [
        (profile.pk, code) for profile, person in zip(profiles, batch, strict=True) for code in person.format_codes
    ]
    _copy_columns(MentorFormat._meta.db_table, ["profile_id", "format"], formats)
    through = MentorProfile.subjects.through
    rows = [
        (profile.pk, subjects[slug])
        for profile, person in zip(profiles, batch, strict=True)
        for slug in person.subject_slugs
        if slug in subjects
    ]
    _copy_columns(through._meta.db_table, ["mentorprofile_id", "subject_id"], rows)
    through = MentorProfile.expert_areas.through
    rows = [
        (profile.pk, areas[slug])
        for profile, person in zip(profiles, batch, strict=True)
        for slug in person.expert_area_slugs
        if slug in areas
    ]
    _copy_columns(through._meta.db_table, ["mentorprofile_id", "expertarea_id"], rows)
    return profiles[0].pk


def _take_ids(model, count: int) -> list[int]:
    """``count`` ids from the table's own sequence, so that later inserts by Django do not collide."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
        return [row[0] for row in cursor.fetchall()]


def _copy(model, objects) -> None:
    """``COPY`` the model instances' concrete columns, prepared as Django would save them."""
    # Not the search document (computed after) nor generated columns (the database computes them).
    fields = [
        field for field in model._meta.concrete_fields if field.column != "search_vector" and not field.generated
    ]
    rows = ([field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields] for obj in objects)
    _copy_columns(model._meta.db_table, [field.column for field in fields], rows)


def _copy_columns(table: str, columns: list[str], rows) -> None:
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
