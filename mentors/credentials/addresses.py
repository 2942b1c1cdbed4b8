"""Absolute public addresses for what the site signs and prints (QR codes, credentials, keys).

The base is ``CERTIFICATE_BASE_URL`` (or the admin's base URL when it is empty). Addresses of pages are always in the
default language (``/ru/…``): they are printed and signed, so they must not depend on the page a visitor came from.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation

from course.conf import setting
from mentors.models.certificates import Certificate


def base_url() -> str:
    return (setting("CERTIFICATE_BASE_URL") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    return base_url() + path


def canonical_reverse(name: str, **kwargs) -> str:
    """An absolute URL under the default language's prefix, whatever language is active."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse(name, kwargs=kwargs))


def issuer_url() -> str:
    """The issuer's Open Badges profile: its id in every credential."""
    return absolute_url(reverse("mentors_issuer"))


def check_url(certificate: Certificate) -> str:
    """The public check page: what the QR code on the PDF encodes."""
    return canonical_reverse("mentors:certificate", code=certificate.code)


def pdf_url(certificate: Certificate) -> str:
    return canonical_reverse("mentors:certificate_pdf", code=certificate.code)


def badge_url(certificate: Certificate) -> str:
    return canonical_reverse("mentors:certificate_badge", code=certificate.code)


def badge_jwt_url(certificate: Certificate) -> str:
    return canonical_reverse("mentors:certificate_badge_jwt", code=certificate.code)


def achievement_url(course_id: int) -> str:
    """The course's Achievement: its id in every credential and its public page (criteria, competencies)."""
    return canonical_reverse("mentors:achievement", course_id=course_id)


def static_url(path: str) -> str:
    url = static(path)
    return url if url.startswith(("http://", "https://")) else absolute_url(url)
