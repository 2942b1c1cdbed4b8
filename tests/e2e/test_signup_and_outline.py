"""On a phone (390×844): sign up from a course's page and be enrolled, then find the way through the course outline
(issue 12, "The learner"). Nothing is wider than the screen on the way.

Set ``LMS_SCREENSHOTS=<folder>`` to keep a screenshot of each step (used for docs/screenshots/).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import User
from course.models import Enrolment
from tests.e2e import CHROMIUM
from tests.factories import LessonPageFactory, ModulePageFactory, MunicipalityFactory

if not CHROMIUM.exists():
    pytest.skip(
        f"the browser journeys need Debian's Chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
EMAIL = "alsu.garipova@example.org"
PASSWORD = "Nastavnik-2026-kazan"


def fits(page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url}: {width[0]}px > {width[1]}px"


def keep(page, name: str) -> None:
    folder = os.environ.get("LMS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder, f"issue12-{name}-390.png")))


def test_sign_up_from_the_course_enrols_and_the_outline_leads_on(new_page, course, module, lesson):
    municipality = MunicipalityFactory(name="Казань", slug="kazan")
    second = ModulePageFactory(parent=course, number=2, slug="module-2", title="Второй модуль")
    LessonPageFactory(parent=second, slug="later", title="Урок второго модуля")
    page = new_page()
    page.set_viewport_size(PHONE)

    # The enrol button and the key facts are above the fold.
    page.goto(course.url)
    fits(page)
    button = page.locator(".enrolment-panel a.button")
    box = button.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    assert page.locator(".hero .key-facts").bounding_box()["y"] < PHONE["height"]
    keep(page, "course")
    button.click()

    # The sign-up form names the course and carries it.
    page.wait_for_url(re.compile(r"/accounts/signup/\?course=\d+"))
    fits(page)
    form = page.locator("form[action$='/accounts/signup/']")
    form.locator("input[name=last_name]").fill("Гарипова")
    form.locator("input[name=first_name]").fill("Алсу")
    form.locator("input[name=organisation]").fill("Гимназия № 1")
    form.locator("select[name=position]").select_option("teacher")
    form.locator("select[name=municipality]").select_option(str(municipality.pk))
    form.locator("input[name=email]").fill(EMAIL)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    form.get_by_role("checkbox").check()
    form.locator("button[type=submit]").click()

    # Back on the course, enrolled: the progress and the way on instead of the sign-up button.
    page.wait_for_url(f"**{course.url}")
    assert Enrolment.objects.filter(user=User.objects.get(email=EMAIL), course=course).exists()
    expect(page.locator(".enrolment-panel progress")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text(course.title)
    fits(page)
    page.locator(".enrolment-panel a.button").click()

    # The lesson: the outline is a closed disclosure above it on a phone.
    page.wait_for_url(f"**{lesson.url}")
    outline = page.locator("nav.course-outline details")
    expect(outline).not_to_have_attribute("open", "")
    fits(page)
    keep(page, "outline-closed")
    outline.locator("summary").click()
    expect(outline).to_have_attribute("open", "")
    current = outline.locator("a[aria-current=page]")
    expect(current).to_have_attribute("href", lesson.url)
    # The closed module is text, not a link.
    locked = outline.locator(".course-outline__module--locked")
    expect(locked).to_contain_text("Второй модуль")
    expect(locked.locator("a")).to_have_count(0)
    fits(page)
    keep(page, "outline-open")
