"""``make api-fuzz``: schemathesis against the registry API's OpenAPI schema, on a served site with the demo.

    python -m tests.mentors.api_fuzz [--max-examples N] [--keep]

Migrates a temporary SQLite database, loads the demo (300 mentors in the registry), serves the site with
``runserver`` on a free port, and runs ``schemathesis run`` on ``/api/v1/openapi.json`` with the checks
``not_a_server_error`` (no 5xx, whatever the parameters), status code, content type and response schema conformance
(every answer as the schema says, 400s included), then stops the server. Exits with schemathesis' status.
"""

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped (exit {server.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own local address)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The server did not answer {url} within {timeout:.0f} s.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("API_FUZZ_EXAMPLES", "300")))
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, server log)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="mentor-lms-api-fuzz-"))
    inherited = {
        name: value for name, value in os.environ.items() if name not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL"}
    }
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "lms_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DEMO_PASSWORD": secrets.token_urlsafe(16),
        # The page cache would answer repeated requests without running the code under test.
        "PAGE_CACHE_SECONDS": "0",
    }
    python = sys.executable
    manage = [python, str(PROJECT_DIR / "manage.py")]
    run = lambda *command: subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True)  # noqa: E731, S603
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = None
    try:
        print("Migrating and loading the demo into a temporary SQLite database…", flush=True)  # noqa: T201
        run(*manage, "migrate", "--verbosity", "0")
        run(*manage, "load_demo", "--verbosity", "0")
        log = (folder / "server.log").open("w")
        server = subprocess.Popen(  # noqa: S603 (our own command line)
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until_up(f"{base}/healthz", server)
        command = [
            str(Path(python).with_name("schemathesis")),
            "run",
            f"{base}/api/v1/openapi.json",
            "--url",
            base,
            "--checks",
            CHECKS,
            "--max-examples",
            str(args.max_examples),
            "--workers",
            "2",
            "--no-color",
            "--seed",
            os.environ.get("API_FUZZ_SEED", "1"),
        ]
        print("$", " ".join(command), flush=True)  # noqa: T201
        status = subprocess.run(command, cwd=folder, env=env, check=False).returncode  # noqa: S603
        if status != 0:
            print((folder / "server.log").read_text()[-5000:])  # noqa: T201 (the server's tracebacks)
        return status
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.keep:
            print(f"Kept {folder}")  # noqa: T201
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
