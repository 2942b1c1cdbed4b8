"""The Open Badges 3.0 credential of a certificate: its JSON, the VC-JWT signed with the published key, the issuer."""

import base64
import json
from datetime import UTC, date, timedelta

from django.urls import reverse
from django.utils import timezone

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from course.codes import CompetencyCode
from mentors import badges
from mentors.certification import revoke
from tests.factories import UserFactory
from tests.mentors.factories import CertificateFactory

pytestmark = pytest.mark.django_db

OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


@pytest.fixture
def certificate(course):
    return CertificateFactory(
        course=course, user=UserFactory(first_name="Алсу", last_name="Гарипова", email="alsu.secret@example.org")
    )


def url(name: str, certificate) -> str:
    return reverse(f"mentors:{name}", kwargs={"code": certificate.code})


def get_credential(client, certificate) -> dict:
    response = client.get(url("certificate_badge", certificate))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def published_key(client):
    response = client.get(reverse("mentors_jwks"))
    assert response.status_code == 200
    (key,) = response.json()["keys"]
    assert key["kty"] == "OKP" and key["crv"] == "Ed25519" and key["alg"] == "EdDSA" and key["use"] == "sig"
    assert "d" not in key  # the private part
    return jwt.PyJWK(key)


def test_the_credential_has_the_shape_of_an_open_badge(client, certificate):
    credential = get_credential(client, certificate)
    assert credential["@context"] == ["https://www.w3.org/ns/credentials/v2", OB3_CONTEXT]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"http://testserver/ru/certificates/{certificate.code}/badge.json"
    assert certificate.number in credential["name"]
    issuer = credential["issuer"]
    assert issuer["id"] == "http://testserver/badges/issuer.json"
    assert issuer["type"] == ["Profile"]
    assert issuer["name"] == "Институт развития образования Республики Татарстан"
    assert credential["validFrom"].endswith("Z")
    assert credential["validFrom"].startswith(certificate.issued_at.astimezone(UTC).strftime("%Y-%m-%d"))
    assert "validUntil" not in credential

    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"] == certificate.holder_name
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "Certificate"
    assert achievement["name"] == certificate.course_title
    assert achievement["criteria"]["narrative"]
    assert [alignment["targetCode"] for alignment in achievement["alignment"]] == CompetencyCode.values
    for alignment in achievement["alignment"]:
        assert alignment["type"] == ["Alignment"]
        assert alignment["targetUrl"].startswith("http://testserver/")
        assert alignment["targetName"]
    descriptions = {description["id"]: description for description in achievement["resultDescription"]}
    assert len(descriptions) == 5
    assert {description["resultType"] for description in descriptions.values()} == {"Percent"}
    results = {result["resultDescription"]: result["value"] for result in subject["result"]}
    assert set(results) == set(descriptions)
    expert = next(key for key, value in descriptions.items() if value["alignment"][0]["targetCode"] == "expert")
    assert results[expert] == "80"
    assert credential["credentialStatus"]["status"] == "valid"
    assert credential["credentialStatus"]["id"] == f"http://testserver/ru/certificates/{certificate.code}/"


def test_the_credential_carries_no_e_mail(client, certificate):
    for name in ("certificate_badge", "certificate_badge_jwt"):
        body = client.get(url(name, certificate)).content.decode()
        if name == "certificate_badge_jwt":
            payload = body.split(".")[1]
            body = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
        assert "alsu.secret@example.org" not in body
        assert "@example.org" not in body


def test_the_credential_is_the_same_in_every_language(client, certificate):
    english = client.get(f"/en/certificates/{certificate.code}/badge.json").json()
    assert english == get_credential(client, certificate)


def test_an_expiring_certificate_has_valid_until(client, course):
    certificate = CertificateFactory(course=course, expires_on=date(2031, 5, 20))
    credential = get_credential(client, certificate)
    assert credential["validUntil"] == "2031-05-20T20:59:59Z"  # the end of the day in Moscow


def test_a_revoked_certificate_shows_status_revoked(client, certificate, superuser):
    revoke(certificate, by=superuser, reason="Подложные документы")
    status = get_credential(client, certificate)["credentialStatus"]
    assert status["status"] == "revoked"
    assert status["reason"] == "Подложные документы"
    token = client.get(url("certificate_badge_jwt", certificate)).content.decode()
    payload = jwt.decode(token, published_key(client), algorithms=["EdDSA"])
    assert payload["credentialStatus"]["status"] == "revoked"


def test_the_jwt_verifies_with_the_published_key_and_carries_the_credential(client, certificate):
    response = client.get(url("certificate_badge_jwt", certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    token = response.content.decode()
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA"
    assert header["typ"] == "vc+jwt"
    assert header["kid"] == "http://testserver/.well-known/jwks.json#key-1"

    payload = jwt.decode(
        token, published_key(client), algorithms=["EdDSA"], issuer="http://testserver/badges/issuer.json"
    )
    credential = get_credential(client, certificate)
    claims = {key: payload.pop(key) for key in ("iss", "jti", "nbf")}
    assert payload == credential
    assert claims["jti"] == credential["id"]
    assert claims["nbf"] == int(certificate.issued_at.timestamp())


def test_a_tampered_jwt_fails(client, certificate):
    token = client.get(url("certificate_badge_jwt", certificate)).content.decode()
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["result"][0]["value"] = "100"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(f"{header}.{forged}.{signature}", published_key(client), algorithms=["EdDSA"])


def test_a_jwt_signed_with_another_key_fails(client, certificate):
    stranger = Ed25519PrivateKey.generate()
    token = jwt.encode(badges.build_credential(certificate), stranger, algorithm="EdDSA")
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, published_key(client), algorithms=["EdDSA"])


def test_an_expired_certificate_jwt_is_refused_by_jwt_libraries(client, course):
    certificate = CertificateFactory(course=course, expires_on=timezone.localdate() - timedelta(days=2))
    token = client.get(url("certificate_badge_jwt", certificate)).content.decode()
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(token, published_key(client), algorithms=["EdDSA"])


def test_a_configured_signing_key_is_used_and_published(client, certificate, settings):
    key = Ed25519PrivateKey.generate()
    settings.CERTIFICATE_SIGNING_KEY = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    settings.CERTIFICATE_SIGNING_KEY_ID = "2026-01"
    token = client.get(url("certificate_badge_jwt", certificate)).content.decode()
    assert jwt.get_unverified_header(token)["kid"].endswith("#2026-01")
    jwt.decode(token, key.public_key(), algorithms=["EdDSA"])
    assert published_key(client).key_id == "2026-01"


def test_the_derived_key_depends_on_the_secret_key(settings):
    first = badges.public_jwk()["x"]
    settings.SECRET_KEY = "another-secret"
    assert badges.public_jwk()["x"] != first


def test_the_issuer_profile_links_the_keys(client, db):
    response = client.get(reverse("mentors_issuer"))
    assert response.status_code == 200
    profile = response.json()
    assert profile["id"] == "http://testserver/badges/issuer.json"
    assert profile["type"] == ["Profile"]
    assert profile["name"] and profile["url"].startswith("http")
    assert profile["jwksUri"] == "http://testserver/.well-known/jwks.json"
    assert OB3_CONTEXT in profile["@context"]


def test_the_base_url_setting_is_used(client, certificate, settings):
    settings.CERTIFICATE_BASE_URL = "https://lms.irort.ru/"
    credential = get_credential(client, certificate)
    assert credential["id"] == f"https://lms.irort.ru/ru/certificates/{certificate.code}/badge.json"
    assert credential["issuer"]["id"] == "https://lms.irort.ru/badges/issuer.json"


@pytest.mark.parametrize("name", ["certificate_badge", "certificate_badge_jwt", "certificate_pdf", "certificate"])
def test_an_unknown_code_is_404_everywhere(client, db, name):
    response = client.get(reverse(f"mentors:{name}", kwargs={"code": "no-such-code"}))
    assert response.status_code == 404
