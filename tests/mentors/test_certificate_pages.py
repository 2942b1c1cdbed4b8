"""The public check page of a certificate, the look-up by number and the e-mail sent after issue."""

from datetime import timedelta

from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from mentors.certification.issuing import revoke
from mentors.credentials.delivery import after_issue
from mentors.credentials.lookup import normalise_number
from tests.factories import UserFactory
from tests.mentors.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def ru(text: str) -> str:
    with translation.override("ru"):
        return translation.gettext(text)


def check_page(client, certificate):
    response = client.get(reverse("mentors:certificate", kwargs={"code": certificate.code}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_valid_certificate_shows_its_facts_and_levels(client, course):
    certificate = CertificateFactory(
        course=course, user=UserFactory(first_name="Алсу", last_name="Гарипова", email="alsu@example.org")
    )
    html = check_page(client, certificate)
    assert "certificate-status--valid" in html
    assert ru("The certificate is valid") in html
    assert certificate.number in html and "Гарипова" in html and course.title in html
    assert html.count("<progress") == 5
    assert 'value="80"' in html
    assert reverse("mentors:certificate_pdf", kwargs={"code": certificate.code}) in html
    assert reverse("mentors:certificate_badge", kwargs={"code": certificate.code}) in html
    assert "alsu@example.org" not in html
    assert 'name="robots" content="noindex"' in html


def test_a_revoked_certificate_says_so_with_the_reason_and_date(client, course, superuser):
    certificate = CertificateFactory(course=course)
    revoke(certificate, by=superuser, reason="Нарушение правил итоговой аттестации")
    html = check_page(client, certificate)
    assert "certificate-status--revoked" in html
    assert ru("The certificate has been revoked") in html
    assert "Нарушение правил итоговой аттестации" in html
    assert str(timezone.localdate().year) in html
    assert reverse("mentors:certificate_pdf", kwargs={"code": certificate.code}) not in html


def test_an_expired_certificate_says_so_with_the_date(client, course):
    certificate = CertificateFactory(course=course, expires_on=timezone.localdate() - timedelta(days=1))
    html = check_page(client, certificate)
    assert "certificate-status--expired" in html
    assert ru("The certificate has expired") in html


def test_a_listed_mentor_is_linked_and_an_unlisted_one_is_not(client, registry, make_mentor):
    profile = make_mentor(display_name="Ильдар Сафин")
    html = check_page(client, profile.certificate)
    assert profile.get_absolute_url() in html

    profile.is_published = False
    profile.save()
    html = check_page(client, profile.certificate)
    assert profile.get_absolute_url() not in html


@pytest.mark.parametrize("code", ["unknown-code", "x" * 200])
def test_an_unknown_code_is_a_friendly_404(client, db, code):
    response = client.get(f"/ru/certificates/{code}/")
    assert response.status_code == 404
    assert ru("Certificate not found") in response.content.decode()


def test_the_check_page_costs_a_fixed_number_of_queries(course, registry, make_mentor, count_queries):
    profile = make_mentor()
    assert count_queries(profile.certificate.get_absolute_url()) <= 8


# --- Look-up by number ----------------------------------------------------------------------------------------------

LOOKUP = "/ru/certificates/"


def test_the_lookup_form_is_shown(client, db):
    response = client.get(LOOKUP)
    assert response.status_code == 200
    assert 'name="number"' in response.content.decode()


@pytest.mark.parametrize("typed", ["{number}", "  {number} ", "№ {number}", "{lower}", "{dashes}"])
def test_a_number_found_redirects_to_the_check_page(client, course, typed):
    certificate = CertificateFactory(course=course, number="НП-2026-000123")
    number = certificate.number
    value = typed.format(number=number, lower=number.lower(), dashes=number.replace("-", "–"))
    response = client.get(LOOKUP, {"number": value})
    assert response.status_code == 302
    assert response["Location"] == certificate.get_absolute_url()


def test_normalise_number():
    assert normalise_number(" нп – 2026 — 000001 ") == "НП-2026-000001"


@pytest.mark.parametrize("value", ["НП-2026-999999", "", "   ", "x" * 5000, "'; DROP TABLE", "\x00"])
def test_a_number_not_found_is_a_form_error(client, course, value):
    CertificateFactory(course=course)
    response = client.get(LOOKUP, {"number": value})
    assert response.status_code == 200
    assert response.context["form"].errors["number"]


def test_lookups_are_throttled_per_address(client, course, mentor_lms_settings):
    mentor_lms_settings(CERTIFICATE_LOOKUP_THROTTLE_ATTEMPTS=3)
    certificate = CertificateFactory(course=course)
    for _attempt in range(3):
        assert client.get(LOOKUP, {"number": "НП-2026-999999"}).status_code == 200
    response = client.get(LOOKUP, {"number": certificate.number})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "message--error" in response.content.decode()
    # Another address is not blocked.
    response = client.get(LOOKUP, {"number": certificate.number}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302


# --- After issue ----------------------------------------------------------------------------------------------------


def test_after_issue_stores_the_pdf_and_mails_the_holder_a_check_link(course):
    certificate = CertificateFactory(course=course, user=UserFactory(first_name="Алсу", email="alsu@example.org"))
    after_issue(certificate.pk)
    certificate.refresh_from_db()
    assert certificate.pdf.name == f"certificates/{certificate.code}.pdf"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alsu@example.org"]
    assert certificate.number in message.subject
    assert f"http://testserver/ru/certificates/{certificate.code}/" in message.body
    assert "Алсу" in message.body
    assert "<" not in message.body


def test_after_issue_of_a_missing_certificate_does_nothing(db):
    after_issue(123456)
    assert mail.outbox == []
