"""What follows the issue of a certificate (run by ``mentors.tasks.certificate_issued``): the PDF and the e-mail."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from mentors.credentials.addresses import check_url, pdf_url
from mentors.credentials.pdf import ensure_pdf
from mentors.models.certificates import Certificate

logger = logging.getLogger(__name__)


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
