"""Mentor profiles and mentoring requests for staff (issue 12): listings, filters, inspect, moderation with a reason
the mentor sees, and never a sender's contact."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from mentors.models import MentoringRequest, MentorProfile, RequestStatus
from mentors.profiles.moderation import ModerationError, hide_profile
from tests.factories import MunicipalityFactory, UserFactory
from tests.malformed import NUL, SURROGATE, post_utf7

pytestmark = pytest.mark.django_db

SENDER_EMAIL = "sender-private@example.org"
SENDER_PHONE = "+7 900 123-45-67"
SENDER_MESSAGE = "Позвоните мне по личному номеру"


@pytest.fixture
def kazan(db):
    return MunicipalityFactory(name="Казань", slug="kazan")


@pytest.fixture
def mentor(make_mentor, kazan):
    return make_mentor(display_name="Абрамова Анна", municipality=kazan)


@pytest.fixture
def mentoring_request(mentor, kazan):
    return MentoringRequest.objects.create(
        profile=mentor,
        municipality=kazan,
        status=RequestStatus.PENDING,
        school="Лицей № 2",
        contact_name="Сафина Гульнара",
        email=SENDER_EMAIL,
        phone=SENDER_PHONE,
        mentee_position="teacher",
        desired_format="adaptive",
        message=f"<p>{SENDER_MESSAGE}</p>",
    )


@pytest.fixture
def staff(db):
    """A staff member with the model permissions to look at profiles and requests and to moderate profiles."""
    user = UserFactory(username="support", is_staff=True)
    group = Group.objects.create(name="Support")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_mentorprofile", "change_mentorprofile", "view_mentoringrequest"]
        )
    )
    user.groups.add(group)
    return user


def url(model, action, *args) -> str:
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


def test_staff_list_search_filter_and_inspect_profiles(client, staff, mentor, make_mentor):
    other = make_mentor(display_name="Валиев Тимур", municipality=MunicipalityFactory(name="Елабуга", slug="elabuga"))
    client.force_login(staff)
    listing = client.get(url(MentorProfile, "list")).content.decode()
    assert "Абрамова Анна" in listing and "Валиев Тимур" in listing
    found = client.get(url(MentorProfile, "list"), {"q": "Абрамова"}).content.decode()
    assert "Абрамова Анна" in found and "Валиев Тимур" not in found
    filtered = client.get(url(MentorProfile, "list"), {"municipality": other.municipality_id}).content.decode()
    assert "Валиев Тимур" in filtered and "Абрамова Анна" not in filtered
    hidden = client.get(url(MentorProfile, "list"), {"state": "hidden", "certified_at_after": "2020-01-01"})
    assert hidden.status_code == 200 and "Абрамова Анна" not in hidden.content.decode()
    assert client.get(url(MentorProfile, "list"), {"certified_at_after": "not-a-date"}).status_code == 200
    inspect = client.get(url(MentorProfile, "inspect", mentor.pk))
    assert inspect.status_code == 200 and "Абрамова Анна" in inspect.content.decode()
    # Nobody edits or deletes a mentor's profile in the admin.
    assert client.get(url(MentorProfile, "edit", mentor.pk)).status_code in (302, 403)
    assert client.get(url(MentorProfile, "delete", mentor.pk)).status_code in (302, 403)


def test_hiding_a_profile_takes_it_out_of_the_registry_logs_it_and_tells_the_mentor(client, staff, mentor):
    assert mentor.is_listed
    client.force_login(staff)
    moderate = reverse("mentors_profile_moderate", args=[mentor.pk])
    assert client.post(moderate, {"action": "hide", "reason": " "}).status_code == 400  # a reason is required
    response = client.post(moderate, {"action": "hide", "reason": "Фотография не соответствует правилам."})
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert not mentor.is_listed and mentor.moderation_reason == "Фотография не соответствует правилам."
    assert not MentorProfile.objects.listed().filter(pk=mentor.pk).exists()
    entry = ModelLogEntry.objects.get(action="mentors.profile.hide")
    assert entry.user == staff and entry.data["reason"] == "Фотография не соответствует правилам."
    # The mentor publishing again does not bring it back while it is hidden.
    mentor.is_published = True
    mentor.save()
    assert not mentor.is_listed
    client.force_login(mentor.user)
    dashboard = client.get("/ru/dashboard/mentor/").content.decode()
    assert "Фотография не соответствует правилам." in dashboard
    client.force_login(staff)
    assert client.post(moderate, {"action": "restore"}).status_code == 302
    mentor.refresh_from_db()
    assert mentor.is_listed and mentor.moderation_hidden_at is None
    assert ModelLogEntry.objects.filter(action="mentors.profile.restore").exists()


def test_only_staff_with_the_permission_moderate(client, mentor):
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_mentorprofile"]))
    client.force_login(viewer)
    response = client.post(reverse("mentors_profile_moderate", args=[mentor.pk]), {"action": "hide", "reason": "x"})
    assert response.status_code in (302, 403)
    mentor.refresh_from_db()
    assert mentor.is_listed


def test_staff_follow_a_request_without_ever_seeing_the_senders_contact(client, staff, mentoring_request):
    client.force_login(staff)
    pages = [
        client.get(url(MentoringRequest, "list")),
        client.get(url(MentoringRequest, "list"), {"q": "Лицей"}),
        client.get(
            url(MentoringRequest, "list"), {"status": "pending", "municipality": mentoring_request.municipality_id}
        ),
        client.get(url(MentoringRequest, "list"), {"created_at_after": "2020-01-01"}),
        client.get(url(MentoringRequest, "inspect", mentoring_request.pk)),
        client.get(url(MentoringRequest, "history", mentoring_request.pk)),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        assert SENDER_EMAIL not in body and SENDER_PHONE not in body and SENDER_MESSAGE not in body
        assert "sender-private" not in body
    assert "Лицей № 2" in pages[0].content.decode() and "Лицей № 2" in pages[1].content.decode()
    inspect = pages[4].content.decode()
    assert "Абрамова Анна" in inspect
    # Searching by the sender's e-mail finds nothing: the address is not a way to probe requests either.
    assert "Лицей № 2" not in client.get(url(MentoringRequest, "list"), {"q": SENDER_EMAIL}).content.decode()
    assert client.get(url(MentoringRequest, "edit", mentoring_request.pk)).status_code in (302, 403)


def test_the_service_refuses_an_empty_reason(mentor, staff):
    with pytest.raises(ModerationError):
        hide_profile(mentor, by=staff, reason="   ")


@pytest.mark.parametrize("reason", [NUL, SURROGATE])
def test_a_reason_no_database_can_store_is_a_form_error(client, staff, mentor, reason):
    client.force_login(staff)

    response = post_utf7(
        client, reverse("mentors_profile_moderate", args=[mentor.pk]), {"action": "hide", "reason": reason}
    )

    assert response.status_code == 400
    mentor.refresh_from_db()
    assert mentor.is_listed and mentor.moderation_reason == ""
