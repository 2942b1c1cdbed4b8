"""The credentials pass a stranger's verification (``credential_verifier``: 1EdTech's schemas, the W3C and 1EdTech
contexts, joserfc) with nothing but what the site publishes, and the verifier catches what it should."""

import json

import pytest

from mentors.certification.issuing import revoke
from mentors.credentials import addresses, badges
from tests.mentors import credential_verifier as verifier
from tests.mentors.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fetch(client):
    return verifier.client_fetch(client)


def test_a_certificate_passes_every_check(fetch, course):
    certificate = CertificateFactory(course=course)
    report = verifier.verify_credential(addresses.badge_url(certificate), fetch)
    assert report.errors == []
    assert report.status == "valid"
    assert report.subject.startswith("urn:uuid:")


def test_an_expiring_certificate_passes_and_an_expired_one_reads_as_expired(fetch, course):
    from datetime import date

    assert (
        verifier.verify_credential(
            addresses.badge_url(CertificateFactory(course=course, expires_on=date(2031, 5, 20))), fetch
        ).status
        == "valid"
    )
    expired = verifier.verify_credential(
        addresses.badge_url(CertificateFactory(course=course, expires_on=date(2020, 5, 20))), fetch
    )
    assert expired.errors == [] and expired.status == "expired"


def test_a_revoked_certificate_reads_as_revoked_also_from_a_jwt_saved_before(client, fetch, course, superuser):
    certificate = CertificateFactory(course=course)
    saved = client.get(addresses.badge_jwt_url(certificate).removeprefix("http://testserver")).content.decode()
    revoke(certificate, by=superuser, reason="Ошибка в документах")
    assert verifier.verify_credential(addresses.badge_url(certificate), fetch).status == "revoked"
    report = verifier.verify_credential(addresses.badge_url(certificate), fetch, token=saved)
    assert report.errors == [] and report.status == "revoked"


def test_the_verifier_catches_what_the_issue_found(course):
    """The defects of the first credentials (issue 15) fail the vendored checks."""
    credential = badges.build_credential(CertificateFactory(course=course))
    broken = json.loads(json.dumps(credential))
    broken["credentialSubject"]["achievement"]["alignment"][0]["targetType"] = "Competency"
    broken["credentialSubject"]["identifier"][0]["type"] = ["IdentityObject"]
    assert verifier.schema_errors(broken, "achievementcredential")

    custom = {
        **credential,
        "credentialStatus": {"id": credential["id"], "type": "CertificateStatusCheck", "status": "valid"},
    }
    assert set(verifier.undefined_terms(custom)) >= {"CertificateStatusCheck", "status"}
    assert "jwksUri" in verifier.undefined_terms({**badges.issuer_profile(with_context=True), "jwksUri": "x"})


def test_the_verifier_refuses_a_kid_that_is_not_the_key_url(client, fetch, course, settings):
    import jwt as pyjwt

    from mentors.credentials import signing

    certificate = CertificateFactory(course=course)
    payload = {**badges.build_credential(certificate), **badges.jwt_claims(badges.build_credential(certificate))}
    old_style = pyjwt.encode(
        payload,
        signing.signing_key(),
        algorithm="RS256",
        headers={"kid": "http://testserver/.well-known/jwks.json#key-1"},
    )
    with pytest.raises(verifier.VerificationError):
        verifier.verify_jwt(old_style, fetch)
