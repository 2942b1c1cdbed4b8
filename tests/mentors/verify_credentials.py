"""``make verify-credentials``: every demo certificate's credential through a stranger's verifier.

    python -m tests.mentors.verify_credentials                      # the demo, loaded into a fresh SQLite database
    python -m tests.mentors.verify_credentials --certificate URL …  # certificates on a live server (check page or
                                                                    # badge.json addresses), over HTTP

The first form migrates a temporary database (``VERIFY_DATABASE_URL``, default a SQLite file in a temporary folder),
loads the demo (301 certificates, 3 of them revoked), then checks each credential with ``credential_verifier``
through Django's test client, which reaches only the site's public addresses: 1EdTech's schemas, JSON-LD expansion
failing on undefined terms, the JWT verified with joserfc with the key that its ``kid`` URL returns and the same key
from the key set, the status read from the signed status list. It passes when every credential passes, the revoked
certificates (and only they) read as revoked, and a JWT saved before a revocation reads as revoked after it.
"""

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def _print(*parts) -> None:
    sys.stdout.write(" ".join(str(part) for part in parts) + "\n")
    sys.stdout.flush()


def _badge_json_url(address: str) -> str:
    address = address.split("?")[0]
    if address.endswith("badge.json"):
        return address
    return address.rstrip("/") + "/badge.json"


def verify_live(addresses: list[str]) -> int:
    from tests.mentors import credential_verifier as verifier

    fetch = verifier.http_fetch()
    failures = 0
    for address in addresses:
        report = verifier.verify_credential(_badge_json_url(address), fetch)
        _print(f"{report.status or 'FAILED':8} {report.url}")
        for error in report.errors:
            _print("         ", error)
        failures += not report.ok
    return 1 if failures else 0


def verify_demo(database_url: str) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms_site.settings.test"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEMO_PASSWORD", "verify-credentials-only")  # not printed, never used
    import django

    django.setup()

    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from mentors.certification.issuing import revoke
    from mentors.credentials import addresses
    from mentors.models import Certificate, CertificateStatus
    from tests.mentors import credential_verifier as verifier

    setup_test_environment()  # ALLOWED_HOSTS for the test client's "testserver"
    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
    _print(f"demo loaded in {time.monotonic() - started:.0f} s")

    fetch = verifier.client_fetch(Client())
    certificates = list(Certificate.objects.select_related("course").order_by("pk"))
    expected = {certificate.pk: certificate.current_status for certificate in certificates}
    statuses, failures = Counter(), []
    started = time.monotonic()
    for certificate in certificates:
        report = verifier.verify_credential(addresses.badge_url(certificate), fetch)
        statuses[report.status or "failed"] += 1
        if not report.ok or report.status != expected[certificate.pk]:
            failures.append((certificate, report))
    elapsed = time.monotonic() - started

    # A JWT saved while the certificate was valid must read as revoked once it is revoked.
    target = next(c for c in certificates if c.current_status == CertificateStatus.VALID)
    saved = fetch(addresses.badge_jwt_url(target)).text()
    before = verifier.verify_credential(addresses.badge_url(target), fetch, token=saved)
    admin = type(target.user).objects.filter(is_superuser=True).first()
    revoke(target, by=admin, reason="make verify-credentials")
    after = verifier.verify_credential(addresses.badge_url(target), fetch, token=saved)

    _print(f"{len(certificates)} demo certificates verified in {elapsed:.0f} s")
    _print(f"  schemas      : {verifier.FIXTURES.relative_to(Path.cwd())} (1EdTech AchievementCredential, Profile)")
    _print("  JSON-LD      : VC 2.0 + OB 3.0.3 contexts with the undefined-terms context; no undefined term")
    _print("  JWT          : RS256, typ JWT, key from the kid URL and from /.well-known/jwks.json (joserfc)")
    _print("  status       : " + ", ".join(f"{name} {count}" for name, count in sorted(statuses.items())))
    revoked_expected = sum(1 for status in expected.values() if status == CertificateStatus.REVOKED)
    _print(
        f"  revoked      : {statuses['revoked']} read as revoked through the status list, {revoked_expected} revoked"
    )
    _print(f"  saved JWT    : {before.status} before the revocation of {target.number}, {after.status} after it")
    for certificate, report in failures[:20]:
        _print(f"FAILED {certificate.number} ({expected[certificate.pk]} -> {report.status or 'no status'})")
        for error in report.errors[:10]:
            _print("   ", error)
    ok = not failures and before.ok and after.ok and (before.status, after.status) == ("valid", "revoked")
    _print("verify-credentials: " + ("passed" if ok else f"FAILED ({len(failures)} certificates)"))
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--certificate", nargs="+", metavar="URL", help="verify these certificates on a live server")
    args = parser.parse_args()
    if args.certificate:
        return verify_live(args.certificate)
    with tempfile.TemporaryDirectory(prefix="verify-credentials-") as folder:
        default = f"sqlite:///{folder}/verify.sqlite3"
        return verify_demo(os.environ.get("VERIFY_DATABASE_URL", default))


if __name__ == "__main__":
    sys.exit(main())
