"""Accessibility in the browser: axe-core (bundled by axe-playwright-python) finds nothing serious or critical on the
key pages, for a visitor and for a learner; the site header stays compact on a phone.

Each page is visited once, in one Chromium. Set ``LMS_SCREENSHOTS=<folder>`` to keep the header's screenshots
(used for docs/screenshots/).
"""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e import CHROMIUM, open_context, sign_in

if not CHROMIUM.exists():
    pytest.skip(
        f"the browser journeys need Debian's Chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# The issue asked for a header "much less than ~200 px" on a phone: the brand and one row of links and languages.
PHONE_HEADER_MAX = 120
# At 1366 px the brand, a learner's links and the languages share one row.
LAPTOP_HEADER_MAX = 100
BLOCKING = {"serious", "critical"}


@pytest.fixture
def site(home, course, lesson, case_study, key_pages):
    registry, mentor, attempt, graded = key_pages.registry, key_pages.mentor, key_pages.attempt, key_pages.graded
    learner = key_pages.learner
    return {
        "learner": learner,
        "mentor": mentor.user,
        "visitor": {
            "catalogue": home.url,
            "course": course.url,
            "registry with a search": f"{registry.url}?q=математика",
            "mentor profile": f"{registry.url}{mentor.slug}/",
            "match": f"{registry.url}match/?competencies=expert",
            "request form with errors": ("submit", f"{registry.url}{mentor.slug}/", ".request-form"),
            "sign-up with errors": ("submit", "/ru/accounts/signup/", "form.form"),
            "certificate look-up": "/ru/certificates/?number=НЕТ-ТАКОГО",
        },
        "learner pages": {
            "lesson": lesson.url,
            "case study": case_study.url,
            "attempt": f"/ru/attempts/{attempt.pk}/",
            "summary": f"/ru/attempts/{attempt.pk}/summary/",
            "result": f"/ru/attempts/{graded.pk}/",
            "dashboard": "/ru/dashboard/",
            "my grades": "/ru/dashboard/grades/",
        },
    }


def violations(page, axe: Axe, name: str) -> list[str]:
    """Every violation axe finds on the page, one line each: the serious and critical ones fail the test."""
    found = []
    for violation in axe.run(page).response["violations"]:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:4])
        found.append(f"{violation['impact']}: {name}: {violation['id']} ({len(violation['nodes'])}×): {targets}")
    return found


def send_empty(page, url: str, form: str) -> None:
    """Sends the form empty; the browser's own checks of required fields are skipped, so the server's errors show."""
    page.goto(url)
    page.locator(form).evaluate("(form) => { form.noValidate = true; }")
    with page.expect_navigation():
        page.locator(form).locator("button[type=submit]").last.click()


def test_key_pages_have_no_serious_axe_violations(browser, live_server, site):
    axe = Axe()
    problems = []
    context = open_context(browser, live_server, DESKTOP)
    page = context.new_page()
    for name, target in site["visitor"].items():
        if isinstance(target, tuple):
            _, url, form = target
            send_empty(page, url, form)
        else:
            page.goto(target)
        if "errors" in name or "look-up" in name:
            expect(page).to_have_title(re.compile(r"^Ошибка: "))  # a screen reader hears it first
        problems += violations(page, axe, f"visitor {name}")
    sign_in(context, live_server, site["learner"])
    for name, url in site["learner pages"].items():
        page.goto(url)
        problems += violations(page, axe, f"learner {name}")
    context.close()
    # The mentor's editor, sent without its formats: the groups of checkboxes and their errors.
    context = open_context(browser, live_server, DESKTOP)
    sign_in(context, live_server, site["mentor"])
    page = context.new_page()
    page.goto("/ru/dashboard/mentor/")
    for checkbox in page.locator("input[name=formats]").all():
        checkbox.uncheck()
    page.locator("form.card button[type=submit]").click()
    expect(page).to_have_title(re.compile(r"^Ошибка: "))
    expect(page.get_by_role("group", name=re.compile("^Форматы"))).to_have_attribute(
        "aria-describedby", re.compile("id_formats_error")
    )
    problems += violations(page, axe, "mentor editor with errors")
    context.close()
    print("\n".join(["axe:", *problems]))  # noqa: T201 (the minor and moderate ones, for the record)
    blocking = [problem for problem in problems if problem.split(":")[0] in BLOCKING]
    assert not blocking, "\n".join(blocking)


HEADER_SCRIPT = """() => {
  const header = document.querySelector(".site-header");
  const tops = Array.from(document.querySelectorAll(".language-switcher li"), (li) => li.getBoundingClientRect().top);
  return { height: Math.round(header.getBoundingClientRect().height), languageRows: new Set(tops).size };
}"""


def test_the_header_is_compact_on_a_phone_and_on_one_row_on_a_laptop(browser, live_server, site):
    folder = os.environ.get("LMS_SCREENSHOTS")
    measured = {}
    for who in ("visitor", "learner"):
        for label, viewport in (("390", PHONE), ("1366", DESKTOP)):
            context = open_context(browser, live_server, viewport)
            if who == "learner":
                sign_in(context, live_server, site["learner"])
            page = context.new_page()
            page.goto(site["visitor"]["catalogue"])
            measured[who, label] = page.evaluate(HEADER_SCRIPT)
            if folder:
                Path(folder).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(folder, f"header-{label}-{who}.png")))
            links = page.get_by_role("navigation", name="Основная навигация")
            menu = page.locator(".site-menu__toggle")  # "Menu": its Russian comes with the next catalogues
            if label == "390":
                # The links are folded under the menu button, which opens them without a script.
                expect(links).to_be_hidden()
                menu.click()
                if who == "learner":
                    blocking = [v for v in violations(page, Axe(), "open menu at 390") if v.split(":")[0] in BLOCKING]
                    assert not blocking, blocking
                if folder:
                    page.screenshot(path=str(Path(folder, f"header-{label}-{who}-menu.png")))
            else:
                expect(menu).to_be_hidden()
            expect(links).to_be_visible()
            if who == "learner":
                links.get_by_role("link", name="Мои оценки").click()
                expect(page).to_have_url(re.compile(r"/ru/dashboard/grades/$"))
            else:
                expect(page.get_by_role("navigation", name="Язык").get_by_role("link", name="English")).to_be_visible()
            context.close()
    print(measured)  # noqa: T201 (the heights, for the issue's before and after)
    for who in ("visitor", "learner"):
        assert measured[who, "390"]["height"] <= PHONE_HEADER_MAX, measured
        assert measured[who, "1366"]["languageRows"] == 1, measured
        assert measured[who, "1366"]["height"] <= LAPTOP_HEADER_MAX, measured
