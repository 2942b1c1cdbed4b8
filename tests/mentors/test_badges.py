"""The Open Badges 3.0 credential of a certificate: its JSON, the VC-JWT signed with the published RSA key, the
keys (each at the URL that is its ``kid``), the revocation status list, the issuer and the course's achievement."""

import base64
import json
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from course.codes import CompetencyCode
from mentors.certification.issuing import revoke
from mentors.checks import check_signing_keys
from mentors.credentials import addresses, badges, signing, status_list
from tests.factories import UserFactory
from tests.mentors.factories import CertificateFactory

pytestmark = pytest.mark.django_db

OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
KEY_URL = "http://testserver/badges/keys/key-1.json"


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
    return json.loads(response.content)


def get_token(client, certificate) -> str:
    response = client.get(url("certificate_badge_jwt", certificate))
    assert response.status_code == 200
    return response.content.decode()


def published_key(client, kid: str = KEY_URL) -> jwt.PyJWK:
    """The key a stranger gets by following ``kid``."""
    response = client.get(urlsplit(kid).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jwk+json"
    key = response.json()
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig" and key["kid"] == kid
    assert "d" not in key and "p" not in key  # no private part
    return jwt.PyJWK(key)


def decode(client, token: str, **kwargs) -> dict:
    kid = jwt.get_unverified_header(token)["kid"]
    return jwt.decode(token, published_key(client, kid), algorithms=["RS256"], **kwargs)


def rsa_pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


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
    assert issuer["image"] == {
        "id": "http://testserver/static/mentors/badges/issuer.svg",
        "type": "Image",
        "caption": issuer["name"],
    }
    assert credential["validFrom"].endswith("Z")
    assert credential["validFrom"].startswith(certificate.issued_at.astimezone(UTC).strftime("%Y-%m-%d"))
    assert "validUntil" not in credential

    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"] == [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": certificate.holder_name}
    ]
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "Certificate"
    assert achievement["name"] == certificate.course_title
    assert achievement["criteria"]["narrative"]
    assert achievement["image"]["id"] == "http://testserver/static/mentors/badges/achievement.svg"
    assert [alignment["targetCode"] for alignment in achievement["alignment"]] == CompetencyCode.values
    for alignment in achievement["alignment"]:
        assert alignment["type"] == ["Alignment"]
        assert alignment["targetType"] == "ceasn:Competency"
        assert alignment["targetUrl"].startswith(achievement["id"] + "#competency-")
        assert alignment["targetName"]
    descriptions = {description["id"]: description for description in achievement["resultDescription"]}
    assert len(descriptions) == 5
    assert {description["resultType"] for description in descriptions.values()} == {"Percent"}
    results = {result["resultDescription"]: result["value"] for result in subject["result"]}
    assert set(results) == set(descriptions)
    expert = next(key for key, value in descriptions.items() if value["alignment"][0]["targetCode"] == "expert")
    assert results[expert] == "80"


def test_the_subject_has_a_stable_id_without_personal_data(client, certificate, course):
    subject_id = get_credential(client, certificate)["credentialSubject"]["id"]
    assert subject_id.startswith("urn:uuid:")
    assert get_credential(client, certificate)["credentialSubject"]["id"] == subject_id
    other = CertificateFactory(course=course)
    assert get_credential(client, other)["credentialSubject"]["id"] != subject_id
    assert certificate.user.email not in subject_id and certificate.holder_name not in subject_id
    # Derived from the public verification code only: the same code gives the same id, whoever holds it.
    assert subject_id == badges.subject_id(certificate)


def test_the_achievement_is_one_per_course(client, certificate, course):
    other = CertificateFactory(course=course)
    first = get_credential(client, certificate)["credentialSubject"]["achievement"]
    second = get_credential(client, other)["credentialSubject"]["achievement"]
    assert first["id"] == second["id"] == f"http://testserver/ru/certificates/achievements/{course.pk}/"
    assert first["criteria"]["id"] == first["id"]


def test_the_achievement_page_has_every_anchor_the_credential_points_to(client, certificate):
    achievement = get_credential(client, certificate)["credentialSubject"]["achievement"]
    response = client.get(urlsplit(achievement["id"]).path)
    assert response.status_code == 200
    html = response.content.decode()
    assert certificate.course.title in html
    assert achievement["criteria"]["narrative"] in html
    targets = [alignment["targetUrl"] for alignment in achievement["alignment"]]
    targets += [description["id"] for description in achievement["resultDescription"]]
    for target in targets:
        page, fragment = target.split("#")
        assert page == achievement["id"]
        assert f'id="{fragment}"' in html


def test_an_unknown_course_has_no_achievement_page(client, db):
    assert client.get(reverse("mentors:achievement", kwargs={"course_id": 999999})).status_code == 404


def test_the_credential_is_served_as_application_vc_and_readable_in_a_browser(client, certificate):
    response = client.get(url("certificate_badge", certificate), HTTP_ACCEPT="application/vc")
    assert response["Content-Type"] == "application/vc"
    assert "Accept" in response["Vary"]
    assert "  " in response.content.decode()  # indented
    assert certificate.holder_name in response.content.decode()  # UTF-8, not \\u escapes
    browser = client.get(url("certificate_badge", certificate), HTTP_ACCEPT="text/html,application/xhtml+xml,*/*")
    assert browser["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(browser.content) == json.loads(response.content)


def test_the_credential_carries_no_e_mail(client, certificate):
    for name in ("certificate_badge", "certificate_badge_jwt"):
        body = client.get(url(name, certificate)).content.decode()
        if name == "certificate_badge_jwt":
            payload = body.split(".")[1]
            body = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
        assert "alsu.secret@example.org" not in body
        assert "@example.org" not in body


def test_the_credential_is_the_same_in_every_language(client, certificate):
    english = json.loads(client.get(f"/en/certificates/{certificate.code}/badge.json").content)
    assert english == get_credential(client, certificate)


def test_an_expiring_certificate_has_valid_until_and_exp(client, course):
    certificate = CertificateFactory(course=course, expires_on=date(2031, 5, 20))
    credential = get_credential(client, certificate)
    assert credential["validUntil"] == "2031-05-20T20:59:59Z"  # the end of the day in Moscow
    claims = decode(client, get_token(client, certificate))
    assert claims["exp"] == int(datetime(2031, 5, 20, 20, 59, 59, tzinfo=UTC).timestamp())


def test_the_jwt_verifies_with_the_key_its_kid_points_to_and_carries_the_credential(client, certificate):
    response = client.get(url("certificate_badge_jwt", certificate))
    assert response["Content-Type"] == "application/vc+jwt"
    token = response.content.decode()
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT", "kid": KEY_URL}

    before = int(timezone.now().timestamp())
    payload = decode(client, token, issuer="http://testserver/badges/issuer.json")
    credential = get_credential(client, certificate)
    claims = {key: payload.pop(key) for key in badges.JWT_CLAIMS}
    assert payload == credential
    assert claims["iss"] == credential["issuer"]["id"]
    assert claims["sub"] == credential["credentialSubject"]["id"]
    assert claims["jti"] == credential["id"]
    assert claims["nbf"] == int(certificate.issued_at.timestamp())
    assert before - 5 <= claims["iat"] <= before + 5
    # Without an expiry date the signed copy still goes stale: a verifier fetches a fresh one.
    assert claims["exp"] == pytest.approx(claims["iat"] + 365 * 24 * 3600, abs=5)


def test_the_key_set_has_the_same_kid(client, certificate):
    token = get_token(client, certificate)
    response = client.get(reverse("mentors_jwks"))
    assert response["Content-Type"] == "application/jwk-set+json"
    (key,) = response.json()["keys"]
    assert key == published_key(client)._jwk_data
    assert key["kid"] == jwt.get_unverified_header(token)["kid"]
    jwt.decode(token, jwt.PyJWKSet.from_dict(response.json())[key["kid"]], algorithms=["RS256"])


def test_an_unknown_kid_is_not_found(client, db):
    response = client.get(reverse("mentors_key", kwargs={"kid": "no-such-key"}), follow=True)
    assert response.status_code == 404


def test_a_tampered_jwt_fails(client, certificate):
    token = get_token(client, certificate)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["result"][0]["value"] = "100"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(jwt.InvalidSignatureError):
        decode(client, f"{header}.{forged}.{signature}")


def test_a_jwt_signed_with_another_key_fails(client, certificate):
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(badges.build_credential(certificate), stranger, algorithm="RS256", headers={"kid": KEY_URL})
    with pytest.raises(jwt.InvalidSignatureError):
        decode(client, token)


def test_an_expired_certificate_jwt_is_refused_by_jwt_libraries(client, course):
    certificate = CertificateFactory(course=course, expires_on=timezone.localdate() - timedelta(days=2))
    with pytest.raises(jwt.ExpiredSignatureError):
        decode(client, get_token(client, certificate))


def test_a_configured_rsa_key_is_used_and_published(client, certificate, mentor_lms_settings):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    mentor_lms_settings(CERTIFICATE_SIGNING_KEY=rsa_pem(key), CERTIFICATE_SIGNING_KEY_ID="2026-01")
    token = get_token(client, certificate)
    kid = jwt.get_unverified_header(token)["kid"]
    assert kid == "http://testserver/badges/keys/2026-01.json"
    jwt.decode(token, key.public_key(), algorithms=["RS256"])
    assert published_key(client, kid).key_id == kid


def test_a_retired_key_stays_published_and_verifies_what_it_signed(client, certificate, mentor_lms_settings):
    old = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    mentor_lms_settings(CERTIFICATE_SIGNING_KEY=rsa_pem(old), CERTIFICATE_SIGNING_KEY_ID="2025-01")
    saved = get_token(client, certificate)

    mentor_lms_settings(
        CERTIFICATE_SIGNING_KEY=rsa_pem(rsa.generate_private_key(public_exponent=65537, key_size=2048)),
        CERTIFICATE_SIGNING_KEY_ID="2026-01",
    )
    old_public = old.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    mentor_lms_settings(CERTIFICATE_RETIRED_KEYS=json.dumps({"2025-01": old_public.decode()}))

    kids = [key["kid"] for key in client.get(reverse("mentors_jwks")).json()["keys"]]
    assert kids == ["http://testserver/badges/keys/2026-01.json", "http://testserver/badges/keys/2025-01.json"]
    assert decode(client, saved)["jti"] == addresses.badge_url(certificate)
    assert jwt.get_unverified_header(get_token(client, certificate))["kid"].endswith("/2026-01.json")


@pytest.mark.parametrize(
    "key",
    [Ed25519PrivateKey.generate(), rsa.generate_private_key(public_exponent=65537, key_size=1024)],  # noqa: S505
    ids=["ed25519", "rsa-1024"],
)
def test_a_key_other_than_rsa_2048_is_refused(mentor_lms_settings, key):
    mentor_lms_settings(CERTIFICATE_SIGNING_KEY=rsa_pem(key))
    with pytest.raises(ImproperlyConfigured):
        signing.signing_key()


def test_a_private_key_among_the_retired_ones_is_refused(mentor_lms_settings):
    mentor_lms_settings(
        CERTIFICATE_RETIRED_KEYS={"old": rsa_pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))}
    )
    with pytest.raises(ImproperlyConfigured):
        signing.published_keys()


def test_the_derived_key_is_deterministic_and_depends_on_the_secret_key(settings):
    first = signing.signing_key().public_key().public_numbers()
    assert signing.derive_rsa_key.__wrapped__(settings.SECRET_KEY).public_key().public_numbers() == first
    assert signing.signing_key().key_size == 2048
    settings.SECRET_KEY = "another-secret"
    assert signing.signing_key().public_key().public_numbers() != first


def test_the_issuer_profile(client, db):
    response = client.get(reverse("mentors_issuer"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    profile = response.json()
    assert profile["id"] == "http://testserver/badges/issuer.json"
    assert profile["type"] == ["Profile"]
    assert profile["name"] and profile["url"].startswith("http")
    assert profile["image"]["type"] == "Image"
    assert "jwksUri" not in profile  # not a term of any context: the keys are found through the JWT's kid
    assert OB3_CONTEXT in profile["@context"]


def test_the_base_url_setting_is_used(client, certificate, mentor_lms_settings):
    mentor_lms_settings(CERTIFICATE_BASE_URL="https://lms.irort.ru/")
    credential = get_credential(client, certificate)
    assert credential["id"] == f"https://lms.irort.ru/ru/certificates/{certificate.code}/badge.json"
    assert credential["issuer"]["id"] == "https://lms.irort.ru/badges/issuer.json"
    assert credential["credentialStatus"]["statusListCredential"] == "https://lms.irort.ru/badges/status/1"
    assert jwt.get_unverified_header(get_token(client, certificate))["kid"] == (
        "https://lms.irort.ru/badges/keys/key-1.json"
    )


@pytest.mark.parametrize("name", ["certificate_badge", "certificate_badge_jwt", "certificate_pdf", "certificate"])
def test_an_unknown_code_is_404_everywhere(client, db, name):
    response = client.get(reverse(f"mentors:{name}", kwargs={"code": "no-such-code"}))
    assert response.status_code == 404


# --- Revocation through the status list ------------------------------------------------------------------------------


def status_bits(client, list_url: str) -> bytes:
    response = client.get(urlsplit(list_url).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    token = response.content.decode()
    assert jwt.get_unverified_header(token)["kid"] == KEY_URL
    list_credential = decode(client, token)
    assert list_credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert list_credential["issuer"] == "http://testserver/badges/issuer.json"
    subject = list_credential["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    return status_list.decode(subject["encodedList"])


def is_revoked(client, credential: dict) -> bool:
    entry = credential["credentialStatus"]
    bits = status_bits(client, entry["statusListCredential"])
    assert len(bits) * 8 == 131_072
    return status_list.is_set(bits, int(entry["statusListIndex"]))


def test_the_credential_points_to_its_bit_in_the_status_list(client, certificate):
    entry = get_credential(client, certificate)["credentialStatus"]
    index = certificate.pk - 1
    assert entry == {
        "id": f"http://testserver/badges/status/1#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": "http://testserver/badges/status/1",
    }


def test_a_revocation_shows_in_the_status_list_also_for_a_copy_saved_before(client, certificate, course, superuser):
    bystander = CertificateFactory(course=course)
    saved = decode(client, get_token(client, certificate))
    assert not is_revoked(client, saved)

    revoke(certificate, by=superuser, reason="Подложные документы")

    assert is_revoked(client, saved)
    assert is_revoked(client, get_credential(client, certificate))
    assert not is_revoked(client, get_credential(client, bystander))
    # The check page and the PDF agree.
    assert "revoked" in client.get(url("certificate", certificate)).content.decode()
    assert client.get(url("certificate_pdf", certificate)).status_code == 410


def test_the_status_list_is_signed_afresh_with_a_short_validity(client, certificate, mentor_lms_settings):
    mentor_lms_settings(CERTIFICATE_STATUS_LIST_TTL=600)
    response = client.get(reverse("mentors_status_list", kwargs={"list_id": 1}))
    claims = decode(client, response.content.decode())
    assert claims["exp"] - claims["iat"] == 600
    assert claims["credentialSubject"]["ttl"] == 600_000
    assert "max-age=60" in response["Cache-Control"]


def test_status_lists_beyond_the_certificates_do_not_exist(client, certificate):
    response = client.get(reverse("mentors_status_list", kwargs={"list_id": 2}), follow=True)
    assert response.status_code == 404


def test_the_bitstring_encoding(db):
    encoded = status_list.encode([0, 9, 131_071])
    assert encoded.startswith("u") and "=" not in encoded
    bits = status_list.decode(encoded)
    assert bits[0] == 0b1000_0000 and bits[1] == 0b0100_0000 and bits[-1] == 1
    assert [index for index in range(131_072) if status_list.is_set(bits, index)] == [0, 9, 131_071]
    assert status_list.encode([]) == status_list.encode([])  # deterministic


def test_the_system_check_reports_a_wrong_signing_key(mentor_lms_settings):
    assert check_signing_keys() == []
    mentor_lms_settings(CERTIFICATE_SIGNING_KEY=rsa_pem(Ed25519PrivateKey.generate()))
    assert [error.id for error in check_signing_keys()] == ["mentors.E001"]
    mentor_lms_settings(CERTIFICATE_SIGNING_KEY="", CERTIFICATE_SIGNING_KEY_ID="key 1/2")
    assert [error.id for error in check_signing_keys()] == ["mentors.E003"]
    mentor_lms_settings(CERTIFICATE_SIGNING_KEY_ID="key-1", CERTIFICATE_RETIRED_KEYS="not json")
    assert [error.id for error in check_signing_keys()] == ["mentors.E002"]
