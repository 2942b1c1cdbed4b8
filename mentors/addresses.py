"""Absolute public addresses for what the site signs and prints (QR codes, credentials, keys).

The base is ``CERTIFICATE_BASE_URL`` (or the admin's base URL when it is empty). Addresses of pages are always in the
default language (``/ru/…``): they are printed and signed, so they must not depend on the page a visitor came from.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from course.conf import setting


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
