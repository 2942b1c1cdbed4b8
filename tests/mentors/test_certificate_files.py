"""Certificate PDFs live outside the public media directory and are served only by the view that checks status."""

from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

import pytest

from course.models import Enrolment
from mentors.certification.issuing import issue_certificate, revoke
from mentors.credentials import pdf
from tests.factories import UserFactory
from tests.mentors.factories import LEVELS

pytestmark = pytest.mark.django_db

FAKE_PDF = b"%PDF-1.7 certificate"


@pytest.fixture
def certificate(course):
    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    with mock.patch.object(pdf, "render_certificate_pdf", return_value=FAKE_PDF):
        return issue_certificate(user, course, LEVELS)


def pdf_url(certificate):
    return reverse("mentors:certificate_pdf", kwargs={"code": certificate.code})


def test_the_pdf_is_stored_outside_the_public_media_directory(client, certificate):
    with mock.patch.object(pdf, "render_certificate_pdf", return_value=FAKE_PDF):
        response = client.get(pdf_url(certificate))
    assert response.status_code == 200 and b"".join(response.streaming_content) == FAKE_PDF
    certificate.refresh_from_db()
    stored = Path(certificate.pdf.path).resolve()
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not default_storage.exists(certificate.pdf.name)


def test_a_pdf_stored_publicly_before_keeps_working_through_the_view_and_leaves_the_public_directory(
    client, certificate
):
    legacy = default_storage.save(f"certificates/{certificate.code}.pdf", ContentFile(b"%PDF-1.4 issued last year"))
    type(certificate).objects.filter(pk=certificate.pk).update(pdf=legacy)
    with mock.patch.object(pdf, "render_certificate_pdf", side_effect=AssertionError("rendered again")):
        response = client.get(pdf_url(certificate))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 issued last year"
    assert not default_storage.exists(legacy)


def test_a_revoked_certificate_s_pdf_is_not_served_and_not_public(client, certificate, superuser):
    with mock.patch.object(pdf, "render_certificate_pdf", return_value=FAKE_PDF):
        client.get(pdf_url(certificate))
    revoke(certificate, by=superuser, reason="Ошибка в данных")
    assert client.get(pdf_url(certificate)).status_code == 410
    certificate.refresh_from_db()
    assert not default_storage.exists(certificate.pdf.name)
