"""The issue of certificates and their revocation.

``issue_if_eligible`` runs on every evidence change and issues the certificate exactly once (a constraint backs it),
with a number taken from a locked counter so that numbers stay gapless and unique when certificates are issued in
parallel.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.log_actions import log

from course.codes import CompetencyCode
from course.models import CoursePage
from course.people import full_name
from course.progress import CourseProgress, course_progress
from mentors.certification.numbering import expiry_date, format_number, take_number
from mentors.certification.rules import eligibility, work_done
from mentors.models.certificates import Certificate, CertificateStatus
from mentors.models.profiles import MentorProfile
from mentors.profiles.services import create_profile_for
from mentors.tasks import certificate_issued


def snapshot_levels(levels: dict[str, float | None]) -> dict[str, int]:
    return {code: round(levels.get(code) or 0) for code in CompetencyCode.values}


def build_certificate(user, course: CoursePage, levels, *, issued_at, sequence: int) -> Certificate:
    """The unsaved certificate of ``user`` for ``course``, numbered ``sequence`` of the year it is issued in."""
    issued_on = timezone.localdate(issued_at)
    return Certificate(
        user=user,
        course=course,
        number=format_number(course.certificate_prefix, issued_on.year, sequence),
        year=issued_on.year,
        sequence=sequence,
        holder_name=full_name(user),
        course_title=course.title,
        hours=course.hours,
        levels=snapshot_levels(levels),
        issued_at=issued_at,
        expires_on=expiry_date(issued_on, course.certificate_validity_years),
    )


def issue_certificate(user, course: CoursePage, levels: dict[str, float | None], *, now=None) -> Certificate:
    """Issue the certificate (or return the one already issued) and create the holder's unpublished profile."""
    existing = Certificate.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    try:
        with transaction.atomic():
            sequence = take_number(course.certificate_prefix, timezone.localdate(now).year)
            certificate = build_certificate(user, course, levels, issued_at=now, sequence=sequence)
            certificate.save()
            create_profile_for(certificate)
    except IntegrityError:
        # Issued meanwhile by a parallel request for the same learner: the rollback returned the number.
        return Certificate.objects.get(user=user, course=course)
    transaction.on_commit(lambda: _after_issue(certificate.pk))
    return certificate


def _after_issue(certificate_id: int) -> None:
    certificate_issued.enqueue(certificate_id=certificate_id)


def issue_if_eligible(user, course: CoursePage, progress: CourseProgress | None = None) -> Certificate | None:
    """Issue the certificate when ``user`` has just become eligible; ``progress`` when the caller has it (the
    evidence change computed it for the completion stamp). The work done is checked first, from progress alone:
    while it is not all done, no query asks for a certificate or the competency levels."""
    if not course.issues_certificates:
        return None
    progress = progress or course_progress(user, course)
    if not work_done(progress) or Certificate.objects.filter(user=user, course=course).exists():
        return None
    result = eligibility(user, course, progress)
    if not result.eligible:
        return None
    return issue_certificate(user, course, result.levels)


def revoke(certificate: Certificate, *, by, reason: str) -> Certificate:
    """Revoke with a reason: the check page says so at once and the mentor leaves the registry."""
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required to revoke a certificate.")
    with transaction.atomic():
        certificate.status = CertificateStatus.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revocation_reason = reason
        certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
        profile = MentorProfile.objects.filter(certificate=certificate).first()
        if profile is not None:
            profile.certificate = certificate
            profile.save()
        log(certificate, "mentors.certificate.revoke", user=by, data={"reason": reason})
    return certificate
