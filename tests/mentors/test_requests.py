"""The rules of mentoring requests as services, without HTTP: states, links, capacity, e-mails, the form."""

import threading
import time
from datetime import timedelta
from unittest import mock

from django.contrib.auth.models import AnonymousUser
from django.core import mail, signing
from django.core.cache import cache
from django.db import connection, connections
from django.test import RequestFactory
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from mentors.models import MentoringRequest, MentorProfile, RequestStatus
from mentors.requests import services as mentoring
from mentors.requests import tasks as request_tasks
from mentors.requests.forms import MESSAGE_MAX_LENGTH, MentoringRequestForm
from tests.assessments.xss import assert_harmless
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

SCHOOL_EMAIL = "director@school3.example.org"
SCHOOL_PHONE = "+7 (843) 200-30-40"
MENTOR_EMAIL = "mentor.own@example.org"
DAY = 24 * 60 * 60


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def place(db):
    return MunicipalityFactory(name="Казань", slug="kazan")


@pytest.fixture
def mentor(make_mentor, place):
    profile = make_mentor(
        display_name="Галиева Гульнара", formats=["adaptive", "accompanying"], capacity=2, organisation="Лицей № 5"
    )
    profile.user.email = MENTOR_EMAIL
    profile.user.save()
    return profile


def fields(place, **overrides):
    return {
        "school": "МБОУ «Школа № 3»",
        "municipality": place,
        "contact_name": "Петрова Полина",
        "email": SCHOOL_EMAIL,
        "phone": SCHOOL_PHONE,
        "mentee_position": "teacher",
        "desired_format": "adaptive",
        "message": "<p>Нужен наставник учителю химии.</p>",
    } | overrides


def pending(mentor, place, **overrides):
    return MentoringRequest.objects.create(profile=mentor, status=RequestStatus.PENDING, **fields(place, **overrides))


def token_signed_ago(mentoring_request, seconds: int) -> str:
    with mock.patch("django.core.signing.time.time", return_value=time.time() - seconds):
        return mentoring.confirmation_token(mentoring_request)


# Sending and confirming


def test_a_new_request_waits_unconfirmed_and_unseen(mentor, place):
    created = mentoring.create_request(mentor, **fields(place))
    assert created.status == RequestStatus.UNCONFIRMED and created.confirmed_at is None
    assert not MentoringRequest.objects.for_mentor(mentor.user).exists()


def test_a_mentor_without_free_places_refuses_new_requests(mentor, place):
    MentorProfile.objects.filter(pk=mentor.pk).update(active_mentees=2)
    mentor.refresh_from_db()
    with pytest.raises(mentoring.RequestRefused):
        mentoring.create_request(mentor, **fields(place))
    assert not MentoringRequest.objects.exists()


def test_a_valid_link_confirms_once(mentor, place):
    created = mentoring.create_request(mentor, **fields(place))
    token = mentoring.confirmation_token(created)
    confirmed, now = mentoring.confirm_request(token)
    assert now and confirmed.status == RequestStatus.PENDING and confirmed.confirmed_at
    again, now = mentoring.confirm_request(token)
    assert not now and again.confirmed_at == confirmed.confirmed_at
    assert list(MentoringRequest.objects.for_mentor(mentor.user)) == [created]


@pytest.mark.parametrize(
    "make_token",
    [
        lambda pk: signing.dumps(pk, salt=mentoring.CONFIRM_SALT) + "x",  # tampered signature
        lambda pk: signing.dumps(pk + 1, salt=mentoring.CONFIRM_SALT)[:-3] + "abc",
        lambda pk: signing.dumps(pk, salt="mentors.something.else"),  # signed for another purpose
        lambda pk: signing.dumps(pk + 1000, salt=mentoring.CONFIRM_SALT),  # no such request (purged)
        lambda pk: "not-a-token",
        lambda pk: "",
    ],
)
def test_a_bad_link_is_invalid_and_confirms_nothing(mentor, place, make_token):
    created = mentoring.create_request(mentor, **fields(place))
    with pytest.raises(mentoring.LinkInvalid):
        mentoring.confirm_request(make_token(created.pk))
    created.refresh_from_db()
    assert created.status == RequestStatus.UNCONFIRMED


def test_a_link_expires_after_the_configured_days(mentor, place, mentor_lms_settings):
    mentor_lms_settings(MENTORING_REQUEST_CONFIRM_DAYS=3)
    created = mentoring.create_request(mentor, **fields(place))
    with pytest.raises(mentoring.LinkExpired) as expired:
        mentoring.confirm_request(token_signed_ago(created, 3 * DAY + 60))
    assert expired.value.profile == mentor  # to send the request again
    created.refresh_from_db()
    assert created.status == RequestStatus.UNCONFIRMED
    assert not MentoringRequest.objects.for_mentor(mentor.user).exists()
    _confirmed, now = mentoring.confirm_request(token_signed_ago(created, 3 * DAY - 60))
    assert now


def test_an_expired_link_names_no_unlisted_mentor(mentor, place):
    created = mentoring.create_request(mentor, **fields(place))
    MentorProfile.objects.filter(pk=mentor.pk).update(is_listed=False)
    with pytest.raises(mentoring.LinkExpired) as expired:
        mentoring.confirm_request(token_signed_ago(created, 30 * DAY))
    assert expired.value.profile is None


def test_purging_forgets_only_old_unconfirmed_requests(mentor, place):
    old = mentoring.create_request(mentor, **fields(place))
    fresh = mentoring.create_request(mentor, **fields(place))
    confirmed_long_ago = pending(mentor, place)
    long_ago = timezone.now() - timedelta(days=10)
    MentoringRequest.objects.filter(pk__in=[old.pk, confirmed_long_ago.pk]).update(created_at=long_ago)
    assert mentoring.purge_unconfirmed() == 1
    assert set(MentoringRequest.objects.all()) == {fresh, confirmed_long_ago}
    assert mentoring.purge_unconfirmed(older_than=timedelta(0)) == 1
    assert list(MentoringRequest.objects.all()) == [confirmed_long_ago]


# Answering


def test_accepting_takes_a_place_and_closing_frees_it(mentor, place):
    accepted = mentoring.accept_request(pending(mentor, place))
    assert accepted.status == RequestStatus.ACCEPTED and accepted.decided_at
    mentor.refresh_from_db()
    assert mentor.active_mentees == 1 and mentor.free_places == 1 and mentor.available
    closed = mentoring.close_request(accepted)
    assert closed.status == RequestStatus.CLOSED
    mentor.refresh_from_db()
    assert mentor.active_mentees == 0 and mentor.free_places == 2


def test_accepting_beyond_the_capacity_is_refused(mentor, place):
    first, second, third = (pending(mentor, place, school=f"Школа {n}") for n in range(3))
    mentoring.accept_request(first)
    mentoring.accept_request(second)
    with pytest.raises(mentoring.RequestRefused):
        mentoring.accept_request(third)
    third.refresh_from_db()
    mentor.refresh_from_db()
    assert third.status == RequestStatus.PENDING
    assert mentor.active_mentees == 2 and not mentor.available
    assert not MentorProfile.objects.available().filter(pk=mentor.pk).exists()
    mentoring.close_request(first)
    assert mentoring.accept_request(third).status == RequestStatus.ACCEPTED


def test_a_stale_copy_cannot_accept_twice(mentor, place):
    request = pending(mentor, place)
    stale = MentoringRequest.objects.get(pk=request.pk)
    mentoring.accept_request(request)
    with pytest.raises(mentoring.RequestRefused):
        mentoring.accept_request(stale)
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 1


def test_declining_keeps_the_place_and_the_reason(mentor, place):
    declined = mentoring.decline_request(pending(mentor, place), "  Все места заняты до осени.  ")
    assert declined.status == RequestStatus.DECLINED and declined.decline_reason == "Все места заняты до осени."
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 0


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (RequestStatus.UNCONFIRMED, mentoring.accept_request),
        (RequestStatus.DECLINED, mentoring.accept_request),
        (RequestStatus.ACCEPTED, mentoring.decline_request),
        (RequestStatus.CLOSED, mentoring.decline_request),
        (RequestStatus.PENDING, mentoring.close_request),
        (RequestStatus.DECLINED, mentoring.close_request),
    ],
)
def test_each_answer_only_from_its_own_state(mentor, place, status, action):
    request = pending(mentor, place)
    MentoringRequest.objects.filter(pk=request.pk).update(status=status)
    request.refresh_from_db()
    with pytest.raises(mentoring.RequestRefused):
        action(request)
    request.refresh_from_db()
    assert request.status == status


def test_a_mentor_sees_only_confirmed_requests_to_their_own_profile(mentor, make_mentor, place):
    own = pending(mentor, place)
    mentoring.create_request(mentor, **fields(place))  # unconfirmed
    pending(make_mentor(), place)  # someone else's
    assert list(MentoringRequest.objects.for_mentor(mentor.user)) == [own]
    assert not MentoringRequest.objects.for_mentor(UserFactory()).exists()
    assert not MentoringRequest.objects.for_mentor(AnonymousUser()).exists()


# Limits


def test_the_counters_count_per_address_and_per_lowercased_email(mentor_lms_settings):
    mentor_lms_settings(MENTORING_REQUESTS_PER_ADDRESS=5, MENTORING_REQUESTS_PER_EMAIL=2)
    http = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1")
    address, email = mentoring.request_counters(http, " School@Example.org ")
    assert (address.limit, address.window) == (5, 60 * 60)  # an hour by default
    assert (email.limit, email.window) == (2, DAY)  # three a day to one mailbox by default
    assert email.source == "school@example.org"
    assert [counter.scope for counter in mentoring.request_counters(http, "")] == ["mentoring-request-address"]


# E-mails (the tasks run at once in tests)


def test_the_sender_gets_the_link_and_nothing_of_the_mentor(mentor, place):
    created = mentoring.create_request(mentor, **fields(place))
    request_tasks.send_confirmation_link.enqueue(request_id=created.pk, link="https://lms.example/confirm/")
    [letter] = mail.outbox
    assert letter.to == [SCHOOL_EMAIL]
    assert "https://lms.example/confirm/" in letter.body and MENTOR_EMAIL not in letter.body


def test_the_mentor_hears_of_a_request_without_the_senders_contact(mentor, place):
    request = pending(mentor, place)
    request_tasks.notify_mentor.enqueue(request_id=request.pk, dashboard_url="https://lms.example/ru/dashboard/")
    [letter] = mail.outbox
    assert letter.to == [MENTOR_EMAIL]
    for detail in ("Школа № 3", "Казань", "химии", "https://lms.example/ru/dashboard/"):
        assert detail in letter.body
    for contact in (SCHOOL_EMAIL, SCHOOL_PHONE, "Петрова", "200-30-40"):
        assert contact not in letter.body and contact not in letter.subject


def test_acceptance_gives_each_side_the_others_contact(mentor, place):
    request = mentoring.accept_request(pending(mentor, place))
    request_tasks.exchange_contacts.enqueue(request_id=request.pk)
    to_school = next(letter for letter in mail.outbox if letter.to == [SCHOOL_EMAIL])
    to_mentor = next(letter for letter in mail.outbox if letter.to == [MENTOR_EMAIL])
    for detail in ("Галиева Гульнара", MENTOR_EMAIL, "Лицей № 5"):
        assert detail in to_school.body
    for detail in ("Петрова Полина", SCHOOL_EMAIL, SCHOOL_PHONE):
        assert detail in to_mentor.body


def test_a_declined_school_gets_a_polite_letter_without_the_mentors_contact(mentor, place):
    request = mentoring.decline_request(pending(mentor, place), "Уезжаю на стажировку.")
    request_tasks.notify_declined.enqueue(request_id=request.pk)
    [letter] = mail.outbox
    assert letter.to == [SCHOOL_EMAIL] and "Уезжаю на стажировку." in letter.body
    assert MENTOR_EMAIL not in letter.body


def test_plain_text_letters_show_the_message_as_written(mentor, place):
    form = MentoringRequestForm(
        {**form_data(place), "message": 'Учитель & ученик: "5 класс", 2 < 3\n\nВторой абзац'}, profile=mentor
    )
    assert form.is_valid(), form.errors
    request = pending(mentor, place, message=form.cleaned_data["message"])
    request_tasks.notify_mentor.enqueue(request_id=request.pk, dashboard_url="https://lms.example/")
    [letter] = mail.outbox
    assert 'Учитель & ученик: "5 класс", 2 < 3' in letter.body
    assert "&amp;" not in letter.body and "&quot;" not in letter.body and "<p>" not in letter.body


def test_a_vanished_request_sends_nothing():
    request_tasks.notify_mentor.enqueue(request_id=987654, dashboard_url="https://lms.example/")
    request_tasks.exchange_contacts.enqueue(request_id=987654)
    assert mail.outbox == []


# The form


def form_data(place, **overrides):
    return {
        "school": "МБОУ «Школа № 3»",
        "municipality": str(place.pk),
        "contact_name": "Петрова Полина",
        "email": SCHOOL_EMAIL,
        "phone": SCHOOL_PHONE,
        "mentee_position": "teacher",
        "desired_format": "adaptive",
        "message": "Нужен наставник учителю химии.",
        "consent": "on",
        "website": "",
    } | overrides


def test_the_formats_offered_limit_the_choice(mentor, make_mentor, place):
    offered = [code for code, _label in MentoringRequestForm(profile=mentor).fields["desired_format"].choices if code]
    assert offered == ["adaptive", "accompanying"]
    everything = MentoringRequestForm(profile=make_mentor()).fields["desired_format"].choices
    assert {code for code, _label in everything if code} == {
        "adaptive",
        "accompanying",
        "developmental",
        "reverse",
        "expert",
    }


def test_municipalities_are_ordered_by_name(mentor, place):
    MunicipalityFactory(name="Арск", slug="arsk")
    MunicipalityFactory(name="Заинск", slug="zainsk")
    names = [m.name for m in MentoringRequestForm(profile=mentor).fields["municipality"].queryset]
    assert names == sorted(names)


@pytest.mark.parametrize(
    ("phone", "valid"),
    [
        ("", True),
        ("+7 843 123-45-67", True),
        ("8 (843) 123 45 67", True),
        ("12345", True),
        ("1234", False),
        ("+7 843 123-45-67 доб. 5", False),
        ("call me", False),
        ("1" * 21, False),
        ("+-()  ", False),
    ],
)
def test_phone_numbers_are_checked(mentor, place, phone, valid):
    form = MentoringRequestForm(form_data(place, phone=phone), profile=mentor)
    assert form.is_valid() is valid, form.errors


def test_the_message_is_sanitised_and_its_text_kept(mentor, place):
    form = MentoringRequestForm(
        form_data(place, message="Первая строка\nвторая <script>alert(1)</script><b onclick=x()>жирно</b>"),
        profile=mentor,
    )
    assert form.is_valid(), form.errors
    message = form.cleaned_data["message"]
    assert {tag.name for tag in BeautifulSoup(message, "html.parser").find_all(True)} == {"p", "br"}
    assert "Первая строка<br>вторая &lt;script&gt;alert(1)&lt;/script&gt;" in message  # kept, as text
    assert_harmless(message)


def test_the_message_has_a_limit_and_may_not_be_empty(mentor, place):
    assert MentoringRequestForm(form_data(place, message="я" * MESSAGE_MAX_LENGTH), profile=mentor).is_valid()
    for message in ("я" * (MESSAGE_MAX_LENGTH + 1), "   ", " \n\n "):
        form = MentoringRequestForm(form_data(place, message=message), profile=mentor)
        assert not form.is_valid() and "message" in form.errors


def test_consent_is_required_and_the_honeypot_marks_spam(mentor, place):
    assert "consent" in MentoringRequestForm(form_data(place, consent=""), profile=mentor).errors
    spam = MentoringRequestForm(form_data(place, website="https://spam.example"), profile=mentor)
    assert spam.is_valid() and spam.is_spam
    human = MentoringRequestForm(form_data(place), profile=mentor)
    assert human.is_valid() and not human.is_spam


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_acceptances_at_once_cannot_exceed_the_capacity(make_mentor, place):
    profile = make_mentor(capacity=1)
    requests = [pending(profile, place, school=f"Школа {n}") for n in range(2)]
    start = threading.Barrier(len(requests))
    outcomes = []

    def accept(request):
        try:
            start.wait()
            mentoring.accept_request(request)
            outcomes.append("accepted")
        except mentoring.RequestRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "refused"]
    assert MentoringRequest.objects.filter(status=RequestStatus.ACCEPTED).count() == 1
    assert MentorProfile.objects.get(pk=profile.pk).active_mentees == 1
