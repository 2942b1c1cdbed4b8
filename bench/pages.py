"""``make bench-pages``: the project's pages against a bare Wagtail home page, served alike, measured in one run.

Both sites run under gunicorn (2 sync workers) with production settings against the same PostgreSQL server (each its
own database); the project also with Redis (cache and sessions). The bare site is ``wagtail start`` made in a
temporary folder with the same interpreter, serving Wagtail's default home page. The load generator is ``wrk``
(Debian's package, installed with apt-get when missing and allowed) or, failing that, a small Python generator
(threads and ``http.client``); the report says which. For each page the bare page and the project's page are loaded in
turn, ``BENCH_PAGES_ROUNDS`` times for ``BENCH_PAGES_SECONDS`` each, and the ratio is the project's median req/s over
the bare page's median in the same rounds.

    make bench-pages
    BENCH_PAGES_SECONDS=10 BENCH_PAGES_ROUNDS=3 make bench-pages

Variables: ``BENCH_PAGES_DATABASE_URL`` (``postgres://postgres@127.0.0.1:5432/mentor_bench_pages``; the bare site
uses the same server, database ``<name>_bare``), ``BENCH_PAGES_REDIS_URL`` (``redis://127.0.0.1:6379/13``, flushed
at the start), ``BENCH_PAGES_CONNECTIONS`` (8), ``BENCH_PAGES_THREADS`` (2). Writes bench/pages-results.json.
"""

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "pages-results.json"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/mentor_bench_pages"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
PROJECT_PORT = 8771
BARE_PORT = 8772
LEARNER = "learner2"
PASSWORD = "bench-pages-password"  # noqa: S105 - the demo users of a local benchmark database
HOST = "127.0.0.1"
# Production sits behind a TLS proxy (SECURE_PROXY_SSL_HEADER, TRUSTED_PROXY_COUNT=1): the load comes as through it.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
TARGET_ANONYMOUS = 0.8
TARGET_LEARNER = 0.5


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(command: list[str], env: dict, cwd: Path = ROOT) -> None:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        log(result.stdout[-4000:])
        log(result.stderr[-4000:])
        raise SystemExit(f"failed: {' '.join(command)}")


def create_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def signing_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def project_env(database: str, redis: str, workdir: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="lms_site.settings.production",
        DATABASE_URL=database,
        REDIS_URL=redis,
        SECRET_KEY="bench-pages-" + "x" * 50,
        ALLOWED_HOSTS=f"{HOST},localhost",
        CERTIFICATE_SIGNING_KEY=signing_key(),
        EMAIL_URL="smtp://127.0.0.1:2525",  # nothing is sent by the pages measured
        WAGTAILADMIN_BASE_URL="https://lms.bench.example",
        TRUSTED_PROXY_COUNT="1",
        STATIC_ROOT=str(workdir / "project-static"),
        MEDIA_ROOT=str(workdir / "project-media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "project-private"),
        DEMO_PASSWORD=PASSWORD,
        LOG_LEVEL="WARNING",
    )
    return env


def prepare_project(env: dict) -> None:
    create_database(env["DATABASE_URL"])
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    python = sys.executable
    log("project: migrate, compilemessages, collectstatic, load_demo …")
    run([python, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([python, "manage.py", "compilemessages", "--ignore", ".venv", "-v", "0"], env)
    run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    # Production settings do not install the demo; the stack's (production's, plus the demo app) load it.
    run([python, "manage.py", "load_demo"], {**env, "DJANGO_SETTINGS_MODULE": "lms_site.settings.stack"})


BARE_LOCAL_SETTINGS = """
import dj_database_url

SECRET_KEY = "bench-pages-bare-" + "y" * 50
ALLOWED_HOSTS = ["{host}", "localhost"]
DATABASES = {{"default": dj_database_url.parse("{database}", conn_max_age=60, conn_health_checks=True)}}
STATIC_ROOT = "{static}"
"""


def prepare_bare(database: str, workdir: Path) -> tuple[Path, dict]:
    """``wagtail start bare`` with the production settings of its template, on PostgreSQL."""
    create_database(database)
    site = workdir / "bare"
    if not site.exists():
        site.mkdir()
        run([str(Path(sys.executable).parent / "wagtail"), "start", "bare", str(site)], dict(os.environ), cwd=workdir)
    (site / "bare" / "settings" / "local.py").write_text(
        BARE_LOCAL_SETTINGS.format(host=HOST, database=database, static=site / "static-collected")
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env["DJANGO_SETTINGS_MODULE"] = "bare.settings.production"
    log("bare Wagtail: migrate, collectstatic …")
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env, cwd=site)
    run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env, cwd=site)
    return site, env


def start_gunicorn(app: str, port: int, env: dict, cwd: Path, logfile: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", app, "--workers", "2", "--bind", f"{HOST}:{port}"]
    command += ["--error-logfile", str(logfile), "--log-level", "warning"]
    return subprocess.Popen(command, env=env, cwd=cwd, start_new_session=True)  # noqa: S603


def request(port: int, path: str, method: str = "GET", headers=None, body=None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request(method, path, body=body, headers={**PROXY_HEADERS, **(headers or {})})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def wait_until_up(port: int, path: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn on port {port} exited")
        try:
            if request(port, path).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn on port {port} did not answer {path}")


def cookies_of(response) -> dict[str, str]:
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def log_in(port: int, username: str, password: str) -> str:
    """The Cookie header of a session logged in through the login form, as a browser would."""
    path = "/ru/accounts/login/"
    page = request(port, path)
    cookies = cookies_of(page)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1).decode()
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    response = request(
        port,
        path,
        "POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Referer": f"https://{HOST}:{port}{path}",
            "Host": f"{HOST}:{port}",
        },
        body=body,
    )
    cookies.update(cookies_of(response))
    if response.status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"could not log in as {username}: {response.status}")
    return f"sessionid={cookies['sessionid']}; csrftoken={cookies.get('csrftoken', '')}"


# Load generators --------------------------------------------------------------------------------------------------


def find_wrk() -> str | None:
    wrk = shutil.which("wrk")
    if wrk or os.environ.get("BENCH_PAGES_NO_APT") or not shutil.which("apt-get") or os.geteuid() != 0:
        return wrk
    log("installing wrk (Debian's package) …")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], capture_output=True, check=False)  # noqa: S607
    return shutil.which("wrk")


class Wrk:
    name = "wrk"

    def __init__(self, binary: str, threads: int, connections: int):
        self.binary, self.threads, self.connections = binary, threads, connections

    def describe(self) -> str:
        return f"wrk -t{self.threads} -c{self.connections}"

    def measure(self, port: int, path: str, seconds: float, headers: dict) -> dict:
        command = [self.binary, f"-t{self.threads}", f"-c{self.connections}", f"-d{seconds:g}s", "--latency"]
        for name, value in {**PROXY_HEADERS, **headers}.items():
            command += ["-H", f"{name}: {value}"]
        command.append(f"http://{HOST}:{port}{path}")
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
        failed = re.search(r"Socket errors:.*?(\d+) timeout", output)
        p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
        return {
            "rps": rate,
            "errors": int(errors.group(1)) if errors else 0,
            "timeouts": int(failed.group(1)) if failed else 0,
            "p50_ms": _ms(*p50.groups()) if p50 else None,
        }


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


class ThreadedLoad:
    """The fallback: ``connections`` threads, each sending requests one after another on a kept-alive connection."""

    name = "python"

    def __init__(self, connections: int):
        self.connections = connections

    def describe(self) -> str:
        return f"Python threads ({self.connections} connections, http.client)"

    def measure(self, port: int, path: str, seconds: float, headers: dict) -> dict:
        deadline = time.monotonic() + seconds
        counts, errors, latencies = [0] * self.connections, [0] * self.connections, []

        def worker(index: int) -> None:
            connection = None
            while time.monotonic() < deadline:
                try:
                    connection = connection or http.client.HTTPConnection(HOST, port, timeout=30)
                    started = time.perf_counter()
                    connection.request("GET", path, headers={**PROXY_HEADERS, **headers})
                    response = connection.getresponse()
                    response.read()
                    latencies.append(time.perf_counter() - started)
                    counts[index] += 1
                    if response.status >= 400:
                        errors[index] += 1
                    if response.getheader("Connection", "").lower() == "close":
                        connection.close()
                        connection = None
                except OSError:
                    errors[index] += 1
                    connection = None

        threads = [threading.Thread(target=worker, args=(index,)) for index in range(self.connections)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        return {
            "rps": sum(counts) / elapsed,
            "errors": sum(errors),
            "timeouts": 0,
            "p50_ms": statistics.median(latencies) * 1000 if latencies else None,
        }


# The pages ---------------------------------------------------------------------------------------------------------


def project_pages(env: dict) -> list[dict]:
    """The pages to measure, looked up in the bench database (in this process, with the benchmark settings)."""
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "REDIS_URL")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms_site.settings.bench"
    import django

    django.setup()
    from assessments.models import Attempt
    from course.models import CaseStudyPage, CoursePage, LessonPage, ModulePage
    from mentors.models import Certificate

    course = CoursePage.objects.filter(locale__language_code="ru").order_by("pk").get()
    module = ModulePage.objects.child_of(course).live().order_by("number").filter(number=4).first()
    lesson = LessonPage.objects.child_of(module).live().order_by("path").first()
    case = CaseStudyPage.objects.child_of(module).live().order_by("path").first()
    attempt = Attempt.objects.filter(user__username=LEARNER).order_by("-pk").first()
    certificate = Certificate.objects.filter(user__username="learner5").get()
    search = urllib.parse.urlencode({"q": "наставника", "format": "adaptive", "min_expert": "60"})
    return [
        {"name": "catalogue /ru/", "path": "/ru/", "who": "anonymous"},
        {"name": "course landing", "path": course.url, "who": "anonymous"},
        {"name": "registry /ru/mentors/", "path": "/ru/mentors/", "who": "anonymous"},
        {"name": "registry search", "path": f"/ru/mentors/?{search}", "who": "anonymous"},
        {
            "name": "/api/v1/mentors/?municipality=kazan",
            "path": "/api/v1/mentors/?municipality=kazan",
            "who": "anonymous",
        },
        {"name": "certificate check", "path": certificate.get_absolute_url(), "who": "anonymous"},
        {"name": "course (enrolled)", "path": course.url, "who": LEARNER},
        {"name": "module", "path": module.url, "who": LEARNER},
        {"name": "lesson", "path": lesson.url, "who": LEARNER},
        {"name": "case study", "path": case.url, "who": LEARNER},
        {"name": "attempt (result)", "path": f"/ru/attempts/{attempt.pk}/", "who": LEARNER},
        {"name": "dashboard", "path": "/ru/dashboard/", "who": LEARNER},
    ]


def count_queries(pages: list[dict]) -> None:
    """SQL per page in this process (Django's test client): a cold request, then a warm one (caches filled)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    learner = get_user_model().objects.get(username=LEARNER)
    clients = {"anonymous": Client(), LEARNER: Client()}
    clients[LEARNER].force_login(learner)
    cache.clear()
    for page in pages:
        client = clients[page["who"]]
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page["path"])
            if response.status_code != 200:
                raise SystemExit(f"{page['path']} answered {response.status_code} in process")
            counts.append(len(queries))
        page["queries_cold"], page["queries"] = counts


def time_evidence_change(repeat: int = 20) -> dict:
    """What follows an evidence change for learner2 (``course.signals.evidence_changed``, as a lesson marked done sends
    it): the completion stamp and the certification check, in this process. Median and worst of ``repeat``."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from course.models import LessonPage
    from course.signals import evidence_changed

    learner = get_user_model().objects.get(username=LEARNER)
    lesson = LessonPage.objects.filter(completions__user=learner).order_by("path").first()
    timings, counts = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            evidence_changed.send(sender=LessonPage, user=learner, page=lesson)
            timings.append((time.perf_counter() - started) * 1000)
        counts.append(len(queries))
    return {"p50_ms": statistics.median(timings), "max_ms": max(timings), "queries": sorted(set(counts))}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_PAGES_SECONDS", "5")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_PAGES_ROUNDS", "2")))
    parser.add_argument("--database", default=os.environ.get("BENCH_PAGES_DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis", default=os.environ.get("BENCH_PAGES_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_PAGES_CONNECTIONS", "8")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_PAGES_THREADS", "2")))
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.gettempdir()) / "mentor-lms-bench-pages"
    workdir.mkdir(exist_ok=True)
    env = project_env(args.database, args.redis, workdir)
    prepare_project(env)
    bare_site, bare_env = prepare_bare(f"{args.database}_bare", workdir)
    wrk = find_wrk()
    load = Wrk(wrk, args.threads, args.connections) if wrk else ThreadedLoad(args.connections)
    servers = [
        start_gunicorn("lms_site.wsgi", PROJECT_PORT, env, ROOT, workdir / "project-gunicorn.log"),
        start_gunicorn("bare.wsgi", BARE_PORT, bare_env, bare_site, workdir / "bare-gunicorn.log"),
    ]
    try:
        wait_until_up(PROJECT_PORT, "/healthz", servers[0])
        wait_until_up(BARE_PORT, "/", servers[1])
        cookies = {"anonymous": {}, LEARNER: {"Cookie": log_in(PROJECT_PORT, LEARNER, PASSWORD)}}
        pages = project_pages(env)
        if args.only:
            pages = [page for page in pages if args.only in page["name"]]
        for page in pages:
            page["path"] = urllib.parse.quote(page["path"], safe="/?=&%")
            check = request(PROJECT_PORT, page["path"], headers=cookies[page["who"]])
            if check.status != 200:
                raise SystemExit(f"{page['path']} answered {check.status} as {page['who']}")
        log(f"load: {load.describe()}, {args.rounds} × {args.seconds:g} s per page and site, alternating")
        for page in pages:
            bare, project = [], []
            load.measure(BARE_PORT, "/", 1, {})  # warm both before the rounds
            load.measure(PROJECT_PORT, page["path"], 1, cookies[page["who"]])
            for _ in range(args.rounds):
                bare.append(load.measure(BARE_PORT, "/", args.seconds, {}))
                project.append(load.measure(PROJECT_PORT, page["path"], args.seconds, cookies[page["who"]]))
            page["project_rps"] = statistics.median(run["rps"] for run in project)
            page["bare_rps"] = statistics.median(run["rps"] for run in bare)
            page["ratio"] = page["project_rps"] / page["bare_rps"]
            page["project_p50_ms"] = statistics.median(run["p50_ms"] or 0 for run in project)
            page["errors"] = sum(run["errors"] + run["timeouts"] for run in project)
            log(f"  {page['name']}: {page['project_rps']:.0f} / {page['bare_rps']:.0f} = {page['ratio']:.2f}")
        count_queries(pages)
        evidence = time_evidence_change()
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    report(pages, load, args, evidence)


def report(pages: list[dict], load, args, evidence: dict) -> None:
    header = (
        f"{'page':<38} {'who':<9} {'req/s':>7} {'bare req/s':>10} {'ratio':>6} {'target':>6} {'SQL':>7} {'p50 ms':>7}"
    )
    print(f"\nLoad: {load.describe()}; gunicorn 2 workers each; {args.rounds} × {args.seconds:g} s alternating")
    print(header)
    print("-" * len(header))
    for page in pages:
        target = TARGET_ANONYMOUS if page["who"] == "anonymous" else TARGET_LEARNER
        page["target"] = target
        page["met"] = page["ratio"] >= target and page["errors"] == 0
        mark = "" if page["met"] else " ✗"
        sql = f"{page['queries_cold']}/{page['queries']}"
        print(
            f"{page['name'][:38]:<38} {page['who']:<9} {page['project_rps']:>7.0f} {page['bare_rps']:>10.0f} "
            f"{page['ratio']:>6.2f} {target:>6.1f} {sql:>7} {page['project_p50_ms']:>7.1f}{mark}"
        )
    print("SQL: queries of the first request / of a repeated one, in process (caches cold / warm)")
    print(
        f"After an evidence change (completion stamp and certification check): p50 {evidence['p50_ms']:.1f} ms, "
        f"max {evidence['max_ms']:.1f} ms, queries {evidence['queries']}"
    )
    RESULTS.write_text(
        json.dumps(
            {
                "load": load.describe(),
                "seconds": args.seconds,
                "rounds": args.rounds,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "pages": pages,
                "evidence_change": evidence,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
