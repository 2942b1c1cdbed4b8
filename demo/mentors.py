"""The mentors part of ``manage.py load_demo``: the registry page (Russian and English), learner5's published profile,
300 certified mentors across the 45 municipalities of Tatarstan and a few revoked certificates. The texts (the
registry page's, learner5's profile, the revocation reasons) are in ``demo/content/mentors/mentors.json``, the people
come from ``demo.people``.

Run by ``demo.loader`` after the assessments (so learner5 is already certified by the rules).
Idempotent: only what is missing is created; ``--refresh`` updates the registry page's text.
"""

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Locale

from course.models import CoursePage, Subject
from demo.course import EDITORS_GROUP, DemoReport, ensure_child, segment_pairs, translate_page
from demo.people import generate_demo_mentors
from mentors.certification.bulk import create_mentors
from mentors.certification.issuing import issue_if_eligible, revoke
from mentors.models import Certificate, CertificateStatus, MentorFormat, MentorProfile, MentorRegistryPage
from mentors.profiles.services import publish, reindex

logger = logging.getLogger(__name__)

DEMO_MENTOR_COUNT = 300
# Issue dates run back from here, one mentor every few days, so the registry spans 2025 and 2026.
LAST_ISSUE = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
CONTENT_FILE = Path(__file__).resolve().parent / "content" / "mentors" / "mentors.json"


def load_demo_mentors(*, course: CoursePage, refresh: bool, report: DemoReport) -> None:
    """The registry page, learner5's profile, the certified demo mentors and the revoked certificates."""
    content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    with transaction.atomic():
        ensure_editor_permissions()
    registry = ensure_registry(course, content["registry"], refresh=refresh, report=report)
    with transaction.atomic():
        certify_learner5(course, content["learner5_profile"], report)
    people = generate_demo_mentors(DEMO_MENTOR_COUNT)
    existing = set(
        get_user_model().objects.filter(username__in=[p.username for p in people]).values_list("username", flat=True)
    )
    missing = [person for person in people if person.username not in existing]
    if missing:
        created = create_mentors(missing, course, issued_at=lambda index, person: demo_issue_date(person.username))
        report.count("certified demo mentors", created)
    with transaction.atomic():
        revoke_some(content["revoked"], report)
    logger.debug("Registry at %s", registry.url)


def ensure_editor_permissions() -> None:
    """The institute's editors see and revoke certificates."""
    editors = Group.objects.filter(name=EDITORS_GROUP).first()
    if editors is not None:
        codenames = ["view_certificate", "change_certificate"]
        editors.permissions.add(*Permission.objects.filter(content_type__app_label="mentors", codename__in=codenames))


def demo_issue_date(username: str) -> datetime:
    number = int(username.rsplit("-", 1)[-1])
    return LAST_ISSUE - timedelta(days=(number * 37) % 540, hours=number % 9)


def ensure_registry(course: CoursePage, text: dict, *, refresh: bool, report: DemoReport) -> MentorRegistryPage:
    home = course.get_parent().specific
    ru, slug = text["ru"], text["slug"]
    with transaction.atomic():
        registry = ensure_child(
            home,
            MentorRegistryPage,
            slug,
            {"title": ru["title"], "intro": ru["intro"], "show_in_menus": True},
            refresh=refresh,
            report=report,
        )
    en = Locale.objects.filter(language_code="en").first()
    if en is not None and home.has_translation(en):
        mapping = {ru["title"]: text["en"]["title"], slug: slug}
        mapping |= segment_pairs(ru["intro"], text["en"]["intro"])
        translate_page(registry, en, mapping, refresh=refresh, report=report)
    return registry


def certify_learner5(course: CoursePage, filled_in: dict, report: DemoReport) -> None:
    """learner5 finished the course: the rules issue the certificate; the demo publishes a filled-in profile."""
    learner = get_user_model().objects.filter(username="learner5").first()
    if learner is None:
        return
    issue_if_eligible(learner, course)
    profile = MentorProfile.objects.filter(user=learner, certificate__course=course).first()
    if profile is None:
        logger.warning("learner5 is not eligible for a certificate; the demo profile is skipped.")
        return
    if profile.is_published or profile.publication_consent_at:
        return
    profile.bio = filled_in["bio"]
    profile.models_practised = filled_in["models"]
    publish(profile)
    for code in filled_in["formats"]:
        MentorFormat.objects.get_or_create(profile=profile, format=code)
    profile.subjects.set(Subject.objects.filter(slug__in=filled_in["subjects"]))
    reindex(profile)
    report.count("published mentor profiles")


def revoke_some(reasons: dict[str, str], report: DemoReport) -> None:
    """``reasons``: the revocation reason by the holder's username."""
    admin = get_user_model().objects.filter(username="admin").first()
    certificates = Certificate.objects.filter(user__username__in=reasons, status=CertificateStatus.VALID)
    for certificate in certificates.select_related("user"):
        revoke(certificate, by=admin, reason=reasons[certificate.user.username])
        report.count("revoked certificates")
