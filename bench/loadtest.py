"""`make loadtest`: the mixed scenario of bench/locustfile.py for 60 s at saturation, headless.

The stack of bench/stack.py (production settings, PostgreSQL database ``load11``, Redis db 12, media on moto's S3,
the db_worker) with the demo loaded and one gunicorn instance (``LOADTEST_WORKERS`` processes, 2 × cores + 1 by
default). For the run only, the module 1 test allows unlimited attempts without a wait, so that the demo learners
can keep starting and submitting attempts. Prints p50/p95/p99 per request type and the errors; exits 1 on any error.
``LOADTEST_USERS`` (24), ``LOADTEST_SECONDS`` (60). Not collected by pytest.
"""

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.stack import BIN, DEMO_PASSWORD, ROOT, Stack

RESULTS = ROOT / "bench" / "loadtest-results.json"
LEARNERS = ["learner2", "learner3", "learner4", "learner5"]
SEARCHES = [
    "q=наставник",
    "q=наставника&municipality=kazan",
    "format=adaptive&min_expert=60",
    "municipality=aznakayevsky",
    "page=2",
    "q=математика",
    "subject=mathematics",
]

PREPARE = """
import json
from assessments.models import AssessmentPage
from course.models import LessonPage, ModulePage
from mentors.models import Certificate, MentorProfile
# The first two modules: open to every demo learner of the run (the course is sequential).
modules = ModulePage.objects.live().filter(locale__language_code="ru").order_by("path")[:2]
lessons = [p.url for m in modules for p in LessonPage.objects.live().descendant_of(m)]
test = AssessmentPage.objects.live().filter(locale__language_code="ru", title__icontains="модулю 1").first()
AssessmentPage.objects.filter(pk=test.pk).update(attempts_allowed=0, attempt_wait_hours=0)
certificates = list(Certificate.objects.filter(status="valid").values_list("code", flat=True)[:100])
mentors = [p.get_absolute_url() for p in MentorProfile.objects.listed().order_by("pk")[:100]]
print("LOADTEST " + json.dumps({"lessons": lessons, "assessment": test.pk, "certificates": certificates,
      "mentors": mentors}))
"""


def main() -> int:
    users = int(os.environ.get("LOADTEST_USERS", "24"))
    seconds = int(os.environ.get("LOADTEST_SECONDS", "60"))
    workers = int(os.environ.get("LOADTEST_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
    stack = Stack(name="load11", redis_db=12, port_base=18210)
    try:
        data_file = prepare(stack)
        base = stack.start_gunicorn("app", workers=workers)
        stack.start_worker()
        print(f"Locust: {users} users ({len(LEARNERS)} learners), {seconds} s, gunicorn {workers} workers at {base}")
        rows, failures = run_locust(stack, base, data_file, users=users, seconds=seconds, prefix=stack.tmp / "locust")
    finally:
        stack.close()
    return report(rows, failures, users=users, seconds=seconds, workers=workers)


def prepare(stack: Stack) -> Path:
    """Services up, the demo loaded and opened for the run; the file of what the simulated people request."""
    print(f"Starting: moto S3, SMTP sink, PostgreSQL database {stack.name}, Redis, the demo ...")
    started = time.monotonic()
    stack.start_services()
    stack.prepare(demo=True)
    out = stack.manage("shell", "-c", PREPARE, capture_output=True, quiet=False, text=True).stdout
    data = json.loads(next(line for line in out.splitlines() if line.startswith("LOADTEST "))[9:])
    data.update(password=DEMO_PASSWORD, learners=LEARNERS, searches=SEARCHES)
    data_file = stack.tmp / "loadtest-data.json"
    data_file.write_text(json.dumps(data))
    print(
        f"  ready in {time.monotonic() - started:.0f} s: {len(data['lessons'])} lessons, "
        f"{len(data['mentors'])} mentors, {len(data['certificates'])} certificates"
    )
    return data_file


def run_locust(stack: Stack, base: str, data_file: Path, *, users: int, seconds: int, prefix: Path):
    """One headless Locust run of the mixed scenario; its rows of statistics and its failures."""
    subprocess.run(  # noqa: S603 - our own locust
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--host",
            base,
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**stack.env, "LOADTEST_DATA": str(data_file)},
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return read_csv(Path(f"{prefix}_stats.csv")), read_csv(Path(f"{prefix}_failures.csv"))


def read_csv(path: Path) -> list[dict]:
    with path.open() as file:
        return list(csv.DictReader(file))


def report(rows, failures, *, users, seconds, workers) -> int:
    print("\n| request | requests | errors | req/s | p50 ms | p95 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    results = []
    for row in rows:
        name = "all" if row["Name"] == "Aggregated" else row["Name"]
        result = {
            "request": name,
            "method": row["Type"],
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "rps": float(row["Requests/s"]),
            "p50": row["50%"],
            "p95": row["95%"],
            "p99": row["99%"],
        }
        results.append(result)
        label = f"**{name}**" if name == "all" else name
        print(
            f"| {label} | {result['requests']:,} | {result['errors']} | {result['rps']:.1f} | {result['p50']} | "
            f"{result['p95']} | {result['p99']} |"
        )
    for failure in failures:
        print(f"error: {failure['Method']} {failure['Name']} ×{failure['Occurrences']}: {failure['Error']}")
    RESULTS.write_text(
        json.dumps({"users": users, "seconds": seconds, "workers": workers, "results": results}, indent=2) + "\n"
    )
    errors = sum(r["errors"] for r in results if r["request"] != "all")
    print(f"\n{errors} errors; written to {RESULTS.relative_to(ROOT)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
