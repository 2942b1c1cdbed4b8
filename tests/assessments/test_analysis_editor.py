"""The case analysis's formatting toolbar (issue 12, "The learner"): progressive enhancement over a plain textarea."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from assessments.models import CaseSubmission
from course import sanitize

pytestmark = pytest.mark.django_db

SCRIPT = "course/text-toolbar.js"


@pytest.fixture
def form(client, case_study, learner):
    client.force_login(learner)
    page = BeautifulSoup(client.get(case_study.url).content, "html.parser")
    return page.select_one("form.analysis-form")


def test_the_toolbar_waits_for_its_script_and_controls_the_textarea(form):
    toolbar = form.select_one("[role=toolbar]")
    assert toolbar.has_attr("hidden")  # without JavaScript the textarea alone is the editor
    assert toolbar["data-editor-for"] == toolbar["aria-controls"] == "analysis-text"
    assert form.select_one("textarea#analysis-text")["name"] == "analysis"
    assert toolbar["aria-label"]
    assert form.find_parent("html").select_one(f"script[src$='{SCRIPT}'][defer]")


def test_every_button_is_named_and_does_one_thing_the_sanitiser_keeps(form):
    buttons = form.select("[role=toolbar] button")
    assert [button["data-command"] for button in buttons] == [
        "bold",
        "italic",
        "heading",
        "bulleted",
        "numbered",
        "link",
    ]
    for button in buttons:
        assert button["type"] == "button"  # never submits the form
        assert button["aria-label"].strip()
    script = Path(finders.find(SCRIPT)).read_text(encoding="utf-8")
    written = {
        "<strong>": "strong",
        "<em>": "em",
        "<h3>": "h3",
        '"ul"': "ul",
        '"ol"': "ol",
        "<li>": "li",
        "<a href": "a",
    }
    for markup, tag in written.items():
        assert markup in script
        assert tag in sanitize.ALLOWED_TAGS


def test_the_help_no_longer_names_html_tags(form):
    hint = form.select_one("#analysis-help").get_text()
    assert "<" not in hint and " ul," not in hint and "strong" not in hint


def test_what_the_toolbar_writes_is_kept_with_the_paragraphs_around_it(client, case_study, learner):
    client.force_login(learner)
    text = (
        "Ситуация <strong>острая</strong>.\n\n<h3>Шаги</h3>\n\n<ol>\n<li>встреча</li>\n<li>план</li>\n</ol>\n\n"
        'Подробнее: <a href="https://example.org/plan">план</a>, <em>черновик</em>.'
    )
    client.post(reverse("assessments:case_analysis", args=[case_study.pk]), {"analysis": text, "action": "draft"})

    assert CaseSubmission.objects.get(user=learner).draft == (
        "<p>Ситуация <strong>острая</strong>.</p><h3>Шаги</h3><ol>\n<li>встреча</li>\n<li>план</li>\n</ol>"
        '<p>Подробнее: <a href="https://example.org/plan" rel="nofollow noopener">план</a>, <em>черновик</em>.</p>'
    )
