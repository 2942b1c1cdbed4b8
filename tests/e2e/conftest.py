"""Fixtures of the browser journeys: a headless Chromium per test, a browser context per user."""

import re
from pathlib import Path
from types import SimpleNamespace

from django.db import connections

import pytest
from playwright.sync_api import expect, sync_playwright

from assessments import attempts as attempt_service
from course.models import Enrolment
from tests.assessments.factories import AssessmentPageFactory
from tests.e2e import CHROMIUM, CHROMIUM_ARGS, open_context
from tests.factories import MunicipalityFactory, RegionFactory, UserFactory
from tests.mentors.factories import MentorProfileFactory, MentorRegistryPageFactory

# How long a single action or assertion may wait: generous, for a loaded CI machine; a working page answers in ms.
TIMEOUT_MS = 15_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so that a fixture can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser(transactional_db, live_server):
    """A headless Chromium, started after the test database is ready and closed before it is flushed.

    Playwright's sync API keeps an asyncio event loop running in the test's thread. Django then refuses ORM calls
    (switched off here: the test drives the browser and queries the database one after the other, never at once),
    and asgiref hands the thread a fresh set of database connections, as in async code. The thread's own
    connections (the ones the test database was prepared on, which the live server shares on SQLite) are put back,
    so that the test's queries see and do what the server sees and does.
    """
    thread_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as monkeypatch, sync_playwright() as playwright:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        expect.set_options(timeout=TIMEOUT_MS)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, request, tmp_path):
    """``new_page()`` opens a page in a fresh browser context (its own cookies: one user each) on the live server;
    requests to any other host fail at once.

    When the test fails, each page's screenshot and HTML are saved and their folder is named in the report.
    """
    contexts = []

    def open_page():
        context = open_context(browser, live_server, {"width": 1280, "height": 900}, TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for number, context in enumerate(contexts, start=1):
            for page in context.pages:
                name = f"context{number}-{re.sub(r'[^a-z0-9]+', '-', page.url.lower()).strip('-')[-80:]}"
                page.screenshot(path=Path(tmp_path, f"{name}.png"), full_page=True)
                Path(tmp_path, f"{name}.html").write_text(page.content(), encoding="utf-8")
        report.sections.append(("browser", f"screenshots and HTML of the pages: {tmp_path}"))
    for context in contexts:
        context.close()


@pytest.fixture
def key_pages(home, course, module, lesson):
    """What the page-by-page checks (phone layout, accessibility) visit: the registry in the menu with a mentor in
    Kazan, and an enrolled learner with a graded attempt (the result page and the dashboard's competency profile have
    data) and an attempt in progress of a timed test."""
    registry = MentorRegistryPageFactory(parent=home, show_in_menus=True)  # in the header, as in the demo
    kazan = MunicipalityFactory(region=RegionFactory(slug="tatarstan"), name="Казань", slug="kazan")
    mentor = MentorProfileFactory(
        certificate__course=course,
        display_name="Сафина Алсу Ринатовна",
        slug="safina-alsu",
        municipality=kazan,
        formats=["adaptive", "accompanying"],
        bio="<p>Двенадцать лет работаю наставником молодых учителей математики.</p>",
        levels={"expert": 88, "communicative": 66, "managerial": 72, "research": 54, "project": 91},
    )
    module_test = AssessmentPageFactory(parent=module, slug="module-test", time_limit_minutes=90)
    learner = UserFactory(username="browser-learner", first_name="Гульнара", last_name="Хасанова")
    Enrolment.objects.create(user=learner, course=course)
    graded = attempt_service.start_attempt(learner, AssessmentPageFactory(parent=module, slug="graded-test"))
    for sequence, item in enumerate(graded.items, start=1):
        value = 4 if item["type"] == "likert" else ([0] if item["type"] == "multiple_choice" else 0)
        attempt_service.save_answer(graded, item["id"], value, sequence)
    attempt_service.submit_attempt(graded)
    attempt = attempt_service.start_attempt(learner, module_test)
    return SimpleNamespace(registry=registry, mentor=mentor, learner=learner, graded=graded, attempt=attempt)
