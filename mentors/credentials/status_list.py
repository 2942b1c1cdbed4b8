"""Revocation that any verifier can check: W3C Bitstring Status Lists, signed, served by the site.

Every certificate has a fixed place: list ``(pk - 1) // LIST_SIZE + 1``, bit ``(pk - 1) % LIST_SIZE``; its credential
carries a ``BitstringStatusListEntry`` pointing there (``statusPurpose`` ``revocation``). The list credential
(``BitstringStatusListCredential``) is built from the certificates' rows whenever it is asked for and signed like the
badges (RS256, the same key), so a revocation in the admin shows in the list at once; a copy of a credential saved
before the revocation still points to the list and so reads as revoked. Expiry is not a status: it is the
credential's ``validUntil``.

The bitstring follows the W3C recommendation: 131,072 bits at least (herd privacy), bit 0 the most significant bit of
the first byte, GZIP-compressed, multibase base64url (``u`` prefix) without padding.
"""

import base64
import gzip
from datetime import timedelta

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from course.conf import setting
from mentors.credentials.addresses import absolute_url, issuer_url
from mentors.credentials.signing import iso_utc, jwt_time, sign
from mentors.models.certificates import Certificate, CertificateStatus

LIST_SIZE = 131_072  # the W3C minimum number of entries
STATUS_PURPOSE = "revocation"
CACHE_SECONDS = 60  # how long a cache may keep the list: a revocation reaches verifiers within a minute
V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def position(certificate: Certificate) -> tuple[int, int]:
    """(list id, index in the list) of a certificate: fixed by its primary key, never reused."""
    return (certificate.pk - 1) // LIST_SIZE + 1, (certificate.pk - 1) % LIST_SIZE


def list_url(list_id: int) -> str:
    return absolute_url(reverse("mentors_status_list", kwargs={"list_id": list_id}))


def status_entry(certificate: Certificate) -> dict:
    """The credential's ``credentialStatus``."""
    list_id, index = position(certificate)
    url = list_url(list_id)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def list_exists(list_id: int) -> bool:
    """List 1 always exists; later ones once a certificate has a place in them."""
    if list_id == 1:
        return True
    if list_id < 1:
        return False
    last_pk = Certificate.objects.aggregate(last=Max("pk"))["last"] or 0
    return list_id <= (last_pk - 1) // LIST_SIZE + 1


def revoked_indexes(list_id: int) -> list[int]:
    first_pk = (list_id - 1) * LIST_SIZE + 1
    pks = Certificate.objects.filter(
        status=CertificateStatus.REVOKED, pk__gte=first_pk, pk__lt=first_pk + LIST_SIZE
    ).values_list("pk", flat=True)
    return [pk - first_pk for pk in pks]


def encode(indexes: list[int], size: int = LIST_SIZE) -> str:
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)  # mtime 0: the same list gives the same bytes
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def decode(encoded_list: str) -> bytes:
    if not encoded_list.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (prefix 'u').")
    data = encoded_list[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def is_set(bitstring: bytes, index: int) -> bool:
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def ttl() -> timedelta:
    """How long a signed list is valid: ``CERTIFICATE_STATUS_LIST_TTL`` seconds (a day by default)."""
    return timedelta(seconds=setting("CERTIFICATE_STATUS_LIST_TTL"))


def build_status_list_credential(list_id: int) -> dict:
    """The unsigned list credential as of now; it is valid for ``CERTIFICATE_STATUS_LIST_TTL``, then fetch again."""
    url = list_url(list_id)
    now = timezone.now()
    return {
        "@context": [V2_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url(),
        "validFrom": iso_utc(now),
        "validUntil": iso_utc(now + ttl()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encode(revoked_indexes(list_id)),
            "ttl": int(ttl().total_seconds() * 1000),
        },
    }


def sign_status_list(list_id: int) -> str:
    credential = build_status_list_credential(list_id)
    claims = {
        "iss": credential["issuer"],
        "sub": credential["credentialSubject"]["id"],
        "jti": credential["id"],
        "iat": jwt_time(credential["validFrom"]),
        "nbf": jwt_time(credential["validFrom"]),
        "exp": jwt_time(credential["validUntil"]),
    }
    return sign({**credential, **claims})
