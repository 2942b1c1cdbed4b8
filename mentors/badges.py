"""The public addresses of a certificate and its Open Badges 3.0 credential, plain (JSON) and signed (VC-JWT).

Addresses are absolute and always in the default language (``/ru/…``): they are printed in QR codes and signed into
credentials, so they must not depend on the page a visitor came from. The base is ``CERTIFICATE_BASE_URL`` (or the
admin's base URL when it is empty).

The credential follows Open Badges 3.0 (``OpenBadgeCredential`` over the W3C Verifiable Credentials 2.0 model):

* the holder is named in ``credentialSubject.identifier`` (an ``IdentityObject`` of type ``name``, not hashed: the name
  is on the public check page anyway); OB 3.0 has no ``name`` on the subject, and the e-mail is never included;
* the five competency levels are ``result`` entries of the subject, each pointing to a ``ResultDescription`` of the
  achievement (``resultType`` ``Percent``) aligned to the competency of the regional model;
* ``credentialStatus`` is not a standard status list: it is an entry of our own type ``CertificateStatusCheck`` whose
  ``id`` is the public check page, with the status at the time the credential was served (``valid``, ``revoked`` or
  ``expired``). Credentials are built on every request, so a revoked certificate's credential says ``revoked``; a copy
  saved earlier keeps saying ``valid``, which is why verifiers should follow the ``id`` to the check page. The term is
  not in the OB 3.0 context; the VC 2.0 context maps such terms to its issuer-dependent vocabulary.

The VC-JWT (VC JOSE-COSE securing) has the credential itself as its payload, plus the registered claims ``iss``,
``jti``, ``nbf`` and ``exp`` derived from it; it is signed with Ed25519 (``EdDSA``). The header's ``kid`` is the JWKS
address with the key id as fragment; the JWKS is published at ``/.well-known/jwks.json`` and linked from the issuer
profile at ``/badges/issuer.json``.
"""

import base64
import hashlib
from datetime import UTC, datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from course.codes import CompetencyCode
from mentors.models import Certificate, CertificateStatus

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
JWT_ALGORITHM = "EdDSA"
JWT_TYPE = "vc+jwt"
# Only for development and tests: the seed of the key derived from SECRET_KEY when no key is configured.
DERIVED_KEY_LABEL = "mentor-lms certificate signing key v1"


# --- Addresses -------------------------------------------------------------------------------------------------------


def base_url() -> str:
    return (getattr(settings, "CERTIFICATE_BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    return base_url() + path


def canonical_reverse(name: str, **kwargs) -> str:
    """An absolute URL under the default language's prefix, whatever language is active."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse(name, kwargs=kwargs))


def check_url(certificate: Certificate) -> str:
    """The public check page: what the QR code on the PDF encodes."""
    return canonical_reverse("mentors:certificate", code=certificate.code)


def pdf_url(certificate: Certificate) -> str:
    return canonical_reverse("mentors:certificate_pdf", code=certificate.code)


def badge_url(certificate: Certificate) -> str:
    return canonical_reverse("mentors:certificate_badge", code=certificate.code)


def badge_jwt_url(certificate: Certificate) -> str:
    return canonical_reverse("mentors:certificate_badge_jwt", code=certificate.code)


def issuer_url() -> str:
    return absolute_url(reverse("mentors_issuer"))


def jwks_url() -> str:
    return absolute_url(reverse("mentors_jwks"))


# --- Keys ------------------------------------------------------------------------------------------------------------


def signing_key() -> Ed25519PrivateKey:
    """The configured Ed25519 key, or one derived from SECRET_KEY when none is configured (development, tests)."""
    pem = getattr(settings, "CERTIFICATE_SIGNING_KEY", "")
    if pem:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("CERTIFICATE_SIGNING_KEY must be an Ed25519 private key in PEM.")
        return key
    seed = hashlib.sha256(f"{DERIVED_KEY_LABEL}:{settings.SECRET_KEY}".encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def key_id() -> str:
    return getattr(settings, "CERTIFICATE_SIGNING_KEY_ID", "") or "key-1"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(public_key: Ed25519PublicKey | None = None) -> dict:
    public_key = public_key or signing_key().public_key()
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw), "kid": key_id(), "use": "sig", "alg": JWT_ALGORITHM}


def jwks() -> dict:
    return {"keys": [public_jwk()]}


# --- The issuer ------------------------------------------------------------------------------------------------------


def issuer_profile(*, with_context: bool = False) -> dict:
    """The OB 3.0 ``Profile`` of the institute; ``jwksUri`` (our own term) says where its public keys are."""
    profile = {
        "id": issuer_url(),
        "type": ["Profile"],
        "name": settings.CERTIFICATE_ISSUER_NAME,
        "url": getattr(settings, "CERTIFICATE_ISSUER_URL", "") or base_url() + "/",
    }
    if with_context:
        profile = {"@context": CONTEXT, **profile, "jwksUri": jwks_url()}
    return profile


# --- The credential --------------------------------------------------------------------------------------------------


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def valid_until(certificate: Certificate) -> datetime | None:
    """The end of the expiry day in the site's time zone: the certificate is valid through that date."""
    if certificate.expires_on is None:
        return None
    end_of_day = datetime.combine(certificate.expires_on, time(23, 59, 59))
    return timezone.make_aware(end_of_day)


def criteria_narrative(certificate: Certificate) -> str:
    return _(
        "The holder completed every required lesson, case analysis and module test of the course, passed the final "
        "assessment and reached at least %(level)s of 100 in each of the five competencies of a mentor."
    ) % {"level": certificate.course.competency_pass_level}


def _course_url(certificate: Certificate) -> str:
    url = certificate.course.get_url()
    if not url:
        return check_url(certificate)
    return url if url.startswith("http") else absolute_url(url)


def _status(certificate: Certificate) -> dict:
    status = {"id": check_url(certificate), "type": "CertificateStatusCheck", "status": certificate.current_status}
    if certificate.current_status == CertificateStatus.REVOKED and certificate.revoked_at:
        status["revokedAt"] = iso_utc(certificate.revoked_at)
        status["reason"] = certificate.revocation_reason
    return status


def build_credential(certificate: Certificate) -> dict:
    """The unsigned ``OpenBadgeCredential`` of a certificate, in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _build_credential(certificate)


def _build_credential(certificate: Certificate) -> dict:
    credential_id = badge_url(certificate)
    achievement_id = f"{credential_id}#achievement"
    course_url = _course_url(certificate)
    framework = _("Regional model of mentor competencies")
    alignments = {
        code: {
            "type": ["Alignment"],
            "targetName": str(label),
            "targetCode": code,
            "targetFramework": framework,
            "targetType": "Competency",
            "targetUrl": f"{course_url}#competency-{code}",
        }
        for code, label in CompetencyCode.choices
    }
    result_descriptions = [
        {
            "id": f"{achievement_id}-{code}",
            "type": ["ResultDescription"],
            "name": _("%(competency)s competency, level") % {"competency": alignment["targetName"]},
            "resultType": "Percent",
            "valueMin": "0",
            "valueMax": "100",
            "requiredValue": str(certificate.course.competency_pass_level),
            "alignment": [alignment],
        }
        for code, alignment in alignments.items()
    ]
    results = [
        {"type": ["Result"], "resultDescription": f"{achievement_id}-{code}", "value": str(level)}
        for code, _label, level in certificate.level_rows()
        if level is not None
    ]
    credential = {
        "@context": CONTEXT,
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": _("Certificate %(number)s: %(course)s")
        % {"number": certificate.number, "course": certificate.course_title},
        "issuer": issuer_profile(),
        "validFrom": iso_utc(certificate.issued_at),
    }
    until = valid_until(certificate)
    if until is not None:
        credential["validUntil"] = iso_utc(until)
    credential["credentialSubject"] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": ["IdentityObject"],
                "identityType": "name",
                "hashed": False,
                "identityHash": certificate.holder_name,
            }
        ],
        "achievement": {
            "id": achievement_id,
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": certificate.course_title,
            "description": _(
                "Certificate of completion of the programme “%(course)s” (%(hours)s academic hours): the holder is "
                "qualified to act as a mentor of teachers."
            )
            % {"course": certificate.course_title, "hours": certificate.hours},
            "criteria": {"id": course_url, "narrative": criteria_narrative(certificate)},
            "alignment": list(alignments.values()),
            "resultDescription": result_descriptions,
            "creator": issuer_profile(),
        },
        "result": results,
    }
    credential["credentialStatus"] = _status(certificate)
    credential["evidence"] = [
        {
            "id": check_url(certificate),
            "type": ["Evidence"],
            "name": _("Public check of certificate %(number)s") % {"number": certificate.number},
        }
    ]
    return credential


# --- Signing ---------------------------------------------------------------------------------------------------------


def jwt_claims(credential: dict) -> dict:
    """The registered JWT claims derived from the credential, so that JWT libraries check the validity period."""
    claims = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": int(datetime.fromisoformat(credential["validFrom"]).timestamp()),
    }
    if "validUntil" in credential:
        claims["exp"] = int(datetime.fromisoformat(credential["validUntil"]).timestamp())
    return claims


def sign_credential(credential: dict) -> str:
    """The credential secured as a VC-JWT (compact JWS)."""
    headers = {"typ": JWT_TYPE, "kid": f"{jwks_url()}#{key_id()}"}
    return jwt.encode(
        {**credential, **jwt_claims(credential)}, signing_key(), algorithm=JWT_ALGORITHM, headers=headers
    )
