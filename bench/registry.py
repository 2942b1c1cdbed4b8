"""Benchmark of the mentor registry: 20 fixed searches through the full request cycle against the same searches
written as SQL on the same tables (the floor).

    make bench                       # PostgreSQL database mentor_bench on 127.0.0.1, 100 000 mentors
    BENCH_MENTORS=20000 make bench   # fewer mentors
    BENCH_DATABASE_URL=sqlite:///bench.sqlite3 make bench

Prints a table and writes bench/results.json: p50/p95 per query, the ratio to the floor, queries per request.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/mentor_bench"


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    # Every request is measured as a cache miss, as a school's new search is: no anonymous page cache.
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms_site.settings.bench")
    if database_url.startswith("postgres"):
        _create_postgres_database(database_url)
    import django

    django.setup()


def _create_postgres_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mentors", type=int, default=int(os.environ.get("BENCH_MENTORS", "100000")))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "30")))
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args(argv)
    setup(args.database)

    from bench.build import build

    built = build(args.mentors)
    print(f"Database: {built['mentors']} mentors, {built['listed']} listed (ready in {built['seconds']} s)")
    if args.build_only:
        return
    from bench.searches import run_all

    rows = run_all(args.repeat)
    report(rows, built, args)


def report(rows, built, args) -> None:
    from django.db import connection

    header = f"{'query':<58} {'n':>6} {'p50 ms':>7} {'p95 ms':>7} {'floor p95':>9} {'ratio':>6} {'SQL':>4}"
    print(header)
    print("-" * len(header))
    from mentors.registry.search import count_limit

    limit = count_limit()
    for row in rows:
        # The count is exact up to the limit, "more than" it beyond (as the registry shows it).
        count = f">{limit}" if row["count"] > limit else str(row["count"])
        print(
            f"{row['name'][:58]:<58} {count:>6} {row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f} "
            f"{row['floor_p95_ms']:>9.1f} {row['ratio_p95']:>6.2f} {row['queries']:>4}"
        )
    p95s = [row["p95_ms"] for row in rows]
    ratios = [row["ratio_p95"] for row in rows]
    queries = sorted({row["queries"] for row in rows})
    summary = {
        "worst_p95_ms": max(p95s),
        "median_p95_ms": statistics.median(p95s),
        "worst_ratio": max(ratios),
        "median_ratio": statistics.median(ratios),
        "queries_per_request": queries,
    }
    print("-" * len(header))
    print(
        f"worst p95 {summary['worst_p95_ms']:.1f} ms, median p95 {summary['median_p95_ms']:.1f} ms; "
        f"worst ratio {summary['worst_ratio']:.2f}, median {summary['median_ratio']:.2f}; "
        f"SQL queries per request: {', '.join(map(str, queries))}"
    )
    RESULTS.write_text(
        json.dumps(
            {
                "database": connection.vendor,
                "server_version": _server_version(connection),
                "mentors": built["mentors"],
                "listed": built["listed"],
                "repeat": args.repeat,
                "python": sys.version.split()[0],
                "machine": platform.machine(),
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "summary": summary,
                "queries": rows,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"Written {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")


def _server_version(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        return cursor.fetchone()[0][:60]
