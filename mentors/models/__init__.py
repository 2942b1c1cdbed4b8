"""Models of the mentors app: certificates, mentor profiles, mentoring requests and the registry page."""

from .certificates import Certificate, CertificateNumberSequence, CertificateStatus
from .pages import MentorRegistryPage
from .profiles import LEVEL_FIELDS, RESERVED_SLUGS, MentorFormat, MentorProfile
from .requests import MentoringRequest, RequestStatus

__all__ = [
    "LEVEL_FIELDS",
    "RESERVED_SLUGS",
    "Certificate",
    "CertificateNumberSequence",
    "CertificateStatus",
    "MentorFormat",
    "MentorProfile",
    "MentorRegistryPage",
    "MentoringRequest",
    "RequestStatus",
]
