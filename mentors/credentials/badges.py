"""The public addresses of a certificate and its Open Badges 3.0 credential, plain (JSON) and signed (VC-JWT).

Addresses are absolute and always in the default language (``/ru/…``), see ``mentors.credentials.addresses``.

The credential is an ``OpenBadgeCredential`` (W3C Verifiable Credentials 2.0) valid against 1EdTech's strict
AchievementCredential JSON Schema, and every property is a term defined by the VC 2.0 and OB 3.0.3 contexts (no
issuer-dependent vocabulary: ``make verify-credentials`` expands it with the "undefined terms" context and fails on
any):

* the holder's ``credentialSubject.id`` is a stable URN derived from the certificate's public verification code, so
  the JWT has a ``sub`` without any personal data; the name (public on the check page anyway) is an unhashed
  ``IdentityObject`` of type ``name``; the e-mail is never included;
* the ``achievement`` is the course's: one stable id per course, the address of its public page (criteria and one
  anchored section per competency, which the alignments' ``targetUrl`` point to); the five competency levels are
  ``result`` entries, each pointing to a ``ResultDescription`` of the achievement (``resultType`` ``Percent``);
* ``credentialStatus`` is a W3C ``BitstringStatusListEntry`` (``mentors.credentials.status_list``), so any verifier
  sees a revocation, also in a copy saved before it;
* the issuer (``/badges/issuer.json``) and the achievement have images.

The VC-JWT (OB 3.0 § 8.2) has the credential as its payload plus the registered claims ``iss`` (the issuer's id),
``sub`` (the subject's id), ``jti`` (the credential's id), ``nbf`` (``validFrom``), ``iat`` (when it was signed) and
``exp``: ``validUntil`` when the certificate expires, otherwise ``CERTIFICATE_JWT_LIFETIME_DAYS`` after signing (a
saved copy goes stale and a verifier fetches a fresh one; the certificate itself does not expire). It is signed with
RS256; the header's ``kid`` is the URL of the public key (``mentors.credentials.signing``).
"""

import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from course.codes import CompetencyCode
from course.conf import setting
from mentors.credentials.addresses import achievement_url, badge_url, base_url, check_url, issuer_url, static_url
from mentors.credentials.signing import iso_utc, jwt_time, sign
from mentors.credentials.status_list import status_entry
from mentors.models.certificates import Certificate

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
# The namespace of the holders' subject ids (UUID v5 of the certificate's verification code): fixed forever.
SUBJECT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:mentor-lms:certificate-holder")
ISSUER_IMAGE = "mentors/badges/issuer.svg"
ACHIEVEMENT_IMAGE = "mentors/badges/achievement.svg"


def subject_id(certificate: Certificate) -> str:
    """A stable id of the holder in this certificate that says nothing about the person."""
    return f"urn:uuid:{uuid.uuid5(SUBJECT_NAMESPACE, certificate.code)}"


# --- The issuer ------------------------------------------------------------------------------------------------------


def issuer_profile(*, with_context: bool = False) -> dict:
    """The OB 3.0 ``Profile`` of the institute (valid against 1EdTech's Profile schema)."""
    profile = {
        "id": issuer_url(),
        "type": ["Profile"],
        "name": setting("CERTIFICATE_ISSUER_NAME"),
        "url": setting("CERTIFICATE_ISSUER_URL") or base_url() + "/",
        "image": {"id": static_url(ISSUER_IMAGE), "type": "Image", "caption": setting("CERTIFICATE_ISSUER_NAME")},
    }
    if with_context:
        profile = {"@context": CONTEXT, **profile}
    return profile


# --- The credential --------------------------------------------------------------------------------------------------


def valid_until(certificate: Certificate) -> datetime | None:
    """The end of the expiry day in the site's time zone: the certificate is valid through that date."""
    if certificate.expires_on is None:
        return None
    end_of_day = datetime.combine(certificate.expires_on, time(23, 59, 59))
    return timezone.make_aware(end_of_day)


def criteria_narrative(pass_level: int) -> str:
    return gettext(
        "The holder completed every required lesson, case analysis and module test of the course, passed the final "
        "assessment and reached at least %(level)s of 100 in each of the five competencies of a mentor."
    ) % {"level": pass_level}


def competency_framework() -> str:
    return gettext("Regional model of mentor competencies")


def alignments(course_id: int) -> dict[str, dict]:
    """One ``Alignment`` per competency, pointing to its section of the achievement's page."""
    page = achievement_url(course_id)
    return {
        code: {
            "type": ["Alignment"],
            "targetName": str(label),
            "targetCode": code,
            "targetFramework": competency_framework(),
            "targetType": "ceasn:Competency",
            "targetUrl": f"{page}#competency-{code}",
        }
        for code, label in CompetencyCode.choices
    }


def result_description_id(course_id: int, code: str) -> str:
    return f"{achievement_url(course_id)}#result-{code}"


def build_achievement(certificate: Certificate) -> dict:
    course_id = certificate.course_id
    pass_level = certificate.course.certification_level
    aligned = alignments(course_id)
    return {
        "id": achievement_url(course_id),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.course_title,
        "description": gettext(
            "Certificate of completion of the programme “%(course)s” (%(hours)s academic hours): the holder is "
            "qualified to act as a mentor of teachers."
        )
        % {"course": certificate.course_title, "hours": certificate.hours},
        "criteria": {"id": achievement_url(course_id), "narrative": criteria_narrative(pass_level)},
        "image": {"id": static_url(ACHIEVEMENT_IMAGE), "type": "Image", "caption": certificate.course_title},
        "alignment": list(aligned.values()),
        "resultDescription": [
            {
                "id": result_description_id(course_id, code),
                "type": ["ResultDescription"],
                "name": gettext("%(competency)s competency, level") % {"competency": alignment["targetName"]},
                "resultType": "Percent",
                "valueMin": "0",
                "valueMax": "100",
                "requiredValue": str(pass_level),
                "alignment": [alignment],
            }
            for code, alignment in aligned.items()
        ],
        "creator": issuer_profile(),
        "inLanguage": settings.LANGUAGE_CODE,
    }


def build_credential(certificate: Certificate) -> dict:
    """The unsigned ``OpenBadgeCredential`` of a certificate, in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _build_credential(certificate)


def _build_credential(certificate: Certificate) -> dict:
    credential = {
        "@context": CONTEXT,
        "id": badge_url(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": gettext("Certificate %(number)s: %(course)s")
        % {"number": certificate.number, "course": certificate.course_title},
        "issuer": issuer_profile(),
        "validFrom": iso_utc(certificate.issued_at),
    }
    until = valid_until(certificate)
    if until is not None:
        credential["validUntil"] = iso_utc(until)
    subject = {"id": subject_id(certificate), "type": ["AchievementSubject"]}
    if not certificate.holder_data_removed:
        # Without the name once the holder had their data removed: the subject's id says nothing about the person.
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": certificate.holder_name,
            }
        ]
    credential["credentialSubject"] = {
        **subject,
        "achievement": build_achievement(certificate),
        "result": [
            {
                "type": ["Result"],
                "resultDescription": result_description_id(certificate.course_id, code),
                "value": str(level),
            }
            for code, _label, level in certificate.level_rows()
            if level is not None
        ],
    }
    credential["credentialStatus"] = status_entry(certificate)
    credential["evidence"] = [
        {
            "id": check_url(certificate),
            "type": ["Evidence"],
            "name": gettext("Public check of certificate %(number)s") % {"number": certificate.number},
        }
    ]
    return credential


# --- Signing ---------------------------------------------------------------------------------------------------------


def jwt_claims(credential: dict, *, now: datetime | None = None) -> dict:
    """The OB 3.0 JWT claims, derived from the credential so that JWT libraries check what it says."""
    now = now or timezone.now()
    claims = {
        "iss": credential["issuer"]["id"],
        "sub": credential["credentialSubject"]["id"],
        "jti": credential["id"],
        "nbf": jwt_time(credential["validFrom"]),
        "iat": int(now.timestamp()),
    }
    if "validUntil" in credential:
        claims["exp"] = jwt_time(credential["validUntil"])
    else:
        lifetime = timedelta(days=setting("CERTIFICATE_JWT_LIFETIME_DAYS"))
        claims["exp"] = int((now + lifetime).timestamp())
    return claims


JWT_CLAIMS = ("iss", "sub", "jti", "nbf", "iat", "exp")


def sign_credential(credential: dict) -> str:
    """The credential secured as a VC-JWT (compact JWS, RS256)."""
    return sign({**credential, **jwt_claims(credential)})
