"""What follows the issue of a certificate (run by ``mentors.tasks.certificate_issued``): the PDF and the e-mail."""

import logging
import re

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from course.conf import setting
from course.throttling import Counter, client_ip
from mentors.badges import check_url, pdf_url
from mentors.models import Certificate
from mentors.pdf import ensure_pdf

logger = logging.getLogger(__name__)

# People copy numbers from paper and PDFs: typographic dashes, spaces and a leading "№" are forgiven.
DASHES = re.compile(r"[\s\u2010-\u2015\u2212_]+")


def normalise_number(value: str) -> str:
    value = value.strip().removeprefix("№").strip().upper()
    return DASHES.sub("-", value).strip("-")


def find_by_number(number: str) -> Certificate | None:
    return Certificate.objects.filter(number=normalise_number(number)).first()


def lookup_counter(request) -> Counter:
    """Look-ups by number per client address: numbers are sequential, so the check pages are not to be walked."""
    return Counter(
        "certificate-lookup",
        client_ip(request),
        setting("CERTIFICATE_LOOKUP_THROTTLE_ATTEMPTS"),
        setting("CERTIFICATE_LOOKUP_THROTTLE_WINDOW"),
    )


def after_issue(certificate_id: int) -> None:
    """Render and store the PDF, then tell the holder where anyone can check the certificate."""
    certificate = Certificate.objects.select_related("user", "course").filter(pk=certificate_id).first()
    if certificate is None:
        return
    try:
        ensure_pdf(certificate)
    except Exception:
        # The PDF is rendered again on its first download; the e-mail must not wait for it.
        logger.exception("Could not render the PDF of certificate %s", certificate.number)
    notify_holder(certificate)


def notify_holder(certificate: Certificate) -> None:
    """A short plain-text message: nothing of the holder's is rendered as markup."""
    if not certificate.user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "certificate": certificate,
            "name": certificate.user.first_name or certificate.holder_name,
            "check_url": check_url(certificate),
            "pdf_url": pdf_url(certificate),
        }
        subject = gettext("Your certificate %(number)s") % {"number": certificate.number}
        body = render_to_string("mentors/emails/certificate_issued.txt", context)
    send_mail(subject, body, None, [certificate.user.email])
