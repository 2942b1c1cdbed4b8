"""Build the benchmark database: the demo content, then certified, published mentors up to the count asked for.

Reused across runs: only the missing mentors are added. Run through ``make bench``; the database is
``BENCH_DATABASE_URL`` (by default a PostgreSQL database ``mentor_bench`` on localhost, created when missing).
"""

import time

from django.core.management import call_command
from django.db import connection

from accounts.models import User
from course.models import CoursePage
from mentors.bulk import create_mentors
from mentors.demo_people import generate_demo_mentors
from mentors.models import MentorProfile

SEED = 4242


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
        print(f"Adding {len(missing)} mentors to reach {total}…", flush=True)  # noqa: T201
        create_mentors(missing, course, issued_at=_issue_date)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    return {
        "mentors": MentorProfile.objects.count(),
        "listed": MentorProfile.objects.listed().count(),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _issue_date(index, person):
    from datetime import UTC, datetime, timedelta

    return datetime(2026, 11, 1, 9, tzinfo=UTC) - timedelta(minutes=index * 7)
