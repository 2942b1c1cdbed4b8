"""Content-Security-Policy (issue 10, finding 9): strict on the site, relaxed only as far as Wagtail's admin needs."""

import re
from pathlib import Path

from django.http import HttpResponse
from django.template.loader import render_to_string

from wagtail.embeds.models import Embed

import pytest
from bs4 import BeautifulSoup

from lms_site.middleware import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [
    PROJECT_DIR / "lms_site" / "templates",
    *(PROJECT_DIR / app / "templates" for app in ("accounts", "course", "assessments", "mentors")),
]
# Rendered by WeasyPrint into the certificate's PDF, never served to a browser.
NOT_SERVED = {PROJECT_DIR / "mentors" / "templates" / "mentors" / "certificates" / "pdf.html"}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def templates():
    for directory in TEMPLATE_DIRS:
        for path in sorted(directory.rglob("*.html")):
            if path not in NOT_SERVED:
                yield path


def test_site_pages_get_a_strict_policy(client, home):
    response = client.get("/ru/accounts/login/")
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name]
        assert "'unsafe-eval'" not in directives[name]
        assert not any(source.startswith(("http:", "https:", "*")) for source in directives[name])
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_an_inline_script_with_the_nonce_is_allowed_by_the_header(rf):
    request = rf.get("/ru/")
    middleware = ContentSecurityPolicyMiddleware(lambda request: None)
    middleware.process_request(request)
    nonce = str(request.csp_nonce)  # what {{ CSP_NONCE }} renders in a template
    response = middleware.process_response(request, HttpResponse("<script nonce=...>"))
    assert f"'nonce-{nonce}'" in policy(response)["script-src"]


def test_the_admin_gets_what_wagtail_needs_and_nothing_more(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    directives = policy(response)
    assert "'unsafe-inline'" in directives["script-src"] and "'unsafe-inline'" in directives["style-src"]
    assert not any(source.startswith("'nonce-") for source in directives["script-src"])
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert not any(source.startswith(("http:", "https:", "*")) for source in directives["script-src"])


def test_the_admin_login_page_still_works(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" in response


def test_the_api_docs_load_swagger_from_the_site_not_a_cdn(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    for script in page.select("script"):
        assert script.get("src", "").startswith("/static/") or script.get("type") == "application/json"
    for link in page.select("link[rel=stylesheet]"):
        assert link["href"].startswith("/static/")


@pytest.mark.parametrize("path", list(templates()), ids=lambda path: str(path.relative_to(PROJECT_DIR)))
def test_templates_have_no_inline_code_a_strict_policy_blocks(path):
    source = path.read_text()
    for tag in re.findall(r"<script\b[^>]*>", source):
        assert "src=" in tag or "nonce=" in tag or 'type="application/json"' in tag, tag
    for tag in re.findall(r"<style\b[^>]*>", source):
        assert "nonce=" in tag, tag
    assert not re.search(r"<[^>]+\sstyle=", source), "a style attribute"
    assert not re.search(r"<[^>]+\son[a-z]+=", source), "an event-handler attribute"


def test_embedded_videos_are_responsive_without_a_style_attribute():
    embed = Embed(
        url="https://www.youtube.com/watch?v=x",
        html='<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>',
        width=640,
        height=360,
        type="video",
    )
    html = render_to_string("wagtailembeds/embed_frontend.html", {"embed": embed})
    assert "style=" not in html
    assert "responsive-object" in html
