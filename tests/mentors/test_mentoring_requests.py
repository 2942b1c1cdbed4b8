"""Mentoring requests: confirm by e-mail, accept (contacts exchanged), decline, close, expiry, limits, privacy."""

import re

from django.core import mail, signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

import pytest

from mentors.models import MentoringRequest, MentorProfile, RequestStatus
from mentors.requests import services as mentoring
from tests.assessments.xss import XSS_VECTORS, assert_harmless
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

SCHOOL_EMAIL = "director@school12.example.org"
SCHOOL_PHONE = "+7 843 555-12-34"
MENTOR_EMAIL = "mentor.private@mentors.example.org"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Казань", slug="kazan")


@pytest.fixture
def mentor(registry, make_mentor, municipality):
    profile = make_mentor(display_name="Абрамова Анна", formats=["adaptive", "reverse"], capacity=2)
    profile.user.email = MENTOR_EMAIL
    profile.user.save()
    return profile


def stored_request(mentor, place, status=RequestStatus.PENDING, **overrides) -> MentoringRequest:
    """A request as if sent and (unless ``status`` says otherwise) confirmed."""
    fields = {
        "school": "Школа",
        "contact_name": "И",
        "email": "s@example.org",
        "mentee_position": "teacher",
        "desired_format": "adaptive",
        "message": "<p>Текст</p>",
    }
    return MentoringRequest.objects.create(profile=mentor, municipality=place, status=status, **fields | overrides)


def profile_url(registry, mentor):
    return f"{registry.url}{mentor.slug}/"


def form_data(place, **overrides):
    return {
        "school": "МБОУ «Школа № 12»",
        "municipality": place.pk,
        "contact_name": "Иванова Ирина",
        "email": SCHOOL_EMAIL,
        "phone": SCHOOL_PHONE,
        "mentee_position": "teacher",
        "desired_format": "adaptive",
        "message": "Молодому учителю математики нужен наставник.",
        "consent": "on",
        "website": "",
    } | overrides


def confirm_link() -> str:
    [letter] = [m for m in mail.outbox if SCHOOL_EMAIL in m.to]
    return re.search(r"https?://\S+/confirm/", letter.body).group(0)


def send(client, registry, mentor, place, **overrides):
    return client.post(profile_url(registry, mentor), form_data(place, **overrides))


def test_a_request_waits_for_the_senders_confirmation(client, registry, mentor, municipality):
    response = send(client, registry, mentor, municipality)
    assert response.status_code == 302
    request = MentoringRequest.objects.get()
    assert request.status == RequestStatus.UNCONFIRMED
    assert [m.to for m in mail.outbox] == [[SCHOOL_EMAIL]]  # the mentor hears nothing yet
    assert not MentoringRequest.objects.for_mentor(mentor.user).exists()

    page = client.get(confirm_link())
    assert page.status_code == 200
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING and request.confirmed_at
    [to_mentor] = [m for m in mail.outbox if MENTOR_EMAIL in m.to]
    assert SCHOOL_EMAIL not in to_mentor.body and SCHOOL_PHONE not in to_mentor.body
    assert "Школа № 12" in to_mentor.body

    # A second click changes nothing and writes to nobody.
    assert client.get(confirm_link()).status_code == 200
    assert len([m for m in mail.outbox if MENTOR_EMAIL in m.to]) == 1


def test_tampered_and_expired_links(client, registry, mentor, municipality, mentor_lms_settings):
    send(client, registry, mentor, municipality)
    link = confirm_link()
    assert client.get(link.replace("/confirm/", "x/confirm/")).status_code == 404
    request = MentoringRequest.objects.get()
    mentor_lms_settings(MENTORING_REQUEST_CONFIRM_DAYS=0)  # every link is older than its lifetime now
    response = client.get(link)
    assert response.status_code == 410
    request.refresh_from_db()
    assert request.status == RequestStatus.UNCONFIRMED
    assert not MentoringRequest.objects.for_mentor(mentor.user).exists()
    other = signing.dumps(request.pk, salt="another.purpose")
    assert client.get(link.replace(link.split("/")[-3], other)).status_code == 404


def test_accepting_exchanges_contacts_and_takes_a_place(client, registry, mentor, municipality):
    send(client, registry, mentor, municipality)
    client.get(confirm_link())
    request = MentoringRequest.objects.get()
    mail.outbox.clear()
    client.force_login(mentor.user)
    dashboard = client.get("/ru/dashboard/").content.decode()
    assert "Школа № 12" in dashboard and SCHOOL_EMAIL not in dashboard  # not before accepting

    assert client.post(reverse("mentors:request_accept", args=[request.pk])).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    to_school = next(m for m in mail.outbox if m.to == [SCHOOL_EMAIL])
    to_mentor = next(m for m in mail.outbox if m.to == [MENTOR_EMAIL])
    assert MENTOR_EMAIL in to_school.body
    assert SCHOOL_EMAIL in to_mentor.body and SCHOOL_PHONE in to_mentor.body
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 1
    assert SCHOOL_EMAIL in client.get("/ru/dashboard/").content.decode()  # now it is the mentor's to see

    client.post(reverse("mentors:request_close", args=[request.pk]))
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 0


def test_declining_tells_the_school_without_the_mentors_contact(client, registry, mentor, municipality):
    send(client, registry, mentor, municipality)
    client.get(confirm_link())
    request = MentoringRequest.objects.get()
    mail.outbox.clear()
    client.force_login(mentor.user)
    client.post(reverse("mentors:request_decline", args=[request.pk]), {"reason": "Все места заняты до лета."})
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    [letter] = mail.outbox
    assert letter.to == [SCHOOL_EMAIL] and MENTOR_EMAIL not in letter.body and "до лета" in letter.body
    client.post(reverse("mentors:request_accept", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED  # answered once


def test_capacity_is_never_exceeded(registry, mentor, municipality):
    requests = [stored_request(mentor, municipality, school=f"Школа {n}", email=f"s{n}@example.org") for n in range(3)]
    mentoring.accept_request(requests[0])
    mentoring.accept_request(requests[1])
    with pytest.raises(mentoring.RequestRefused):
        mentoring.accept_request(requests[2])
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 2
    assert not MentorProfile.objects.get(pk=mentor.pk).available


def test_a_full_mentor_takes_no_new_requests(client, registry, mentor, municipality):
    mentor.active_mentees = mentor.capacity
    mentor.save()
    page = client.get(profile_url(registry, mentor)).content.decode()
    assert 'name="school"' not in page
    response = send(client, registry, mentor, municipality)
    assert response.status_code == 400
    assert not MentoringRequest.objects.exists()


def test_someone_elses_request_is_not_found_and_get_is_refused(client, registry, mentor, municipality):
    request = stored_request(mentor, municipality)
    url = reverse("mentors:request_accept", args=[request.pk])
    assert client.post(url).status_code == 302 and "login" in client.post(url)["Location"]
    client.force_login(UserFactory())
    assert client.post(url).status_code == 404
    client.force_login(mentor.user)
    assert client.get(url).status_code == 405
    unconfirmed = stored_request(mentor, municipality, status=RequestStatus.UNCONFIRMED)
    assert client.post(reverse("mentors:request_accept", args=[unconfirmed.pk])).status_code == 404


def test_the_honeypot_stores_and_sends_nothing(client, registry, mentor, municipality):
    response = send(client, registry, mentor, municipality, website="http://spam.example")
    assert response.status_code == 302
    assert not MentoringRequest.objects.exists() and mail.outbox == []


def test_rate_limits_per_address_and_per_email(client, registry, mentor, municipality, mentor_lms_settings):
    mentor_lms_settings(MENTORING_REQUESTS_PER_EMAIL=2, MENTORING_REQUESTS_PER_ADDRESS=10)
    for _ in range(2):
        assert send(client, registry, mentor, municipality).status_code == 302
    blocked = send(client, registry, mentor, municipality)
    assert blocked.status_code == 429 and blocked["Retry-After"]
    assert MentoringRequest.objects.count() == 2
    assert send(client, registry, mentor, municipality, email="other@example.org").status_code == 302

    cache.clear()
    mentor_lms_settings(MENTORING_REQUESTS_PER_ADDRESS=1)
    assert send(client, registry, mentor, municipality, email="a@example.org").status_code == 302
    assert send(client, registry, mentor, municipality, email="b@example.org").status_code == 429


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"consent": ""}, "consent"),
        ({"desired_format": "expert"}, "desired_format"),  # not offered by this mentor
        ({"message": "я" * 7000}, "message"),
        ({"municipality": "999999"}, "municipality"),
        ({"school": ""}, "school"),
    ],
)
def test_invalid_requests_are_form_errors_and_store_nothing(client, registry, mentor, municipality, overrides, field):
    response = send(client, registry, mentor, municipality, **overrides)
    assert response.status_code == 400
    assert field in response.context["request_form"].errors
    assert not MentoringRequest.objects.exists()


def test_a_10_mb_request_is_refused_whole(client, registry, mentor, municipality):
    response = send(client, registry, mentor, municipality, message="я" * 10_000_000)
    assert response.status_code == 400
    assert not MentoringRequest.objects.exists()


def test_a_message_is_cleaned_of_scripts(client, registry, mentor, municipality):
    for number, vector in enumerate(XSS_VECTORS):
        cache.clear()
        send(client, registry, mentor, municipality, message=f"Текст {vector}", email=f"s{number}@example.org")
    client.force_login(mentor.user)
    MentoringRequest.objects.update(status=RequestStatus.PENDING)
    assert_harmless(client.get("/ru/dashboard/").content.decode())


def test_no_contact_on_the_public_pages_of_the_flow(client, registry, mentor, municipality):
    response = send(client, registry, mentor, municipality)
    profile_page = client.get(response["Location"]).content.decode()
    confirmed = client.get(confirm_link()).content.decode()
    for html in (profile_page, confirmed):
        assert MENTOR_EMAIL not in html and SCHOOL_PHONE not in html


def test_the_request_panel_queries_do_not_grow(client, registry, mentor, municipality):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(count):
        for n in range(count):
            stored_request(mentor, municipality, school=f"Школа {n}")

    def queries():
        client.get("/ru/dashboard/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/ru/dashboard/")
        return len(captured)

    client.force_login(mentor.user)
    make(1)
    one = queries()
    make(5)
    assert queries() == one


def test_expired_unconfirmed_requests_are_purged(registry, mentor, municipality):
    from django.utils import timezone

    old = stored_request(mentor, municipality, status=RequestStatus.UNCONFIRMED)
    MentoringRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=10))
    assert mentoring.purge_unconfirmed() == 1
    assert not MentoringRequest.objects.exists()


def test_the_success_message_is_in_russian(client, registry, mentor, municipality):
    response = send(client, registry, mentor, municipality)
    page = client.get(response["Location"]).content.decode()
    with translation.override("ru"):
        expected = translation.gettext(
            "Almost done: we have sent a link to %(email)s. The mentor receives the request once you follow it."
        ) % {"email": SCHOOL_EMAIL}
    assert expected in page


def test_the_dashboard_forms_carry_a_csrf_token(registry, mentor, municipality):
    """The panels render outside the page's context; without the token the accept button was refused (403)."""
    from django.test import Client

    request = stored_request(mentor, municipality)
    client = Client(enforce_csrf_checks=True)
    client.force_login(mentor.user)
    html = client.get("/ru/dashboard/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(reverse("mentors:request_accept", args=[request.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
