"""The certificate PDF: one A4 page with a QR code of the check page, rendered once, then served from storage."""

from unittest import mock

from django.urls import reverse

import pytest
import segno

from mentors.certification.issuing import revoke
from mentors.credentials import pdf
from mentors.models import Certificate
from tests.factories import UserFactory
from tests.mentors.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def certificate(course):
    return CertificateFactory(
        course=course, user=UserFactory(first_name="Алсу", last_name="Гарипова", email="alsu@example.org")
    )


def pdf_url(certificate) -> str:
    return reverse("mentors:certificate_pdf", kwargs={"code": certificate.code})


def test_the_qr_code_encodes_the_absolute_check_url(certificate, mentor_lms_settings):
    assert pdf.qr_payload(certificate) == f"http://testserver/ru/certificates/{certificate.code}/"
    mentor_lms_settings(CERTIFICATE_BASE_URL="https://lms.irort.ru")
    payload = pdf.qr_payload(certificate)
    assert payload == f"https://lms.irort.ru/ru/certificates/{certificate.code}/"
    # segno takes it as one byte-mode segment, whole.
    qr = segno.make(payload, error="m", micro=False)
    assert qr.designator.endswith("-M") and qr.mode == "byte"
    assert pdf.qr_data_uri(certificate).startswith("data:image/svg+xml")


def test_the_html_has_everything_printed(certificate):
    html = pdf.render_certificate_html(certificate)
    for text in (certificate.number, "Гарипова Алсу", certificate.course_title, "72", pdf.qr_payload(certificate)):
        assert text in html
    assert html.count('class="bar__fill"') == 5
    assert "DejaVu Sans" in html and "A4" in html
    assert "alsu@example.org" not in html


def test_the_pdf_is_one_a4_page(certificate):
    document = pdf.render_certificate_document(certificate)
    assert len(document.pages) == 1
    page = document.pages[0]
    assert (round(page.width * 25.4 / 96), round(page.height * 25.4 / 96)) == (210, 297)  # CSS px to mm
    assert document.write_pdf().startswith(b"%PDF")
    # Every glyph, Cyrillic included, came from a font that has it (the fonts are known once written).
    assert {font.family for font in document.fonts.values()} <= {"DejaVu Sans", "DejaVu Sans Mono"}
    assert not any(font.missing for font in document.fonts.values())


def test_the_view_serves_the_pdf_inline(client, certificate):
    response = client.get(pdf_url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline")
    assert "%D0%9D%D0%9F-2026-" in disposition and disposition.endswith(".pdf")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_pdf_is_rendered_once_and_then_served_from_storage(client, certificate):
    with mock.patch("mentors.credentials.pdf.render_certificate_pdf", wraps=pdf.render_certificate_pdf) as render:
        first = b"".join(client.get(pdf_url(certificate)).streaming_content)
        second = b"".join(client.get(pdf_url(certificate)).streaming_content)
    assert render.call_count == 1
    assert first == second
    certificate.refresh_from_db()
    assert certificate.pdf.name == f"certificates/{certificate.code}.pdf"


def test_a_lost_file_is_rendered_again(client, certificate):
    pdf.ensure_pdf(certificate)
    certificate.pdf.storage.delete(certificate.pdf.name)
    with mock.patch("mentors.credentials.pdf.render_certificate_pdf", return_value=b"%PDF-1.7 again") as render:
        response = client.get(pdf_url(certificate))
    assert render.call_count == 1
    assert b"".join(response.streaming_content) == b"%PDF-1.7 again"


def test_storing_the_pdf_does_not_undo_a_revocation(certificate, superuser):
    stale = Certificate.objects.get(pk=certificate.pk)
    revoke(certificate, by=superuser, reason="Ошибка в данных")
    with mock.patch("mentors.credentials.pdf.render_certificate_pdf", return_value=b"%PDF-1.7"):
        pdf.ensure_pdf(stale)
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.pdf


def test_a_revoked_certificate_pdf_is_gone(client, certificate, superuser):
    pdf.ensure_pdf(certificate)
    revoke(certificate, by=superuser, reason="Ошибка в данных")
    response = client.get(pdf_url(certificate))
    assert response.status_code == 410
    assert certificate.get_absolute_url() in response.content.decode()
