"""A school finds a mentor and asks for mentoring, in a real browser; the mentor accepts in the dashboard.

Search the registry with a word in another grammatical form (the word marked in the results) → filter by format →
open a profile → back to the same search, filters kept → describe the mentee's needs on the match page → send a
request from the matches (the form prefilled with those needs) → confirm it from the e-mail → the mentor logs in and
accepts → both sides have each other's contact by e-mail, and no contact was ever on a public page.
"""

import re
from urllib.parse import parse_qs, urlsplit

from django.core import mail

import pytest
from playwright.sync_api import expect

from course.models import Subject
from mentors.models import MentoringRequest, MentorProfile, RequestStatus
from tests.e2e import CHROMIUM
from tests.factories import TEST_PASSWORD, MunicipalityFactory, RegionFactory
from tests.mentors.factories import MentorProfileFactory, MentorRegistryPageFactory

if not CHROMIUM.exists():
    pytest.skip(
        f"the browser journeys need Debian's Chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCHOOL_EMAIL = "director@school7.example.org"
MENTOR_EMAIL = "alsu.safina@example.org"


@pytest.fixture
def setting(home, course):
    registry = MentorRegistryPageFactory(parent=home)
    kazan = MunicipalityFactory(region=RegionFactory(slug="tatarstan"), name="Казань", slug="kazan")
    maths = Subject.objects.create(name="Математика", name_en="Mathematics", slug="mathematics")
    mentor = MentorProfileFactory(
        certificate__course=course,
        certificate__user__email=MENTOR_EMAIL,
        display_name="Сафина Алсу Ринатовна",
        slug="safina-alsu",
        municipality=kazan,
        formats=["adaptive", "accompanying"],
        subjects=[maths],
        bio="<p>Двенадцать лет работаю наставником молодых учителей математики.</p>",
    )
    MentorProfileFactory(
        certificate__course=course,
        display_name="Борисов Булат",
        municipality=kazan,
        formats=["reverse"],
        bio="<p>Наставник в реверсивном формате: цифровые инструменты для опытных коллег.</p>",
    )
    return {"registry": registry, "kazan": kazan, "mentor": mentor}


def test_a_school_finds_a_mentor_and_the_mentor_accepts(new_page, setting, live_server):
    mentor = setting["mentor"]
    school = new_page()
    school.goto("/ru/mentors/")
    search = school.locator("form[role=search]")
    search.locator("input[name=q]").fill("наставникам")
    search.locator("button[type=submit]").click()
    expect(school.locator(".mentor-card")).to_have_count(2)
    # Why they matched: the word, in the form the bio has it, marked in an excerpt.
    expect(school.locator(".mentor-card__excerpt mark").first).to_have_text(re.compile("^наставник", re.IGNORECASE))

    school.locator("input[name=format][value=adaptive]").check()
    search.locator("button[type=submit]").click()
    expect(school.locator(".mentor-card")).to_have_count(1)
    assert "format=adaptive" in school.url and "q=" in school.url  # a shareable address
    results = school.url
    school.locator(".mentor-card a").first.click()
    expect(school.locator("h1")).to_have_text("Сафина Алсу Ринатовна")
    assert MENTOR_EMAIL not in school.content()

    # Back to the registry: the same search, filters and all.
    school.locator(".mentor-profile > p > a").click()
    expect(school.locator(".mentor-card")).to_have_count(1)
    assert urlsplit(school.url).path == urlsplit(results).path
    assert parse_qs(urlsplit(school.url).query) == parse_qs(urlsplit(results).query)  # the empty fields left out
    expect(school.locator("input[name=q]")).to_have_value("наставникам")
    expect(school.locator("input[name=format][value=adaptive]")).to_be_checked()

    # The needs on the match page, and a request straight from the matches.
    school.locator("a[href$='/match/']").first.click()
    match_form = school.locator("form.match-form")
    match_form.locator("input[name=competencies][value=expert]").check()
    match_form.locator("select[name=format]").select_option("adaptive")
    match_form.locator("select[name=municipality]").select_option("kazan")
    match_form.locator("button[type=submit]").click()
    school.locator(".match-card", has_text="Сафина Алсу Ринатовна").locator(".match-card__actions a").click()
    expect(school.locator("h1")).to_have_text("Сафина Алсу Ринатовна")

    form = school.locator("form.request-form")
    expect(form.locator("select[name=municipality]")).to_have_value(str(setting["kazan"].pk))
    expect(form.locator("select[name=desired_format]")).to_have_value("adaptive")
    expect(form.locator("textarea[name=message]")).not_to_be_empty()
    form.locator("input[name=school]").fill("МБОУ «Гимназия № 7»")
    form.locator("input[name=contact_name]").fill("Иванова Ирина Петровна")
    form.locator("input[name=email]").fill(SCHOOL_EMAIL)
    form.locator("select[name=mentee_position]").select_option("teacher")
    form.locator("textarea[name=message]").fill("Молодому учителю математики нужен наставник на первый год.")
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()
    expect(school.locator(".messages, [role=status], .message").first).to_contain_text(SCHOOL_EMAIL)
    assert MentoringRequest.objects.get().status == RequestStatus.UNCONFIRMED

    [letter] = mail.outbox
    link = re.search(r"https?://\S+/confirm/", letter.body).group(0)
    school.goto(link.replace("http://testserver", live_server.url))
    expect(school.locator("h1")).to_be_visible()
    assert MentoringRequest.objects.get().status == RequestStatus.PENDING

    mentor_page = new_page()
    mentor_page.goto("/ru/accounts/login/")
    mentor_page.locator("input[name=username]").fill(MENTOR_EMAIL)
    mentor_page.locator("input[name=password]").fill(TEST_PASSWORD)
    mentor_page.locator("form button[type=submit]").last.click()
    mentor_page.goto("/ru/dashboard/")
    request_card = mentor_page.locator(".request-card")
    expect(request_card).to_contain_text("Гимназия № 7")
    assert SCHOOL_EMAIL not in request_card.inner_text()
    request_card.locator("form[action$='/accept/'] button").click()
    expect(mentor_page.locator(".request-card")).to_contain_text(SCHOOL_EMAIL)

    assert MentoringRequest.objects.get().status == RequestStatus.ACCEPTED
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 1
    to_school = [m for m in mail.outbox if m.to == [SCHOOL_EMAIL]][-1]
    assert MENTOR_EMAIL in to_school.body
    assert any(SCHOOL_EMAIL in m.body for m in mail.outbox if m.to == [MENTOR_EMAIL])
