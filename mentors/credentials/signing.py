"""The keys that sign the certificates' credentials, their public JWKs, and the signing itself (JWS, RS256).

Open Badges 3.0 requires RS256 as the minimum JWT algorithm, and 1EdTech's validator accepts only RS256 or ES256, so
the key is RSA (2048 bits or more). Production sets ``CERTIFICATE_SIGNING_KEY`` (PEM, PKCS#8 or PKCS#1); development
and tests, where it is empty, derive a 2048-bit key deterministically from ``SECRET_KEY`` (the same secret always gives
the same key, so credentials signed before a restart still verify).

Every key is published under its own address, which is also its ``kid``: the JWT header's ``kid`` is a URL that
returns that one JWK (what 1EdTech's validator dereferences), and ``/.well-known/jwks.json`` lists the same JWKs with
the same ``kid`` values (what JOSE libraries match a key set against). Retired keys (``CERTIFICATE_RETIRED_KEYS``)
stay published, for verification only, while JWTs they signed can still be in circulation.
"""

import base64
import functools
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from course.conf import setting
from mentors.credentials.addresses import absolute_url

JWT_ALGORITHM = "RS256"
JWT_TYPE = "JWT"  # OB 3.0: "typ" MUST be "JWT" when present
MIN_KEY_BITS = 2048
DERIVED_KEY_BITS = 2048
# Only for development and tests: the label of the key derived from SECRET_KEY when no key is configured.
DERIVED_KEY_LABEL = b"mentor-lms certificate signing key v2 (RSA)"
PUBLIC_EXPONENT = 65537


@dataclass(frozen=True)
class PublishedKey:
    """A public key the site publishes: its short id (in the key's URL) and the key."""

    key_id: str
    public_key: rsa.RSAPublicKey


# --- Deterministic derivation (development and tests only) -----------------------------------------------------------


class _Stream:
    """An HMAC-SHA256 counter-mode byte stream: deterministic randomness seeded by a secret."""

    def __init__(self, seed: bytes):
        self._key = hashlib.sha256(seed).digest()
        self._counter = 0

    def bits(self, count: int) -> int:
        chunks = []
        for _ in range((count + 255) // 256):
            self._counter += 1
            chunks.append(hmac.new(self._key, self._counter.to_bytes(8, "big"), hashlib.sha256).digest())
        return int.from_bytes(b"".join(chunks), "big") >> (len(chunks) * 256 - count)


_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % d for d in range(2, int(p**0.5) + 1))]


def _is_probable_prime(candidate: int, stream: _Stream, rounds: int = 40) -> bool:
    if any(candidate % p == 0 for p in _SMALL_PRIMES):
        return candidate in _SMALL_PRIMES
    d, s = candidate - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        witness = 2 + stream.bits(candidate.bit_length()) % (candidate - 3)
        x = pow(witness, d, candidate)
        if x in (1, candidate - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, candidate)
            if x == candidate - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, stream: _Stream) -> int:
    while True:
        # The two top bits set, so that the product has exactly twice the bits; odd.
        candidate = stream.bits(bits) | (0b11 << (bits - 2)) | 1
        if (candidate - 1) % PUBLIC_EXPONENT and _is_probable_prime(candidate, stream):
            return candidate


@functools.lru_cache(maxsize=4)
def derive_rsa_key(secret: str, bits: int = DERIVED_KEY_BITS) -> rsa.RSAPrivateKey:
    """An RSA key that depends only on ``secret``: for development and tests, never for production."""
    stream = _Stream(DERIVED_KEY_LABEL + b":" + secret.encode())
    p = _prime(bits // 2, stream)
    q = _prime(bits // 2, stream)
    while q == p:
        q = _prime(bits // 2, stream)
    p, q = max(p, q), min(p, q)
    d = pow(PUBLIC_EXPONENT, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(
        p=p,
        q=q,
        d=d,
        dmp1=rsa.rsa_crt_dmp1(d, p),
        dmq1=rsa.rsa_crt_dmq1(d, q),
        iqmp=rsa.rsa_crt_iqmp(p, q),
        public_numbers=rsa.RSAPublicNumbers(PUBLIC_EXPONENT, p * q),
    )
    return numbers.private_key()


# --- Keys from settings ----------------------------------------------------------------------------------------------


def _check_rsa(key, setting: str):
    if not isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        raise ImproperlyConfigured(f"{setting} must be an RSA key in PEM (Open Badges 3.0 signs with RS256).")
    if key.key_size < MIN_KEY_BITS:
        raise ImproperlyConfigured(f"{setting} must be an RSA key of at least {MIN_KEY_BITS} bits.")
    return key


@functools.lru_cache(maxsize=4)
def _load_private_pem(pem: str) -> rsa.RSAPrivateKey:
    return _check_rsa(serialization.load_pem_private_key(pem.encode(), password=None), "CERTIFICATE_SIGNING_KEY")


def signing_key() -> rsa.RSAPrivateKey:
    """The configured RSA key, or one derived from SECRET_KEY when none is configured (development, tests)."""
    pem = setting("CERTIFICATE_SIGNING_KEY")
    if pem:
        return _load_private_pem(pem.strip())
    return derive_rsa_key(settings.SECRET_KEY)


def key_id() -> str:
    return setting("CERTIFICATE_SIGNING_KEY_ID") or "key-1"


def _load_public_pem(pem: str) -> rsa.RSAPublicKey:
    pem = pem.strip()
    if "PRIVATE KEY" in pem:
        raise ImproperlyConfigured("CERTIFICATE_RETIRED_KEYS must hold public keys only.")
    return _check_rsa(serialization.load_pem_public_key(pem.encode()), "CERTIFICATE_RETIRED_KEYS")


def retired_keys() -> dict[str, str]:
    """``{key id: public key PEM}`` from the setting: a dict, or the same as a JSON object (from the environment)."""
    value = setting("CERTIFICATE_RETIRED_KEYS") or {}
    if isinstance(value, str):
        value = json.loads(value)
    return dict(value)


def published_keys() -> list[PublishedKey]:
    """The current key first, then the retired ones that still verify credentials signed earlier."""
    keys = [PublishedKey(key_id(), signing_key().public_key())]
    for retired_id, pem in retired_keys().items():
        if retired_id != key_id():
            keys.append(PublishedKey(retired_id, _load_public_pem(pem)))
    return keys


def find_key(kid: str) -> PublishedKey | None:
    return next((key for key in published_keys() if key.key_id == kid), None)


# --- JWKs ------------------------------------------------------------------------------------------------------------


def key_url(kid: str) -> str:
    """The address of one public key: the ``kid`` of the JWT header and of the JWK in the key set."""
    return absolute_url(reverse("mentors_key", kwargs={"kid": kid}))


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def public_jwk(key: PublishedKey) -> dict:
    numbers = key.public_key.public_numbers()
    return {
        "kty": "RSA",
        "kid": key_url(key.key_id),
        "use": "sig",
        "alg": JWT_ALGORITHM,
        "n": _b64url_uint(numbers.n),
        "e": _b64url_uint(numbers.e),
    }


def jwks() -> dict:
    return {"keys": [public_jwk(key) for key in published_keys()]}


# --- Signing ---------------------------------------------------------------------------------------------------------


def iso_utc(moment: datetime) -> str:
    """An XML Schema dateTime in UTC to the second, as the credentials carry it: ``2026-05-20T20:59:59Z``."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def jwt_time(iso: str) -> int:
    """The JWT NumericDate of an ISO time taken from a credential."""
    return int(datetime.fromisoformat(iso).timestamp())


def sign(payload: dict) -> str:
    """A compact JWS of ``payload`` with the current key: ``alg`` RS256, ``typ`` JWT, ``kid`` the key's URL."""
    headers = {"typ": JWT_TYPE, "kid": key_url(key_id())}
    return jwt.encode(payload, signing_key(), algorithm=JWT_ALGORITHM, headers=headers)
