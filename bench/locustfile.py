"""The mixed scenario of `make loadtest` (Locust): learners, schools and certificate checks, no think time.

Reads what to request from the JSON file in ``LOADTEST_DATA`` (written by ``bench/loadtest.py``). Each simulated
learner is one of the demo learners, logged in once (the login throttle counts per address and account; each
simulated person has an address of its own, passed as the TLS proxy would in X-Forwarded-For). The production
cookies are Secure and the server is reached over plain HTTP as if through that proxy, so the client keeps them
sent by clearing the flag.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, task

DATA = json.loads(open(os.environ["LOADTEST_DATA"]).read()) if os.environ.get("LOADTEST_DATA") else {}  # noqa: SIM115
ADDRESSES = itertools.count(1)
ACCOUNTS = itertools.cycle(DATA.get("learners", []))


class Visitor(HttpUser):
    abstract = True

    def on_start(self):
        number = next(ADDRESSES)
        host = self.host.split("://", 1)[1]
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": f"10.{number // 250}.{number % 250}.7",
                "Origin": f"https://{host}",
                "Referer": f"https://{host}/",
            }
        )
        send = self.client.request

        def request(*args, **kwargs):
            response = send(*args, **kwargs)
            self.keep_cookies()
            return response

        self.client.request = request

    def keep_cookies(self):
        for cookie in self.client.cookies:
            cookie.secure = False

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")


class Learner(Visitor):
    """Reads lessons, autosaves answers, submits attempts of a module test (unlimited attempts for the run)."""

    fixed_count = len(DATA.get("learners", [])) or 1

    def on_start(self):
        super().on_start()
        self.account = next(ACCOUNTS)
        self.attempt = None
        self.questions: list[tuple[str, str]] = []
        self.sequence = 0
        self.client.get("/ru/accounts/login/", name="login page")
        self.keep_cookies()
        with self.client.post(
            "/ru/accounts/login/",
            data={"csrfmiddlewaretoken": self.csrf(), "username": self.account, "password": DATA["password"]},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.account}: {response.status_code}")
        self.keep_cookies()

    @task(6)
    def read_lesson(self):
        self.client.get(random.choice(DATA["lessons"]), name="lesson")

    @task(1)
    def dashboard(self):
        self.client.get("/ru/dashboard/", name="dashboard")

    @task(4)
    def autosave(self):
        if self.attempt is None:
            self.start_attempt()
            return
        question, value = random.choice(self.questions)
        self.sequence += 1
        with self.client.post(
            f"/ru/attempts/{self.attempt}/save/",
            json={"question": question, "value": value, "sequence": self.sequence},
            headers={"X-CSRFToken": self.csrf()},
            name="autosave",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "saved" not in response.text:
                response.failure(f"autosave: {response.status_code} {response.text[:200]}")

    @task(1)
    def submit(self):
        if self.attempt is None:
            self.start_attempt()
            return
        with self.client.post(
            f"/ru/attempts/{self.attempt}/submit/",
            data={"csrfmiddlewaretoken": self.csrf()},
            name="submit attempt",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"submit: {response.status_code}")
        self.attempt = None

    def start_attempt(self):
        with self.client.post(
            f"/ru/assessments/{DATA['assessment']}/start/",
            data={"csrfmiddlewaretoken": self.csrf()},
            name="start attempt",
            catch_response=True,
        ) as response:
            match = re.search(r"/attempts/(\d+)/", response.url or "")
            if response.status_code != 200 or not match:
                response.failure(f"start: {response.status_code} {response.url}")
                return
            self.attempt = match.group(1)
            self.questions = re.findall(r'type="radio" name="q-([\w-]+)" value="([^"]+)"', response.text)
            self.questions = self.questions or re.findall(
                r'name="q-([\w-]+)"[^>]*type="radio"[^>]*value="([^"]+)"', response.text
            )
            found = re.search(r'name="sequence" value="(\d+)"', response.text)
            self.sequence = int(found.group(1)) if found else 0
            if not self.questions:
                response.failure("start: no single-choice question found on the attempt page")
                self.attempt = None


class School(Visitor):
    """Searches the registry and opens profiles."""

    weight = 3

    @task(3)
    def search(self):
        query = random.choice(DATA["searches"])
        self.client.get(f"/ru/mentors/?{query}", name="registry search")

    @task(2)
    def profile(self):
        self.client.get(random.choice(DATA["mentors"]), name="mentor profile")

    @task(1)
    def api(self):
        self.client.get("/api/v1/mentors/?municipality=kazan", name="registry API")


class CertificateCheck(Visitor):
    """Someone checking a certificate by its QR code, and a verifier fetching its credential."""

    weight = 1

    @task(3)
    def check(self):
        self.client.get(f"/ru/certificates/{random.choice(DATA['certificates'])}/", name="certificate check")

    @task(1)
    def credential(self):
        self.client.get(f"/ru/certificates/{random.choice(DATA['certificates'])}/badge.json", name="credential")
