"""A production-like stack on this machine for `make multiserver-check` and `make loadtest`.

The production settings module with every variable it requires, PostgreSQL and Redis (the machine's own, in a database
and a Redis db of the stack's own), media on a local S3 server (moto in server mode), a local SMTP sink for the
letters, gunicorn instances and the django-tasks database worker (`manage.py db_worker`). The site sits behind no TLS
proxy here, so requests say they came through one (`X-Forwarded-Proto: https`, `TRUSTED_PROXY_COUNT=1`) and the
clients keep the secure cookies themselves; `SECURE_SSL_REDIRECT=0` keeps plain HTTP on the loopback. The settings
module is `lms_site.settings.stack`: production's, with static files served without collecting them.
"""

import asyncio
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PUBLIC_HOST = "lms.example.test"
DEMO_PASSWORD = "Multi-server-11"  # noqa: S105 - the demo learners' password on a throwaway database
MEDIA_BUCKET = "lms-media"
PRIVATE_BUCKET = "lms-private"


def free_port(start: int) -> int:
    """The first port from ``start`` on that nothing listens on."""
    for port in range(start, start + 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port from {start}")


def signing_key_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


class SmtpSink:
    """Accepts every letter and keeps it (the production settings refuse to start without a mail server)."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[bytes] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        ready = threading.Event()
        self.loop.call_soon(ready.set)
        self.thread.start()
        ready.wait(5)

    def _run(self):
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._session, "127.0.0.1", self.port))
        with contextlib.closing(server):
            self.loop.run_forever()

    async def _session(self, reader, writer):
        writer.write(b"220 sink ESMTP\r\n")
        data = False
        body: list[bytes] = []
        while line := await reader.readline():
            if data:
                if line in (b".\r\n", b".\n"):
                    self.messages.append(b"".join(body))
                    body, data = [], False
                    writer.write(b"250 OK\r\n")
                else:
                    body.append(line)
                continue
            verb = line[:4].upper()
            if verb == b"DATA":
                data = True
                writer.write(b"354 go on\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            elif verb == b"EHLO":
                writer.write(b"250 sink\r\n")
            else:
                writer.write(b"250 OK\r\n")
            await writer.drain()
        writer.close()


class Stack:
    """Services, settings and processes of one run; ``close()`` stops what it started."""

    def __init__(self, *, name: str, redis_db: int, port_base: int, log_dir: Path | None = None):
        self.name = name
        self.database_url = os.environ.get("STACK_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")
        self.redis_url = os.environ.get("STACK_REDIS_URL", f"redis://127.0.0.1:6379/{redis_db}")
        self.port_base = port_base
        self.tmp = Path(tempfile.mkdtemp(prefix=f"{name}-"))
        self.log_dir = log_dir or Path(tempfile.gettempdir()) / f"{name}-logs"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.processes: list[subprocess.Popen] = []
        self.s3_server = None
        self.smtp: SmtpSink | None = None
        self.env: dict[str, str] = {}

    # Services ------------------------------------------------------------------------------------------------------

    def start_services(self):
        s3_port = free_port(self.port_base)
        smtp_port = free_port(s3_port + 1)
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's access log

        self.s3_server = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
        self.s3_server.start()
        self.smtp = SmtpSink(smtp_port)
        self.smtp.start()
        self.s3_endpoint = f"http://127.0.0.1:{s3_port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))},
            "DJANGO_SETTINGS_MODULE": "lms_site.settings.stack",
            "SECRET_KEY": "stack-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": f"127.0.0.1,localhost,{PUBLIC_HOST}",
            "CERTIFICATE_SIGNING_KEY": signing_key_pem(),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "REDIS_URL": self.redis_url,
            "CACHE_KEY_PREFIX": self.name,
            "DATABASE_URL": self.database_url,
            "WAGTAILADMIN_BASE_URL": f"https://{PUBLIC_HOST}",
            "TRUSTED_PROXY_COUNT": "1",
            "SECURE_SSL_REDIRECT": "0",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "MEDIA_ROOT": str(self.tmp / "media-must-stay-empty"),
            "PRIVATE_MEDIA_ROOT": str(self.tmp / "private-must-stay-empty"),
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "AWS_STORAGE_BUCKET_NAME": MEDIA_BUCKET,
            "AWS_PRIVATE_STORAGE_BUCKET_NAME": PRIVATE_BUCKET,
            "AWS_S3_ENDPOINT_URL": self.s3_endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_ACCESS_KEY_ID": "stack-access-key",
            "AWS_SECRET_ACCESS_KEY": "stack-secret-key",
            "LOG_LEVEL": "WARNING",
        }
        s3 = self.s3_client()
        for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
            s3.create_bucket(Bucket=bucket)
        self._reset_redis()

    def s3_client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            region_name="us-east-1",
            aws_access_key_id="stack-access-key",
            aws_secret_access_key="stack-secret-key",  # noqa: S106 - moto accepts any
        )

    def _reset_redis(self):
        import redis

        redis.Redis.from_url(self.redis_url).flushdb()

    # Database and files --------------------------------------------------------------------------------------------

    def recreate_database(self):
        name = self.database_url.rsplit("/", 1)[1]
        admin_url = self.database_url.rsplit("/", 1)[0] + "/postgres"
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')

    def manage(self, *args: str, quiet: bool = True, **kwargs) -> subprocess.CompletedProcess:
        log = open(self.log_dir / f"{self.name}-manage.log", "a")  # noqa: SIM115 - handed to the child
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log if quiet else None,
            stderr=subprocess.STDOUT if quiet else None,
            check=False,
            **kwargs,
        )
        if result.returncode:
            log.close()
            tail = (self.log_dir / f"{self.name}-manage.log").read_text()[-3000:]
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{tail}")
        return result

    def prepare(self, *, demo: bool = True):
        """An empty database, migrated, with the demo."""
        self.recreate_database()
        self.manage("migrate", "--noinput")
        if demo:
            self.manage("load_demo")

    # Processes -----------------------------------------------------------------------------------------------------

    def spawn(self, label: str, args: list[str]) -> subprocess.Popen:
        log = open(self.log_dir / f"{self.name}-{label}.log", "w")  # noqa: SIM115 - handed to the child
        process = subprocess.Popen(  # noqa: S603 - our own binaries
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def start_gunicorn(self, label: str, *, workers: int = 2, threads: int = 1, port_from: int | None = None) -> str:
        port = free_port(port_from or self.port_base + 10)
        self.spawn(
            label,
            [
                str(BIN / "gunicorn"),
                "lms_site.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--timeout",
                "60",
                "--access-logfile",
                "-",
            ],
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz", timeout=60)
        return base

    def start_worker(self) -> subprocess.Popen:
        return self.spawn(
            "worker",
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--queue-name", "*", "--no-startup-delay"],
        )

    def close(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
        if self.s3_server is not None:
            self.s3_server.stop()
        if self.smtp is not None:
            self.smtp.loop.call_soon_threadsafe(self.smtp.loop.stop)
        shutil.rmtree(self.tmp, ignore_errors=True)


def wait_for(url: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urlopen(url, timeout=2) as response:  # noqa: S310 - our own loopback server
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout} s")
        time.sleep(0.3)
