"""Nothing is wider than a phone: at 390×844 no key page scrolls sideways, for a visitor and for a learner.

Set ``LMS_SCREENSHOTS=<folder>`` to keep a screenshot of each page (used for docs/screenshots/).
"""

import os
import re
from pathlib import Path

import pytest

from tests.e2e import CHROMIUM, open_context, sign_in

if not CHROMIUM.exists():
    pytest.skip(
        f"the browser journeys need Debian's Chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SCREENSHOTS = ("attempt", "summary", "result", "dashboard", "profile")
PAGES = ("catalogue", "course", "lesson", "dashboard", "attempt", "summary", "result", "registry", "profile")

# What sticks out, for the failure message: the widest elements beyond the viewport's right edge.
OVERFLOW_SCRIPT = """() => {
  const width = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + "." + (el.getAttribute("class") || "").replace(/ +/g, ".");
  const wide = Array.from(document.querySelectorAll("body *"))
    .filter((el) => el.getBoundingClientRect().right > width + 0.5)
    .map((el) => name(el) + " " + Math.round(el.getBoundingClientRect().right) + "px");
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(0, 8) };
}"""


@pytest.fixture
def site(home, course, lesson, key_pages):
    registry, mentor, attempt, graded = key_pages.registry, key_pages.mentor, key_pages.attempt, key_pages.graded
    learner = key_pages.learner
    return {
        "catalogue": home.url,
        "course": course.url,
        "lesson": lesson.url,
        "dashboard": "/ru/dashboard/",
        "attempt": f"/ru/attempts/{attempt.pk}/",
        "summary": f"/ru/attempts/{attempt.pk}/summary/",
        "result": f"/ru/attempts/{graded.pk}/",
        "registry": registry.url,
        "profile": f"{registry.url}{mentor.slug}/",
        # The words found marked in the cards; the matches with their request buttons; the form they lead to.
        "registry search": f"{registry.url}?q=наставникам&format=adaptive",
        "matches": f"{registry.url}match/?competencies=expert&municipality=kazan",
        "profile from the matches": f"{registry.url}{mentor.slug}/?match=competencies%3Dexpert%26municipality%3Dkazan",
        "learner": learner,
    }


def check(page, name: str, url: str, who: str) -> list[str]:
    page.goto(url)
    measured = page.evaluate(OVERFLOW_SCRIPT)
    folder = os.environ.get("LMS_SCREENSHOTS")
    if folder and who == "learner" and name in SCREENSHOTS:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder, f"{name}-390.png")))
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=str(Path(folder, f"{name}-1366.png")))
        page.set_viewport_size(PHONE)
    if measured["scrollWidth"] > measured["innerWidth"]:
        path = re.sub(r"^https?://[^/]+", "", page.url)
        return [f"{who} {name} ({path}): {measured['scrollWidth']}px > {measured['innerWidth']}px; {measured['wide']}"]
    return []


def test_no_key_page_is_wider_than_a_phone(browser, live_server, site):
    problems = []
    for who in ("visitor", "learner"):
        context = open_context(browser, live_server, PHONE)
        page = context.new_page()
        if who == "learner":
            sign_in(context, live_server, site["learner"])
        for name in (
            "catalogue",
            "course",
            "lesson",
            "dashboard",
            "attempt",
            "summary",
            "result",
            "registry",
            "profile",
            "registry search",
            "matches",
            "profile from the matches",
        ):
            problems += check(page, name, site[name], who)
        context.close()
    assert not problems, "\n".join(problems)
