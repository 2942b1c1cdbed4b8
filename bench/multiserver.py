"""`make multiserver-check`: two app servers share one PostgreSQL, one Redis, one S3 bucket and one task worker.

Starts the stack of ``bench/stack.py`` (production settings, moto as the S3 server, an SMTP sink), loads the demo,
runs two gunicorn instances on different ports and ``manage.py db_worker``, then, as a browser would through a load
balancer that sends each request anywhere:

1. learner5 logs in on A; the session works on B (sessions in Redis and the database); logging out on B ends it on A;
2. learner5 uploads a profile photo on A; B shows it, as a rendition that B makes from the original in S3, at an S3
   URL that answers with the image; nothing is written to the local media folder;
3. the certificate that the demo issued to learner5 has its PDF rendered by the worker (not by a web request),
   stored as a private object in the private bucket; B hands it out through the certificate view; the holder's
   letter reached the mail server.

Exits 1 at the first failed expectation and prints where the logs are. Not collected by pytest.
"""

import io
import re
import sys
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urljoin, urlsplit

import psycopg
import requests

from bench.stack import DEMO_PASSWORD, MEDIA_BUCKET, PRIVATE_BUCKET, Stack

TIMEOUT = 30


class Failed(Exception):
    pass


def expect(condition, message: str):
    if not condition:
        raise Failed(message)
    print(f"  ok  {message}")


class Browser:
    """Cookies kept by hand: the production cookies are Secure, and the servers are reached over plain HTTP as if
    through a TLS proxy (X-Forwarded-Proto). One client address for every request."""

    def __init__(self, address: str = "198.51.100.11"):
        self.cookies: dict[str, str] = {}
        self.address = address

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        host = urlsplit(url).netloc
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Origin": f"https://{host}",
            "Referer": f"https://{host}/",
            **kwargs.pop("headers", {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(method, url, headers=headers, allow_redirects=False, timeout=TIMEOUT, **kwargs)
        for header in response.raw.headers.getlist("Set-Cookie"):
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)


class FormParser(HTMLParser):
    """The fields of the forms of a page as a browser would submit them untouched."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "enctype": attrs.get("enctype", ""), "fields": []})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind in {"file", "submit", "button"}:
                return
            fields.append((attrs["name"], attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1]["fields"].append(tuple(self._textarea))
            self._textarea = None


def forms_of(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise Failed("no CSRF token on the page")
    return match.group(1)


def log_in(browser: Browser, base: str, username: str, password: str):
    page = browser.get(f"{base}/ru/accounts/login/")
    response = browser.post(
        f"{base}/ru/accounts/login/",
        data={"csrfmiddlewaretoken": csrf_token(page.text), "username": username, "password": password},
    )
    if response.status_code != 302:
        raise Failed(f"login of {username} on {base} answered {response.status_code}")


def portrait_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 320), (40, 90, 160))
    ImageDraw.Draw(image).ellipse((80, 60, 240, 220), fill=(230, 200, 170))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def image_sources(html: str, endpoint: str) -> list[str]:
    return [src for src in re.findall(r'<img[^>]+src="([^"]+)"', html) if src.startswith(endpoint)]


def check_sessions(a: str, b: str):
    print("Sessions across servers")
    browser = Browser()
    log_in(browser, a, "learner5", DEMO_PASSWORD)
    expect("sessionid" in browser.cookies, "logged in on A: a session cookie")
    dashboard = browser.get(f"{b}/ru/dashboard/")
    expect(dashboard.status_code == 200, f"B shows the dashboard to the session from A ({dashboard.status_code})")
    other = Browser("198.51.100.12")
    log_in(other, b, "learner2", DEMO_PASSWORD)
    page = browser.get(f"{b}/ru/dashboard/mentor/")
    stolen = Browser()
    stolen.cookies = dict(browser.cookies)  # a copy of the cookie, kept after the logout
    browser.post(f"{b}/ru/accounts/logout/", data={"csrfmiddlewaretoken": csrf_token(page.text)})
    gone = stolen.get(f"{a}/ru/dashboard/")
    expect(gone.status_code == 302 and "login" in gone.headers.get("Location", ""), "logged out on B: A refuses it")
    expect(other.get(f"{a}/ru/dashboard/").status_code == 200, "another learner's session from B still works on A")


def check_photo(stack: Stack, a: str, b: str):
    print("A photo uploaded on A, seen on B, served from S3")
    browser = Browser("198.51.100.13")
    log_in(browser, a, "learner5", DEMO_PASSWORD)
    page = browser.get(f"{a}/ru/dashboard/mentor/")
    expect(page.status_code == 200, "the mentor's own profile form on A")
    form = next((f for f in forms_of(page.text) if "multipart" in f["enctype"]), None)
    expect(form is not None, "it has the photo form")
    data = [(name, value) for name, value in form["fields"] if name != "remove_photo"]
    response = browser.post(
        urljoin(f"{a}/ru/dashboard/mentor/", form["action"] or "."),
        data=data,
        files={"photo_upload": ("portrait.png", portrait_png(), "image/png")},
    )
    expect(response.status_code == 302, f"the photo is accepted on A ({response.status_code})")
    shown = browser.get(f"{b}/ru/dashboard/mentor/")
    sources = image_sources(shown.text, stack.s3_endpoint)
    expect(sources, "B shows the photo at an S3 URL")
    image = requests.get(sources[0], timeout=TIMEOUT)
    expect(
        image.status_code == 200 and image.headers.get("Content-Type", "").startswith("image/"),
        f"S3 serves it ({image.status_code} {image.headers.get('Content-Type')}, {len(image.content)} bytes)",
    )
    keys = [o["Key"] for o in stack.s3_client().list_objects_v2(Bucket=MEDIA_BUCKET).get("Contents", [])]
    expect(any("original_images" in k for k in keys), "the original is in the media bucket")
    local = stack.tmp / "media-must-stay-empty"
    expect(not local.exists() or not any(local.rglob("*.*")), "nothing was written to the local media folder")
    csp = shown.headers.get("Content-Security-Policy", "")
    expect(stack.s3_endpoint in csp, "the Content-Security-Policy allows images from the bucket")


def check_certificate(stack: Stack, b: str):
    print("A certificate rendered by the worker, handed out by B")
    deadline = time.monotonic() + 90
    with psycopg.connect(stack.database_url, autocommit=True) as connection:
        while True:
            code, pdf_name = connection.execute(
                "SELECT c.code, c.pdf FROM mentors_certificate c JOIN accounts_user u ON u.id = c.user_id"
                " WHERE u.username = 'learner5'"
            ).fetchone()
            pdf_name = pdf_name or "-"
            if pdf_name != "-" or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    expect(pdf_name != "-", f"the worker rendered and stored the PDF ({pdf_name})")
    s3 = stack.s3_client()
    key = f"private/{pdf_name}"
    head = s3.head_object(Bucket=PRIVATE_BUCKET, Key=key)
    expect(head["ContentLength"] > 1000, f"it is in the private bucket ({key}, {head['ContentLength']} bytes)")
    grants = s3.get_object_acl(Bucket=PRIVATE_BUCKET, Key=key)["Grants"]
    expect(not any("AllUsers" in g["Grantee"].get("URI", "") for g in grants), "its ACL is private (no public grant)")
    media = [o["Key"] for o in s3.list_objects_v2(Bucket=MEDIA_BUCKET).get("Contents", [])]
    expect(not any(k.endswith(".pdf") for k in media), "no PDF in the public media bucket")
    response = Browser("198.51.100.14").get(f"{b}/ru/certificates/{code}.pdf")
    expect(
        response.status_code == 200 and response.content.startswith(b"%PDF"),
        f"B hands it out through the certificate view ({response.status_code}, {len(response.content)} bytes)",
    )
    expect(response.content == s3.get_object(Bucket=PRIVATE_BUCKET, Key=key)["Body"].read(), "the stored file")
    letters = [m for m in stack.smtp.messages if b"learner5@example.org" in m]
    expect(letters, f"the holder's letter reached the mail server ({len(stack.smtp.messages)} letters in all)")


def main() -> int:
    started = time.monotonic()
    stack = Stack(name="multi11", redis_db=11, port_base=18110)
    try:
        print("Starting: moto S3, SMTP sink, PostgreSQL database multi11, Redis db 11 ...")
        stack.start_services()
        stack.prepare(demo=True)
        print(f"  migrated and loaded the demo in {time.monotonic() - started:.0f} s")
        a = stack.start_gunicorn("a")
        b = stack.start_gunicorn("b", port_from=int(a.rsplit(":", 1)[1]) + 1)
        stack.start_worker()
        print(f"  A {a}, B {b}, db_worker; S3 {stack.s3_endpoint}")
        check_sessions(a, b)
        check_photo(stack, a, b)
        check_certificate(stack, b)
    except Failed as failure:
        print(f"FAILED: {failure}\nLogs: {stack.log_dir}", file=sys.stderr)
        return 1
    finally:
        stack.close()
    print(f"Multi-server check passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
