"""`make soak`: a gunicorn worker's memory under the mixed load of `make loadtest`, for at least 5 minutes.

The stack of bench/stack.py with the demo, one gunicorn instance of ``SOAK_WORKERS`` (1) sync workers, so that every
request goes through the worker measured, and the db_worker. Locust runs the scenario of bench/locustfile.py in
rounds of ``SOAK_ROUND_SECONDS`` (60) until at least ``SOAK_SECONDS`` (300) have passed and ``SOAK_REQUESTS`` (10,000)
requests were answered, or ``SOAK_MAX_SECONDS`` (1,500). After each round each worker's resident memory is read from
/proc. The first round warms up (templates compiled, caches filled, connections opened); growth is measured from its
end to the last round.

Targets (issue 11): a worker at most ``SOAK_MAX_RSS_MB`` (150) after 10,000 requests, and no growth over the soak:
at most ``SOAK_MAX_GROWTH_MB`` (5; allocator noise) from the end of the warm-up to the end. Prints a table, writes
bench/soak-results.json, exits 1 when a target is missed or a request failed. Not collected by pytest.
"""

import json
import os
import sys
import time
from pathlib import Path

from bench.loadtest import LEARNERS, prepare, run_locust
from bench.stack import ROOT, Stack

RESULTS = ROOT / "bench" / "soak-results.json"


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's worker processes (its children), from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return sorted(int(pid) for pid in children.read_text().split()) if children.exists() else []


def rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return None
    line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def main() -> int:
    users = int(os.environ.get("SOAK_USERS", "12"))
    workers = int(os.environ.get("SOAK_WORKERS", "1"))
    round_seconds = int(os.environ.get("SOAK_ROUND_SECONDS", "60"))
    min_seconds = int(os.environ.get("SOAK_SECONDS", "300"))
    min_requests = int(os.environ.get("SOAK_REQUESTS", "10000"))
    max_seconds = int(os.environ.get("SOAK_MAX_SECONDS", "1500"))
    max_rss = float(os.environ.get("SOAK_MAX_RSS_MB", "150"))
    max_growth = float(os.environ.get("SOAK_MAX_GROWTH_MB", "5"))

    stack = Stack(name="soak11", redis_db=10, port_base=18310)
    samples, errors = [], 0
    try:
        data_file = prepare(stack)
        base = stack.start_gunicorn("app", workers=workers)
        master = stack.processes[-1].pid
        stack.start_worker()
        first_pids = worker_pids(master)
        samples.append({"seconds": 0, "requests": 0, "rss_mb": {pid: rss_mb(pid) for pid in first_pids}})
        print(
            f"Soak: {users} users ({len(LEARNERS)} learners), rounds of {round_seconds} s, gunicorn {workers} "
            f"worker(s) {first_pids}; until {min_seconds} s and {min_requests:,} requests (at most {max_seconds} s)"
        )
        print("\n| after s | requests | errors | worker RSS MB |")
        print("| ---: | ---: | ---: | --- |")
        started, requests, number = time.monotonic(), 0, 0
        while True:
            number += 1
            rows, failures = run_locust(
                stack, base, data_file, users=users, seconds=round_seconds, prefix=stack.tmp / f"round-{number}"
            )
            total = next(row for row in rows if row["Name"] == "Aggregated")
            requests += int(total["Request Count"])
            errors += int(total["Failure Count"])
            for failure in failures:
                print(f"error: {failure['Method']} {failure['Name']} ×{failure['Occurrences']}: {failure['Error']}")
            pids = worker_pids(master)
            sample = {
                "seconds": round(time.monotonic() - started),
                "requests": requests,
                "errors": errors,
                "rss_mb": {pid: rss_mb(pid) for pid in pids},
            }
            samples.append(sample)
            memory = ", ".join(f"{pid}: {mb:.1f}" for pid, mb in sample["rss_mb"].items() if mb is not None)
            print(f"| {sample['seconds']} | {requests:,} | {errors} | {memory} |", flush=True)
            elapsed = time.monotonic() - started
            if (elapsed >= min_seconds and requests >= min_requests) or elapsed >= max_seconds:
                break
    finally:
        stack.close()
    return report(samples, errors, min_requests=min_requests, max_rss=max_rss, max_growth=max_growth)


def report(samples: list[dict], errors: int, *, min_requests: int, max_rss: float, max_growth: float) -> int:
    restarted = set(samples[-1]["rss_mb"]) != set(samples[0]["rss_mb"])
    warm, last = samples[1], samples[-1]
    growth = max(
        (last["rss_mb"][pid] or 0) - (warm["rss_mb"].get(pid) or 0) for pid in last["rss_mb"] if pid in warm["rss_mb"]
    )
    peak = max(mb for sample in samples for mb in sample["rss_mb"].values() if mb is not None)
    after = [sample for sample in samples if sample["requests"] >= min_requests]
    at_target = max((mb for mb in after[0]["rss_mb"].values() if mb is not None), default=None) if after else None
    verdicts = {
        "requests": last["requests"] >= min_requests,
        "rss": at_target is not None and peak <= max_rss,
        "growth": growth <= max_growth and not restarted,
        "errors": errors == 0,
    }
    rate = last["requests"] / max(last["seconds"], 1)
    print(
        f"\nrequests {last['requests']:,} in {last['seconds']} s ({rate:.1f}/s); "
        f"worker RSS: {samples[0]['rss_mb']} at the start, peak {peak:.1f} MB (target ≤ {max_rss:g}), "
        + (f"{at_target:.1f} MB after {min_requests:,} requests; " if at_target is not None else "")
        + f"growth after the warm-up round {growth:+.1f} MB over {last['seconds'] - warm['seconds']} s "
        f"(target ≤ {max_growth:g}); errors {errors}" + ("; a worker was restarted" if restarted else "")
    )
    RESULTS.write_text(
        json.dumps(
            {
                "samples": [{**s, "rss_mb": {str(k): v for k, v in s["rss_mb"].items()}} for s in samples],
                "peak_mb": peak,
                "rss_after_target_requests_mb": at_target,
                "growth_mb": growth,
                "errors": errors,
                "verdicts": verdicts,
            },
            indent=2,
        )
        + "\n"
    )
    missed = [name for name, ok in verdicts.items() if not ok]
    print(("targets missed: " + ", ".join(missed)) if missed else "targets met", f"; written to {RESULTS.name}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
