"""The mentors part of ``manage.py load_demo``: the registry page (Russian and English), learner5's published profile,
300 certified mentors across the 45 municipalities of Tatarstan and a few revoked certificates.

Run by ``demo.loader`` after the assessments (so learner5 is already certified by the rules).
Idempotent: only what is missing is created; ``--refresh`` updates the registry page's text.
"""

import logging
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Locale

from course.models import CoursePage, Subject
from demo.course import EDITORS_GROUP, DemoReport, ensure_child, segment_pairs, translate_page
from demo.people import generate_demo_mentors
from mentors.bulk import create_mentors
from mentors.certification import issue_if_eligible, revoke
from mentors.models import Certificate, CertificateStatus, MentorFormat, MentorProfile, MentorRegistryPage
from mentors.profiles import publish, reindex

logger = logging.getLogger(__name__)

DEMO_MENTOR_COUNT = 300
# Issue dates run back from here, one mentor every few days, so the registry spans 2025 and 2026.
LAST_ISSUE = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
REVOKED = {
    "mentor-0013": "Сертификат выдан по ошибке: итоговая аттестация засчитана повторно.",
    "mentor-0142": "Выявлено заимствование в анализе кейса; проверка аттестации отменена.",
    "mentor-0277": "Отозван по заявлению владельца.",
}
REGISTRY = {
    "ru": {
        "title": "Реестр наставников",
        "intro": "<p>Педагоги и руководители школ Республики Татарстан, прошедшие интенсив «Педагогическое "
        "наставничество» и подтвердившие пять компетенций наставника. Найдите наставника по муниципалитету, "
        "формату и уровню компетенций и отправьте запрос: контакты откроются, когда наставник его примет.</p>",
    },
    "en": {
        "title": "Mentor registry",
        "intro": "<p>Teachers and school leaders of the Republic of Tatarstan who completed the intensive "
        "“Pedagogical mentoring” and confirmed the five mentor competencies. Find a mentor by municipality, "
        "format and competency level and send a request: contacts are shared once the mentor accepts it.</p>",
    },
}
LEARNER5_PROFILE = {
    "bio": "<p>Заместитель директора по учебной работе, двенадцать лет в профессии. Как наставник сопровождаю "
    "молодых учителей математики в первые два года работы: вместе планируем уроки, разбираем трудные ситуации "
    "с классом и родителями.</p><p>Интересуюсь исследовательской деятельностью школьников и проектным "
    "управлением в школе.</p>",
    "formats": ["adaptive", "accompanying", "developmental"],
    "models": ["teaching", "competence"],
    "subjects": ["mathematics", "education-management"],
}


def load_demo_mentors(*, course: CoursePage, refresh: bool, report: DemoReport) -> None:
    """The registry page, learner5's profile, the certified demo mentors and the revoked certificates."""
    with transaction.atomic():
        ensure_editor_permissions()
    registry = ensure_registry(course, refresh=refresh, report=report)
    with transaction.atomic():
        certify_learner5(course, report)
    people = generate_demo_mentors(DEMO_MENTOR_COUNT)
    existing = set(
        get_user_model().objects.filter(username__in=[p.username for p in people]).values_list("username", flat=True)
    )
    missing = [person for person in people if person.username not in existing]
    if missing:
        created = create_mentors(missing, course, issued_at=lambda index, person: demo_issue_date(person.username))
        report.count("certified demo mentors", created)
    with transaction.atomic():
        revoke_some(report)
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


def ensure_registry(course: CoursePage, *, refresh: bool, report: DemoReport) -> MentorRegistryPage:
    home = course.get_parent().specific
    ru = REGISTRY["ru"]
    with transaction.atomic():
        registry = ensure_child(
            home,
            MentorRegistryPage,
            "mentors",
            {"title": ru["title"], "intro": ru["intro"], "show_in_menus": True},
            refresh=refresh,
            report=report,
        )
    en = Locale.objects.filter(language_code="en").first()
    if en is not None and home.has_translation(en):
        mapping = {ru["title"]: REGISTRY["en"]["title"], "mentors": "mentors"}
        mapping |= segment_pairs(ru["intro"], REGISTRY["en"]["intro"])
        translate_page(registry, en, mapping, refresh=refresh, report=report)
    return registry


def certify_learner5(course: CoursePage, report: DemoReport) -> None:
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
    profile.bio = LEARNER5_PROFILE["bio"]
    profile.models_practised = LEARNER5_PROFILE["models"]
    publish(profile)
    for code in LEARNER5_PROFILE["formats"]:
        MentorFormat.objects.get_or_create(profile=profile, format=code)
    profile.subjects.set(Subject.objects.filter(slug__in=LEARNER5_PROFILE["subjects"]))
    reindex(profile)
    report.count("published mentor profiles")


def revoke_some(report: DemoReport) -> None:
    admin = get_user_model().objects.filter(username="admin").first()
    certificates = Certificate.objects.filter(user__username__in=REVOKED, status=CertificateStatus.VALID)
    for certificate in certificates.select_related("user"):
        revoke(certificate, by=admin, reason=REVOKED[certificate.user.username])
        report.count("revoked certificates")
