"""From the matches a school asks a mentor directly: each match leads to the mentor's request form, prefilled with
the needs the school described, under the rules of any request (consent, the hidden field, the limit, the e-mail
confirmation), and back to the same matches."""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core import mail
from django.core.cache import cache
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from course.codes import CompetencyCode
from course.models import Subject
from mentors.models import MentoringRequest, MentorProfile, RequestStatus
from tests.mentors.helpers import SCHOOL_EMAIL, request_data

pytestmark = pytest.mark.django_db

MATCH = "/ru/mentors/match/"
NEEDS = "competencies=expert&competencies=managerial&format=developmental&municipality=chelny&subject=mathematics"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def maths(db):
    return Subject.objects.create(name="Математика", name_en="Mathematics", slug="mathematics")


def ru(text: str) -> str:
    with translation.override("ru"):
        return translation.gettext(text)


def request_link(client, needs: str = NEEDS) -> str:
    html = client.get(f"{MATCH}?{needs}").content.decode()
    [action] = BeautifulSoup(html, "html.parser").select(".match-card__actions a")
    assert action.get_text(" ", strip=True).startswith(ru("Send a request"))
    return action["href"]


def page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_each_match_leads_to_the_mentor_s_request_form(client, registry, mentor, place, maths):
    link = request_link(client)
    address = urlsplit(link)
    assert address.path == f"/ru/mentors/{mentor.slug}/" and address.fragment == "request"
    assert parse_qs(address.query) == {"match": [NEEDS]}
    profile = page(client, link)
    assert profile.select_one("section#request form.request-form")


def test_the_form_is_prefilled_with_the_needs(client, registry, mentor, place, maths):
    form = page(client, request_link(client)).select_one("form.request-form")
    assert form.select_one("select[name=municipality] option[selected]")["value"] == str(place.pk)
    assert form.select_one("select[name=desired_format] option[selected]")["value"] == "developmental"
    message = form.select_one("textarea[name=message]").get_text()
    with translation.override("ru"):
        for code in ("expert", "managerial"):
            assert str(CompetencyCode(code).label).lower() in message
    assert "Математика" in message
    # What the match cannot know stays for the school to fill in.
    for name in ("school", "contact_name", "email", "phone"):
        assert not form.select_one(f"input[name={name}]").get("value")
    assert not form.select_one("input[name=consent]").has_attr("checked")


def test_a_format_the_mentor_does_not_offer_is_not_prefilled(client, registry, mentor, place, maths):
    url = f"/ru/mentors/{mentor.slug}/?{urlencode({'match': 'format=reverse&municipality=chelny'})}"
    form = page(client, url).select_one("form.request-form")
    assert form.select_one("select[name=desired_format] option[selected]") is None
    assert form.select_one("select[name=municipality] option[selected]")["value"] == str(place.pk)


def test_the_profile_leads_back_to_the_same_matches(client, registry, mentor, place, maths):
    back = page(client, request_link(client)).select_one(".mentor-profile > p > a")
    assert back.get_text(strip=True) == f"← {ru('Back to the matches')}"
    assert urlsplit(back["href"]).path == MATCH and parse_qs(urlsplit(back["href"]).query) == parse_qs(NEEDS)


@pytest.mark.parametrize("hostile", ["https://evil.example/", "format=charisma", "municipality=atlantis", "x" * 5000])
def test_needs_that_are_not_the_match_form_s_prefill_nothing(client, registry, mentor, place, hostile):
    profile = page(client, f"/ru/mentors/{mentor.slug}/?{urlencode({'match': hostile})}")
    assert profile.select_one(".mentor-profile > p > a")["href"] == "/ru/mentors/"
    assert not profile.select_one("textarea[name=message]").get_text().strip()
    assert "evil.example" not in str(profile)


def test_the_request_keeps_every_rule_of_the_profile_s_form(client, registry, mentor, place, maths):
    link = request_link(client)
    action = page(client, link).select_one("form.request-form")["action"]
    assert parse_qs(urlsplit(action).query) == {"match": [NEEDS]}
    # No consent: refused with the errors, nothing stored or sent.
    refused = client.post(action, request_data(place, consent=""))
    assert refused.status_code == 400 and not MentoringRequest.objects.exists() and mail.outbox == []
    # A bot filling the hidden field is told the same as a person, and nothing happens.
    assert client.post(action, request_data(place, website="http://spam.example")).status_code == 302
    assert not MentoringRequest.objects.exists() and mail.outbox == []
    # A person: an unconfirmed request and the confirmation e-mail; back on the profile, still on the way back.
    response = client.post(action, request_data(place))
    assert response.status_code == 302 and parse_qs(urlsplit(response["Location"]).query) == {"match": [NEEDS]}
    assert MentoringRequest.objects.get().status == RequestStatus.UNCONFIRMED
    [letter] = mail.outbox
    assert letter.to == [SCHOOL_EMAIL] and re.search(r"https?://\S+/confirm/", letter.body)


def test_the_limit_applies_as_on_the_profile(client, registry, mentor, place, maths, mentor_lms_settings):
    mentor_lms_settings(MENTORING_REQUESTS_PER_ADDRESS=1)
    action = page(client, request_link(client)).select_one("form.request-form")["action"]
    assert client.post(action, request_data(place)).status_code == 302
    response = client.post(action, request_data(place, email="second@example.org"))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    refused = BeautifulSoup(response.content.decode(), "html.parser")
    assert refused.select_one(".mentor-profile > p > a").get_text(strip=True) == f"← {ru('Back to the matches')}"
    assert MentoringRequest.objects.count() == 1


def test_a_mentor_who_filled_up_says_so_instead_of_the_form(client, registry, mentor, place, maths):
    link = request_link(client)
    MentorProfile.objects.filter(pk=mentor.pk).update(active_mentees=1)
    profile = page(client, link)
    assert profile.select_one("form.request-form") is None
    assert ru("This mentor has no free places now. Look for another mentor in the registry.") in str(profile)
    # And the matches no longer offer the mentor at all (only mentors with free places are ranked).
    html = client.get(f"{MATCH}?{NEEDS}").content.decode()
    assert ru("Send a request") not in html


def test_the_profile_from_a_match_costs_a_fixed_number_of_queries(client, count_queries, registry, mentor, maths):
    plain = count_queries(f"/ru/mentors/{mentor.slug}/")
    # The match form's municipality and subject, looked up by their slugs.
    assert count_queries(f"/ru/mentors/{mentor.slug}/?{urlencode({'match': NEEDS})}") == plain + 2
