"""A stranger's verifier of the certificates' Open Badges 3.0 credentials, built only on public material.

It imports nothing of the project: it gets documents through a ``fetch`` function (Django's test client or HTTP to a
live server) and checks them with 1EdTech's JSON Schemas and the W3C and 1EdTech JSON-LD contexts vendored in
``fixtures/ob3`` (see the README there), ``jsonschema``, ``PyLD`` and ``joserfc``:

1. ``badge.json`` and the ``badge.jwt`` payload are valid against the AchievementCredential schema, the issuer's
   profile against the Profile schema;
2. expanded as JSON-LD with the "undefined terms" context of VC 2.0 appended, nothing lands in the undefined-term
   vocabulary and PyLD drops no property (the JWT's registered claims are JOSE, not JSON-LD, and are left out);
3. the JWT: ``alg`` RS256, ``typ`` JWT, the key fetched from the URL in ``kid`` (as 1EdTech's validator does) and the
   same key found by ``kid`` in the issuer's ``/.well-known/jwks.json``; the claims ``iss``, ``sub``, ``jti``,
   ``nbf``, ``iat``, ``exp`` present and equal to what the credential says;
4. the status: the ``BitstringStatusListEntry``'s list credential fetched, its signature verified the same way, and
   the certificate's bit read.
"""

import base64
import gzip
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from pyld import jsonld

FIXTURES = Path(__file__).parent / "fixtures" / "ob3"
CONTEXTS = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob_v3p0_context-3.0.3.json",
}
UNDEFINED_TERMS_CONTEXT = "undefined-terms-v2.jsonld"
UNDEFINED_TERM_IRI = "https://www.w3.org/ns/credentials/undefined-term#"
JWT_CLAIMS = ("iss", "sub", "jti", "nbf", "iat", "exp")
MIN_STATUS_LIST_BITS = 131_072


class VerificationError(Exception):
    """The credential fails a check; the message says which."""


@dataclass(frozen=True)
class Fetched:
    status: int
    content_type: str
    body: bytes

    def json(self):
        return json.loads(self.body)

    def text(self) -> str:
        return self.body.decode()


Fetch = Callable[[str], Fetched]


@dataclass
class Report:
    """What a verifier found about one credential."""

    url: str
    errors: list[str] = field(default_factory=list)
    status: str = ""  # "valid", "revoked" or "expired" once the checks ran
    subject: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Schemas ---------------------------------------------------------------------------------------------------------


def _load(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@cache
def validators(kind: str) -> list[jsonschema.Draft201909Validator]:
    checker = jsonschema.Draft201909Validator.FORMAT_CHECKER
    return [jsonschema.Draft201909Validator(schema, format_checker=checker) for schema in schemas(kind)]


def schemas(kind: str) -> list[dict]:
    """The vendored schemas of ``kind`` ("achievementcredential" or "profile"), plus those in ``OB3_SCHEMA_DIR``."""
    found = [_load(f"ob_v3p0_{kind}_schema.json")]
    extra = os.environ.get("OB3_SCHEMA_DIR", "")
    if extra:
        for path in sorted(Path(extra).glob("*.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            if kind in str(schema.get("$id", "")).lower():
                found.append(schema)
    return found


def schema_errors(document: dict, kind: str) -> list[str]:
    errors = []
    for validator in validators(kind):
        for error in validator.iter_errors(document):
            path = "/".join(str(part) for part in error.absolute_path) or "(root)"
            errors.append(f"schema {validator.schema['$id'].rsplit('/', 1)[-1]}: {path}: {error.message[:200]}")
    return errors


# --- JSON-LD ---------------------------------------------------------------------------------------------------------


def _document_loader(url: str, options=None) -> dict:
    """Only the vendored contexts: a verifier must not let a credential pull arbitrary documents."""
    if url not in CONTEXTS:
        raise VerificationError(f"unknown JSON-LD context {url}")
    return {"contextUrl": None, "documentUrl": url, "document": _load(CONTEXTS[url])}


def _undefined_iris(node, found: set[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _undefined_iris(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key.startswith(UNDEFINED_TERM_IRI):
                found.add(key.removeprefix(UNDEFINED_TERM_IRI))
            if key == "@type":
                for type_iri in value if isinstance(value, list) else [value]:
                    if isinstance(type_iri, str) and type_iri.startswith(UNDEFINED_TERM_IRI):
                        found.add(type_iri.removeprefix(UNDEFINED_TERM_IRI))
            _undefined_iris(value, found)


def undefined_terms(document: dict) -> list[str]:
    """Terms of ``document`` that its contexts do not define (empty when all are defined)."""
    contexts = document.get("@context", [])
    contexts = contexts if isinstance(contexts, list) else [contexts]
    unknown = [context for context in contexts if isinstance(context, str) and context not in CONTEXTS]
    if unknown:
        return [f"@context {context}" for context in unknown]
    strict = {**document, "@context": [*contexts, _load(UNDEFINED_TERMS_CONTEXT)]}
    found: set[str] = set()
    expanded = jsonld.expand(strict, {"documentLoader": _document_loader})
    _undefined_iris(expanded, found)
    dropped: list[str] = []
    jsonld.expand(document, {"documentLoader": _document_loader}, on_property_dropped=dropped.append)
    return sorted(found | {f"dropped {term}" for term in dropped if term})


# --- JOSE ------------------------------------------------------------------------------------------------------------


def _b64json(segment: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def _jwks_url(kid: str) -> str:
    parts = urlsplit(kid)
    return f"{parts.scheme}://{parts.netloc}/.well-known/jwks.json"


def verify_jwt(token: str, fetch: Fetch, *, check_times: bool = True) -> tuple[dict, dict]:
    """The header and claims of a JWT signed by the key its ``kid`` points to; raises ``VerificationError``."""
    header = _b64json(token.split(".")[0])
    if header.get("alg") != "RS256":
        raise VerificationError(f"alg is {header.get('alg')!r}, not RS256")
    if header.get("typ", "JWT") != "JWT":
        raise VerificationError(f"typ is {header.get('typ')!r}, not JWT")
    kid = header.get("kid", "")
    if not kid.startswith(("http://", "https://")):
        raise VerificationError(f"kid {kid!r} is not a URL")
    response = fetch(kid)
    if response.status != 200:
        raise VerificationError(f"kid {kid} answers {response.status}")
    jwk = response.json()
    if jwk.get("kty") != "RSA" or "d" in jwk or jwk.get("kid") != kid:
        raise VerificationError(f"kid {kid} does not give one public RSA JWK with that kid")
    key_set = fetch(_jwks_url(kid))
    if key_set.status != 200:
        raise VerificationError(f"the key set {_jwks_url(kid)} answers {key_set.status}")
    try:
        by_url = jwt.decode(token, RSAKey.import_key(jwk), algorithms=["RS256"])
        # The same token must verify against the published key set, matched by kid (joserfc: "No key for kid").
        jwt.decode(token, KeySet.import_key_set(key_set.json()), algorithms=["RS256"])
    except (JoseError, ValueError) as error:
        raise VerificationError(f"signature: {error}") from error
    claims = by_url.claims
    missing = [claim for claim in JWT_CLAIMS if claim not in claims]
    if missing:
        raise VerificationError(f"claims missing: {', '.join(missing)}")
    if check_times:
        registry = jwt.JWTClaimsRegistry(now=int(time.time()), leeway=60)
        try:
            registry.validate(claims)
        except JoseError as error:
            raise VerificationError(f"claims: {error}") from error
    return by_url.header, claims


def _timestamp(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp())


def claim_errors(claims: dict, credential: dict) -> list[str]:
    """OB 3.0 § 8.2.4: the claims say what the credential says."""
    expected = {
        "iss": credential["issuer"]["id"] if isinstance(credential["issuer"], dict) else credential["issuer"],
        "sub": credential["credentialSubject"].get("id"),
        "jti": credential["id"],
        "nbf": _timestamp(credential["validFrom"]),
    }
    if "validUntil" in credential:
        expected["exp"] = _timestamp(credential["validUntil"])
    return [
        f"claim {name} is {claims.get(name)!r}, expected {value!r}"
        for name, value in expected.items()
        if claims.get(name) != value
    ]


# --- Status ----------------------------------------------------------------------------------------------------------


def is_revoked(credential: dict, fetch: Fetch) -> bool:
    """W3C Bitstring Status List: the list credential verified, then the credential's bit read."""
    entry = credential.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        raise VerificationError("credentialStatus is not a BitstringStatusListEntry")
    if entry.get("statusPurpose") != "revocation":
        raise VerificationError(f"statusPurpose is {entry.get('statusPurpose')!r}")
    response = fetch(entry["statusListCredential"])
    if response.status != 200:
        raise VerificationError(f"the status list answers {response.status}")
    _header, status_list = verify_jwt(response.text(), fetch)
    if "BitstringStatusListCredential" not in status_list.get("type", []):
        raise VerificationError("the status list is not a BitstringStatusListCredential")
    if status_list.get("issuer") != credential["issuer"]["id"]:
        raise VerificationError("the status list has another issuer")
    if undefined_terms({key: value for key, value in status_list.items() if key not in JWT_CLAIMS}):
        raise VerificationError("the status list has undefined terms")
    subject = status_list["credentialSubject"]
    if subject.get("statusPurpose") != entry["statusPurpose"]:
        raise VerificationError("statusPurpose of the list differs")
    encoded = subject["encodedList"]
    if not encoded.startswith("u"):
        raise VerificationError("encodedList is not multibase base64url")
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    if len(bits) * 8 < MIN_STATUS_LIST_BITS:
        raise VerificationError("the status list is shorter than 131,072 entries")
    index = int(entry["statusListIndex"])
    if index >= len(bits) * 8:
        raise VerificationError("statusListIndex is outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


# --- One certificate -------------------------------------------------------------------------------------------------


def verify_credential(badge_json_url: str, fetch: Fetch, *, token: str | None = None) -> Report:
    """All the checks for one certificate, from the address of its ``badge.json`` (and optionally a saved JWT)."""
    report = Report(badge_json_url)
    response = fetch(badge_json_url)
    if response.status != 200:
        report.errors.append(f"badge.json answers {response.status}")
        return report
    if response.content_type.split(";")[0].strip() != "application/vc":
        report.errors.append(f"badge.json is served as {response.content_type}, not application/vc")
    credential = response.json()
    report.subject = credential.get("credentialSubject", {}).get("id", "")
    report.errors += schema_errors(credential, "achievementcredential")
    report.errors += [f"undefined term in badge.json: {term}" for term in undefined_terms(credential)]
    report.errors += [f"issuer: {error}" for error in _issuer_errors(credential, fetch)]

    if token is None:
        jwt_response = fetch(badge_json_url.removesuffix("badge.json") + "badge.jwt")
        if jwt_response.status != 200:
            report.errors.append(f"badge.jwt answers {jwt_response.status}")
            return report
        token = jwt_response.text()
    expired = False
    try:
        _header, claims = verify_jwt(token, fetch, check_times=False)
        expired = claims["exp"] < time.time()
        payload = {key: value for key, value in claims.items() if key not in JWT_CLAIMS}
        report.errors += [f"JWT payload: {error}" for error in schema_errors(payload, "achievementcredential")]
        report.errors += [f"undefined term in the JWT payload: {term}" for term in undefined_terms(payload)]
        report.errors += claim_errors(claims, payload)
        if payload.get("id") != credential["id"]:
            report.errors.append("the JWT carries another credential")
        revoked = is_revoked(payload, fetch)
    except (VerificationError, KeyError) as error:
        report.errors.append(f"JWT: {error}")
        return report
    report.status = "revoked" if revoked else "expired" if expired else "valid"
    return report


def _issuer_errors(credential: dict, fetch: Fetch) -> list[str]:
    issuer_id = credential["issuer"]["id"]
    response = fetch(issuer_id)
    if response.status != 200:
        return [f"{issuer_id} answers {response.status}"]
    profile = response.json()
    errors = schema_errors(profile, "profile") + [f"undefined term {term}" for term in undefined_terms(profile)]
    if profile.get("id") != issuer_id:
        errors.append("the profile's id is not its address")
    return errors


# --- Fetching --------------------------------------------------------------------------------------------------------

ACCEPT = "application/vc, application/vc+jwt, application/jwk+json, application/json;q=0.9, */*;q=0.1"


def client_fetch(client, host: str = "testserver") -> Fetch:
    """Fetch through Django's test client: only addresses of the site under test."""

    def fetch(url: str) -> Fetched:
        parts = urlsplit(url)
        if parts.netloc != host:
            raise VerificationError(f"{url} is not on {host}")
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = client.get(path, HTTP_ACCEPT=ACCEPT)
        return Fetched(response.status_code, response.get("Content-Type", ""), response.content)

    return fetch


def http_fetch(timeout: float = 10) -> Fetch:
    """Fetch over HTTP(S) from a live server."""

    def fetch(url: str) -> Fetched:
        if not url.startswith(("http://", "https://")):
            raise VerificationError(f"{url} is not an HTTP address")
        request = urllib.request.Request(url, headers={"Accept": ACCEPT})  # noqa: S310 - checked just above
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return Fetched(response.status, response.headers.get("Content-Type", ""), response.read())
        except urllib.error.HTTPError as error:
            return Fetched(error.code, error.headers.get("Content-Type", ""), error.read())

    return fetch
