"""The mentors' forms refuse text no database can store (a NUL byte, a lone surrogate) and ids beyond 64 bits with
a form error, never a 500 (issue 10, finding 6)."""

from django.urls import reverse

import pytest

from course.cleaning import UNSTORABLE_MESSAGE
from mentors.certification.admin_views import RevokeForm
from mentors.credentials.views import CertificateLookupForm
from mentors.models import CertificateStatus, MentoringRequest, MentorProfile
from mentors.profiles.forms import MentorProfileForm
from mentors.registry.forms import MatchForm
from mentors.requests.forms import MentoringRequestForm
from tests.factories import MunicipalityFactory
from tests.malformed import NUL, SURROGATE, get_utf7, post_utf7
from tests.mentors.factories import CertificateFactory
from tests.mentors.helpers import profile_data, profile_url, request_data

pytestmark = pytest.mark.django_db

BIG = str(2**63)


@pytest.mark.parametrize("bad", [SURROGATE, NUL])
@pytest.mark.parametrize("name", ["school", "contact_name", "email", "phone", "message", "website"])
def test_the_request_form_refuses_it(mentor, place, bad, name):
    form = MentoringRequestForm(request_data(place, **{name: bad}), profile=mentor)
    assert not form.is_valid()
    assert form.errors[name]


@pytest.mark.parametrize("bad", [SURROGATE, NUL])
@pytest.mark.parametrize("name", ["display_name", "organisation", "bio", "formats", "subjects"])
def test_the_mentor_profile_form_refuses_it(certified, bad, name):
    value = [bad] if name in ("formats", "subjects") else bad
    form = MentorProfileForm(profile_data(**{name: value}), instance=certified.profile)
    assert not form.is_valid()
    assert form.errors[name] == [str(UNSTORABLE_MESSAGE)]


@pytest.mark.parametrize("name", ["subjects", "expert_areas", "municipality"])
def test_the_mentor_profile_form_refuses_ids_beyond_64_bits(certified, name):
    value = BIG if name == "municipality" else [BIG, "1"]
    form = MentorProfileForm(profile_data() | {name: value}, instance=certified.profile)
    assert not form.is_valid()
    assert form.errors[name]


@pytest.mark.parametrize("bad", [SURROGATE, NUL])
def test_the_lookup_match_and_revoke_forms_refuse_it(bad):
    assert "number" in CertificateLookupForm({"number": bad}).errors
    assert "municipality" in MatchForm({"municipality": bad}).errors
    assert "competencies" in MatchForm({"competencies": [bad]}).errors
    assert "reason" in RevokeForm({"reason": bad}).errors


def test_a_surrogate_in_the_certificate_lookup_is_a_form_error(client, home):
    response = get_utf7(client, reverse("mentors:certificate_lookup"), {"number": f"НП-2026-{SURROGATE}"})
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [str(UNSTORABLE_MESSAGE)]


def test_a_surrogate_or_nul_in_the_match_form_is_a_form_error(client, registry):
    for bad in (SURROGATE, NUL):
        response = get_utf7(client, f"{registry.url}match/", {"municipality": bad, "subject": bad})
        assert response.status_code < 500
        assert response.context["form"].errors["municipality"]


def test_a_surrogate_posted_as_utf7_to_the_request_form_is_a_form_error(client, registry, mentor, place):
    response = post_utf7(
        client, profile_url(registry, mentor), request_data(place, contact_name=SURROGATE, message=SURROGATE)
    )
    assert response.status_code == 400
    errors = response.context["request_form"].errors
    assert errors["contact_name"] == [str(UNSTORABLE_MESSAGE)] and errors["message"] == [str(UNSTORABLE_MESSAGE)]
    assert not MentoringRequest.objects.exists()


def test_a_surrogate_posted_as_utf7_to_the_mentor_profile_changes_nothing(client, certified):
    before = MentorProfile.objects.get(pk=certified.profile.pk)
    response = post_utf7(client, reverse("mentors:mentor_profile"), profile_data(display_name=SURROGATE))
    assert response.status_code == 400
    assert response.context["form"].errors["display_name"] == [str(UNSTORABLE_MESSAGE)]
    assert MentorProfile.objects.get(pk=certified.profile.pk).display_name == before.display_name


def test_a_surrogate_in_a_revocation_reason_is_a_form_error(client, superuser, course):
    certificate = CertificateFactory(course=course)
    client.force_login(superuser)
    response = post_utf7(client, reverse("mentors_certificate_revoke", args=[certificate.pk]), {"reason": SURROGATE})
    assert response.status_code == 400
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_the_request_form_refuses_a_municipality_id_beyond_64_bits(mentor, place):
    form = MentoringRequestForm(request_data(place, municipality=BIG), profile=mentor)
    assert not form.is_valid() and form.errors["municipality"]
    assert MunicipalityFactory()  # the table is fine afterwards


def test_a_surrogate_in_the_sender_s_e_mail_is_a_form_error_not_a_throttle_failure(client, registry, mentor, place):
    # The request counters hash the e-mail as sent, before the form checks it.
    response = post_utf7(client, profile_url(registry, mentor), request_data(place, email=f"a{SURROGATE}@example.org"))
    assert response.status_code == 400
    assert response.context["request_form"].errors["email"]


@pytest.mark.parametrize("bad", [SURROGATE, NUL, BIG])
def test_the_registry_page_and_api_refuse_it_with_a_form_error(client, registry, bad):
    page = get_utf7(client, registry.url, {"q": bad, "municipality": bad, "subject": bad})
    assert page.status_code < 500
    errors = page.context["form"].errors
    if bad == BIG:  # a long number is a fine text to search for, but no municipality's id
        assert "q" not in errors and errors["municipality"]
    else:
        assert errors["q"] == [str(UNSTORABLE_MESSAGE)]
    api = get_utf7(client, "/api/v1/mentors/", {"q": bad, "municipality": bad})
    assert api.status_code == 400
