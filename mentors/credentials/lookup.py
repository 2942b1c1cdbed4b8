"""Finding a certificate by its printed number, with a throttle: numbers are sequential."""

import re

from course.conf import setting
from course.throttling import Counter, client_ip
from mentors.models.certificates import Certificate

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
