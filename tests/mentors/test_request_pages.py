"""The pages of mentoring requests: the form on a profile, the confirmation pages and the mentor's dashboard panel."""

import re

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest
from bs4 import BeautifulSoup

from mentors.models import MentoringRequest, MentorProfile, RequestStatus
from mentors.requests import services as mentoring
from mentors.requests.dashboard import request_panels
from tests.factories import UserFactory
from tests.mentors.helpers import CONTACTS, SCHOOL_EMAIL, pending, profile_url, request_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def confirm_link() -> str:
    [letter] = [letter for letter in mail.outbox if letter.to == [SCHOOL_EMAIL]]
    return re.search(r"https?://\S+/confirm/", letter.body).group(0)


def ru(text: str, **values) -> str:
    with translation.override("ru"):
        return translation.gettext(text) % values if values else translation.gettext(text)


# The form


def test_the_form_posts_to_the_profile_with_consent_and_a_hidden_trap(client, registry, mentor):
    html = client.get(profile_url(registry, mentor)).content.decode()
    form = BeautifulSoup(html, "html.parser").select_one("form.request-form")
    assert form["method"] == "post" and form["action"] == profile_url(registry, mentor)
    assert form.select_one("input[name=csrfmiddlewaretoken]")
    consent = form.select_one("input[name=consent]")
    assert consent["type"] == "checkbox" and consent.has_attr("required")
    trap = form.select_one("input[name=website]")
    assert trap.find_parent(attrs={"aria-hidden": "true"}) and trap["tabindex"] == "-1"
    assert [o["value"] for o in form.select("select[name=desired_format] option") if o["value"]] == ["developmental"]


def test_an_unlisted_profile_takes_no_request(client, registry, mentor, place):
    MentorProfile.objects.filter(pk=mentor.pk).update(is_listed=False)
    assert client.post(profile_url(registry, mentor), request_data(place)).status_code == 404
    assert not MentoringRequest.objects.exists() and mail.outbox == []


def test_a_mentor_who_filled_up_meanwhile_refuses_with_a_message(client, registry, mentor, place):
    MentorProfile.objects.filter(pk=mentor.pk).update(active_mentees=1)
    response = client.post(profile_url(registry, mentor), request_data(place))
    assert response.status_code == 400
    assert ru("This mentor has no free places now.") in response.content.decode()
    assert not MentoringRequest.objects.exists() and mail.outbox == []


def test_invalid_input_is_shown_with_the_errors(client, registry, mentor, place):
    response = client.post(profile_url(registry, mentor), request_data(place, phone="звоните", consent="", message=""))
    assert response.status_code == 400
    errors = response.context["request_form"].errors
    assert {"phone", "consent", "message"} <= set(errors)
    assert ru("The request cannot be sent without this consent.") in response.content.decode()
    assert not MentoringRequest.objects.exists()


def test_a_long_message_of_special_characters_is_measured_as_typed(client, registry, mentor, place):
    assert client.post(profile_url(registry, mentor), request_data(place, message="&<" * 1500)).status_code == 302
    assert MentoringRequest.objects.get().message.startswith("<p>&amp;&lt;&amp;&lt;")


def test_the_limit_answers_429_with_the_form_and_stores_nothing(client, registry, mentor, place, mentor_lms_settings):
    mentor_lms_settings(MENTORING_REQUESTS_PER_ADDRESS=2)
    for number in range(2):
        assert (
            client.post(profile_url(registry, mentor), request_data(place, email=f"s{number}@example.org")).status_code
            == 302
        )
    response = client.post(profile_url(registry, mentor), request_data(place, email="third@example.org"))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response.context["request_form"].non_field_errors()
    assert 'name="school"' in response.content.decode()
    assert MentoringRequest.objects.count() == 2
    assert not MentoringRequest.objects.filter(email="third@example.org").exists()
    assert not any(letter.to == ["third@example.org"] for letter in mail.outbox)


def test_a_bot_sees_the_same_answer_as_a_person(client, registry, mentor, place):
    human = client.post(profile_url(registry, mentor), request_data(place), follow=True)
    cache.clear()
    bot = Client().post(profile_url(registry, mentor), request_data(place, website="http://spam.example"), follow=True)
    assert bot.redirect_chain == human.redirect_chain
    assert [str(m) for m in bot.context["messages"]] == [str(m) for m in human.context["messages"]]
    assert MentoringRequest.objects.count() == 1 and len(mail.outbox) == 1


# Confirmation pages


def test_the_pages_of_the_flow_show_no_contact_to_others(client, registry, mentor, place):
    client.post(
        profile_url(registry, mentor), request_data(place), follow=True
    )  # the sender's own address is said once, to them
    confirmed = client.get(confirm_link())
    assert confirmed.status_code == 200
    mentoring.accept_request(MentoringRequest.objects.get())
    pages = [
        confirmed,
        client.get(confirm_link()),
        Client().get(profile_url(registry, mentor)),
        Client().get(registry.url),
    ]
    for response in pages:
        html = response.content.decode()
        for contact in CONTACTS:
            assert contact not in html


def test_an_expired_link_says_how_to_send_again(client, registry, mentor, place, mentor_lms_settings):
    client.post(profile_url(registry, mentor), request_data(place), follow=True)
    link = confirm_link()
    mentor_lms_settings(MENTORING_REQUEST_CONFIRM_DAYS=0)
    response = client.get(link)
    assert response.status_code == 410
    html = response.content.decode()
    assert ru("The link has expired") in html and f'href="{registry.url}"' in html
    assert f'href="{profile_url(registry, mentor)}"' in html  # straight back to the mentor, to send it again
    assert not any(contact in html for contact in CONTACTS)
    assert MentoringRequest.objects.get().status == RequestStatus.UNCONFIRMED


@pytest.mark.parametrize("token", ["abc", "1:2:3", "x" * 500, "%00", "..%2F..%2F"])
def test_a_bad_link_is_not_found(client, registry, token):
    assert client.get(f"/ru/mentoring-requests/{token}/confirm/").status_code == 404


# The mentor's side


def test_accepting_without_a_free_place_explains_and_changes_nothing(client, registry, mentor, place):
    mentoring.accept_request(pending(mentor, place, school="Первая школа"))
    second = pending(mentor, place, school="Вторая школа")
    mail.outbox.clear()
    client.force_login(mentor.user)
    response = client.post(reverse("mentors:request_accept", args=[second.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    expected = ru("All your places are taken. Close a finished mentoring first, or decline.")
    assert expected in [str(m) for m in response.context["messages"]]
    second.refresh_from_db()
    assert second.status == RequestStatus.PENDING and mail.outbox == []


def test_closing_is_only_for_accepted_requests(client, registry, mentor, place):
    waiting = pending(mentor, place)
    client.force_login(mentor.user)
    response = client.post(reverse("mentors:request_close", args=[waiting.pk]), follow=True)
    assert ru("This request has already been answered.") in [str(m) for m in response.context["messages"]]
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.PENDING


@pytest.mark.parametrize("name", ["request_accept", "request_decline", "request_close"])
def test_the_answers_are_post_only_and_for_the_owner(client, registry, mentor, place, name):
    request = pending(mentor, place)
    target = reverse(f"mentors:{name}", args=[request.pk])
    client.force_login(mentor.user)
    assert client.get(target).status_code == 405
    client.force_login(UserFactory())
    assert client.post(target).status_code == 404
    assert client.post(reverse(f"mentors:{name}", args=[987654])).status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_the_panel_lists_waiting_first_and_contacts_only_once_accepted(client, registry, mentor, place):
    MentorProfile.objects.filter(pk=mentor.pk).update(capacity=3)
    accepted = mentoring.accept_request(pending(mentor, place, school="Школа принятая", email="a@example.org"))
    pending(mentor, place, school="Школа ждущая", email="w@example.org", phone="+7 000 111-22-33")
    mentoring.decline_request(pending(mentor, place, school="Школа отклонённая", email="d@example.org"))
    pending(mentor, place, school="Школа неподтверждённая", status=RequestStatus.UNCONFIRMED)
    client.force_login(mentor.user)
    page = BeautifulSoup(client.get("/ru/dashboard/").content.decode(), "html.parser")
    section = page.select_one("section[aria-labelledby=requests-heading]")
    cards = [card.h3.get_text(" ", strip=True) for card in section.select(".request-card")]
    assert [title.split(" (")[0] for title in cards] == ["Школа ждущая", "Школа принятая"]
    text = section.get_text(" ", strip=True)
    assert "a@example.org" in text and "w@example.org" not in text and "111-22-33" not in text
    assert "d@example.org" not in text and "Школа отклонённая" in text and "неподтверждённая" not in text
    with translation.override("ru"):
        places = translation.ngettext(
            "%(places)s free place of %(capacity)s.", "%(places)s free places of %(capacity)s.", 2
        ) % {"places": 2, "capacity": 3}
    assert places in text
    assert section.select_one(f"form[action='{reverse('mentors:request_close', args=[accepted.pk])}']")


def test_a_waiting_request_is_never_pushed_out_by_answered_ones(client, registry, mentor, place):
    waiting = pending(mentor, place, school="Давняя школа")
    MentoringRequest.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timezone.timedelta(days=30))
    MentoringRequest.objects.bulk_create(
        MentoringRequest(
            profile=mentor,
            school=f"Школа {number}",
            municipality=place,
            contact_name="И",
            email="x@example.org",
            mentee_position="teacher",
            desired_format="developmental",
            message="<p>Текст</p>",
            status=RequestStatus.DECLINED,
            decided_at=timezone.now(),
        )
        for number in range(120)
    )
    client.force_login(mentor.user)
    page = BeautifulSoup(client.get("/ru/dashboard/").content.decode(), "html.parser")
    section = page.select_one("section[aria-labelledby=requests-heading]")
    assert [card.h3.get_text(" ", strip=True).split(" (")[0] for card in section.select(".request-card")] == [
        "Давняя школа"
    ]
    assert len(section.select("ul:not(.request-list) > li")) == 10  # the latest answered only


def test_the_panel_queries_do_not_grow_with_requests_of_every_kind(client, registry, mentor, place):
    MentorProfile.objects.filter(pk=mentor.pk).update(capacity=10)

    def make(count):
        for number in range(count):
            request = pending(mentor, place, school=f"Школа {number}")
            if number % 3 == 1:
                mentoring.accept_request(request)
            elif number % 3 == 2:
                mentoring.decline_request(request)

    def queries():
        client.get("/ru/dashboard/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ru/dashboard/").status_code == 200
        return len(captured)

    client.force_login(mentor.user)
    make(1)
    one = queries()
    make(5)
    assert queries() == one


def test_no_panel_for_someone_without_a_mentor_profile(registry, mentor):
    http = RequestFactory().get("/ru/dashboard/")
    panels = []
    for user in (UserFactory(), AnonymousUser()):
        http.user = user
        request_panels(http, panels, [])
    assert panels == []
    http.user = mentor.user
    request_panels(http, panels, [])
    assert [panel.template_name for panel in panels] == ["mentors/dashboard/requests.html"]
