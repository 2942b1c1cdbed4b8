"""Mail relay and header safety of mentoring requests (issue 10, finding 10).

The confirmation letter goes to an address anybody may type, so it carries nothing the sender wrote; names that end up
in letters' headers (the mentor's name shown, the sender's name and school) are single lines, refused at input.
"""

from django.core import mail
from django.core.cache import cache

import pytest

from accounts.forms import ProfileForm
from mentors.models import MentorProfile
from mentors.profiles.forms import MentorProfileForm
from mentors.requests import services as mentoring
from mentors.requests import tasks as request_tasks
from mentors.requests.forms import MentoringRequestForm
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

SPAM = "Buy cheap windows at spam.example, call +7 999 000-00-00"
LINE_BREAKS = ["Иванова\r\nBcc: victim@example.org", "Иванова\nИван", "Иванова\rИван", "Иванова\u2028Иван"]
CONTROLS = ["Иванова\x00", "Иванова\x1b[31m", "Иванова\x07", "Иванова\x85Иван", "Иванова\tИван"]


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def place(db):
    return MunicipalityFactory(name="Казань", slug="kazan")


@pytest.fixture
def mentor(make_mentor):
    return make_mentor(display_name="Галиева Гульнара", formats=["adaptive"], capacity=2)


def request_data(place, **overrides):
    return {
        "school": "МБОУ «Школа № 3»",
        "municipality": str(place.pk),
        "contact_name": "Петрова Полина",
        "email": "director@school3.example.org",
        "phone": "",
        "mentee_position": "teacher",
        "desired_format": "adaptive",
        "message": "Нужен наставник учителю химии.",
        "consent": "on",
        "website": "",
    } | overrides


def test_the_confirmation_letter_carries_nothing_the_sender_wrote(mentor, place):
    form = MentoringRequestForm(
        request_data(place, contact_name=SPAM[:120], school=SPAM, message=SPAM * 10), profile=mentor
    )
    assert form.is_valid(), form.errors
    fields = {name: form.cleaned_data[name] for name in form._meta.fields}
    created = mentoring.create_request(mentor, **fields)
    request_tasks.send_confirmation_link.enqueue(request_id=created.pk, link="https://lms.example/confirm/")
    [letter] = mail.outbox
    assert "https://lms.example/confirm/" in letter.body
    for text in ("spam.example", "windows", "999 000"):
        assert text not in letter.body
        assert text not in letter.subject


@pytest.mark.parametrize("value", LINE_BREAKS + CONTROLS)
@pytest.mark.parametrize("field", ["contact_name", "school"])
def test_the_request_form_refuses_names_with_line_breaks_or_control_characters(mentor, place, field, value):
    form = MentoringRequestForm(request_data(place, **{field: value}), profile=mentor)
    assert not form.is_valid()
    assert field in form.errors


def test_the_request_form_takes_ordinary_names(mentor, place):
    form = MentoringRequestForm(
        request_data(place, contact_name="Д'Артаньян-Петрова Анна-Мария", school="МАОУ «Лицей № 40» (г. Казань)"),
        profile=mentor,
    )
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("value", LINE_BREAKS + CONTROLS)
def test_the_mentor_cannot_give_a_name_with_line_breaks_or_control_characters(mentor, value):
    form = MentorProfileForm({"display_name": value}, instance=mentor)
    assert not form.is_valid()
    assert "display_name" in form.errors


@pytest.mark.parametrize("field", ["last_name", "first_name", "patronymic", "organisation"])
def test_the_learner_cannot_give_a_name_with_line_breaks(user, field):
    # The certificate's holder name, and from it the mentor's name shown, is made of these.
    form = ProfileForm({field: "Иванова\r\nBcc: victim@example.org"}, instance=user)
    assert not form.is_valid()
    assert field in form.errors


def test_a_stored_name_with_a_line_break_still_gets_its_letters_sent(mentor, place):
    # Names stored before the check: the letter goes out with the name on one line, never a failed send.
    MentorProfile.objects.filter(pk=mentor.pk).update(display_name="Галиева\r\nBcc: victim@example.org")
    mentor.refresh_from_db()
    created = mentoring.create_request(
        mentor,
        school="Школа",
        municipality=place,
        contact_name="Петрова",
        email="director@school3.example.org",
        phone="",
        mentee_position="teacher",
        desired_format="adaptive",
        message="<p>Текст</p>",
    )
    request_tasks.send_confirmation_link.enqueue(request_id=created.pk, link="https://lms.example/confirm/")
    [letter] = mail.outbox
    assert "\n" not in letter.subject and "\r" not in letter.subject
    assert letter.message()["Bcc"] is None
