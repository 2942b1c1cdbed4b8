"""The certificate as an A4 PDF: an HTML template rendered by WeasyPrint, with a QR code of the public check page.

The PDF is rendered once and kept in ``Certificate.pdf``, in the private ``certificates`` storage (never served as
media; PDFs stored in the public media directory before are moved there when first asked for, and by migration).
What it prints is the snapshot taken at issue, so it never needs to be rendered again; a revoked certificate's PDF
is not served at all (see ``mentors.credentials.views.pdf``).
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from course.conf import setting
from mentors.credentials.addresses import base_url, check_url
from mentors.models.certificates import Certificate, certificate_storage

logger = logging.getLogger(__name__)

TEMPLATE = "mentors/certificates/pdf.html"


def qr_payload(certificate: Certificate) -> str:
    """What the QR code encodes: the absolute address of the public check page."""
    return check_url(certificate)


def qr_data_uri(certificate: Certificate) -> str:
    """The QR code as an SVG data URI; error correction "M" survives a crease or a stamp on a printed copy."""
    # Imported here: only the task worker renders PDFs, and segno is some 2 MB in every web worker (issue 11).
    import segno

    return segno.make(qr_payload(certificate), error="m", micro=False).svg_data_uri(scale=4, border=2)


def render_certificate_html(certificate: Certificate) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            TEMPLATE,
            {
                "certificate": certificate,
                "levels": certificate.level_rows(),
                "qr": qr_data_uri(certificate),
                "check_url": check_url(certificate),
                "issuer_name": setting("CERTIFICATE_ISSUER_NAME"),
                "LANGUAGE_CODE": settings.LANGUAGE_CODE,
            },
        )


def render_certificate_document(certificate: Certificate):
    """The laid-out WeasyPrint document (its ``pages`` can be counted)."""
    # Imported here: WeasyPrint loads Pango, which only PDF rendering needs; the site runs without it.
    from weasyprint import HTML

    return HTML(string=render_certificate_html(certificate), base_url=base_url()).render()


def render_certificate_pdf(certificate: Certificate) -> bytes:
    document = render_certificate_document(certificate)
    if len(document.pages) != 1:
        logger.warning("Certificate %s spans %s pages instead of one.", certificate.number, len(document.pages))
    return document.write_pdf()


def stored_pdf_exists(certificate: Certificate) -> bool:
    if not certificate.pdf:
        return False
    return certificate.pdf.storage.exists(certificate.pdf.name) or move_public_pdf(certificate.pdf.name)


def move_public_pdf(name: str) -> bool:
    """A PDF stored in the public media directory (before the private storage) moved into the private one, under the
    same name; whether there was one."""
    private = certificate_storage()
    if private is default_storage or not default_storage.exists(name):
        return False
    with default_storage.open(name, "rb") as public:
        saved = private.save(name, public)
    if saved != name:  # the private storage already had a file of that name
        private.delete(saved)
    default_storage.delete(name)
    return True


def ensure_pdf(certificate: Certificate):
    """The stored PDF, rendered and stored first if it is missing; returns the ``FieldFile``."""
    if stored_pdf_exists(certificate):
        return certificate.pdf
    content = render_certificate_pdf(certificate)
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(content), save=False)
    # Only the file's name: a revocation saved meanwhile must not be overwritten by this older copy of the row.
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    return certificate.pdf
