"""The rules of certification and the issue of certificates.

``evaluate`` is a pure function of a learner's progress and competency levels; ``issue_if_eligible`` runs on every
evidence change and issues the certificate exactly once (a constraint backs it), with a number taken from a locked
counter so that numbers stay gapless and unique when certificates are issued in parallel.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from wagtail.log_actions import log
from wagtail.models import Page

from assessments import policy
from assessments.evidence import competency_profile
from assessments.models import AssessmentKind, AssessmentPage
from course.codes import CompetencyCode
from course.models import CaseStudyPage, CoursePage, LessonPage
from course.people import full_name
from course.progress import CourseProgress, ItemProgress, course_progress
from mentors.models import Certificate, CertificateNumberSequence, CertificateStatus, MentorProfile
from mentors.profiles import create_profile_for


def _interpolate(message, params: dict) -> str:
    return str(message) % params


# The checklist is built once and shown later (the dashboard, a cached fragment, a letter): its words are translated
# when they are shown, in the language of that page, not in whatever language was active when it was built.
interpolate_lazy = lazy(_interpolate, str)


@dataclass(frozen=True)
class Requirement:
    """One line of the certification checklist; ``label`` and ``detail`` are lazy, translated when shown."""

    code: str
    label: str
    met: bool
    detail: str = ""
    page: Page | None = None  # where to go next for it


@dataclass(frozen=True)
class Eligibility:
    requirements: list[Requirement]
    levels: dict[str, float | None]

    @property
    def eligible(self) -> bool:
        return all(requirement.met for requirement in self.requirements)

    @property
    def missing(self) -> list[Requirement]:
        return [requirement for requirement in self.requirements if not requirement.met]


def _is_final(page) -> bool:
    return isinstance(page, AssessmentPage) and page.kind == AssessmentKind.FINAL


def _count_requirement(code: str, label, items: list[ItemProgress]) -> Requirement:
    done = sum(item.state.done for item in items)
    first_open = next((item for item in items if not item.state.done), None)
    return Requirement(
        code=code,
        label=label,
        met=done == len(items),
        detail=interpolate_lazy(
            ngettext_lazy("%(done)s of %(total)s done", "%(done)s of %(total)s done", len(items)),
            {"done": done, "total": len(items)},
        ),
        page=first_open.page if first_open else None,
    )


def _is_capstone(page) -> bool:
    return isinstance(page, CaseStudyPage) and page.is_capstone


def evaluate(
    progress: CourseProgress,
    levels: dict[str, float | None],
    pass_levels: dict[str, int],
    evidence_items: Mapping[str, int],
) -> Eligibility:
    """What stands between a learner and the certificate: required lessons, cases and tests, the capstone project,
    the final assessment (its written answers reviewed), and each competency at or above its level in
    ``pass_levels`` (``policy.certification_levels``) on enough evidence (``evidence_items``: the graded pieces of
    work each level rests on, ``policy.competency_reached``)."""
    required = [item for item in progress.all_items if item.required]
    lessons = [item for item in required if isinstance(item.page, LessonPage)]
    cases = [item for item in required if isinstance(item.page, CaseStudyPage) and not _is_capstone(item.page)]
    tests = [item for item in required if isinstance(item.page, AssessmentPage) and not _is_final(item.page)]
    capstones = [item for item in progress.all_items if _is_capstone(item.page)]
    finals = [item for item in progress.all_items if _is_final(item.page)]
    requirements = [
        _count_requirement("lessons", _("Required lessons done"), lessons),
        _count_requirement("cases", _("Required case analyses accepted"), cases),
        _count_requirement("tests", _("Module tests passed"), tests),
    ]
    if capstones:
        requirements.append(_count_requirement("capstone", _("Capstone project accepted"), capstones))
    if finals:
        passed = any(item.state.done for item in finals)
        requirements.append(
            Requirement(
                "final",
                _("Final assessment passed"),
                passed,
                _("Passed") if passed else finals[0].state.label,
                None if passed else finals[0].page,
            )
        )
    else:
        requirements.append(
            Requirement("final", _("Final assessment passed"), False, _("The course has no final assessment."))
        )
    for code, name in CompetencyCode.choices:
        level = levels.get(code)
        pass_level = pass_levels[code]
        items = evidence_items.get(code, 0)
        if level is None:
            detail = _("not assessed yet")
        elif not policy.enough_evidence(items):
            detail = interpolate_lazy(
                _("now %(level)s, on %(items)s of the %(needed)s graded pieces of work it needs"),
                {"level": round(level), "items": items, "needed": policy.MIN_EVIDENCE_ITEMS},
            )
        else:
            detail = interpolate_lazy(_("now %(level)s"), {"level": round(level)})
        requirements.append(
            Requirement(
                f"competency:{code}",
                interpolate_lazy(
                    _("%(competency)s competency at %(level)s or above"), {"competency": name, "level": pass_level}
                ),
                policy.competency_reached(level, items, pass_level),
                detail,
            )
        )
    return Eligibility(requirements, levels)


def eligibility(user, course: CoursePage) -> Eligibility:
    progress = course_progress(user, course)
    profile = competency_profile(user, course, with_log=False)
    return evaluate(progress, profile.current, policy.certification_levels(course), profile.items)


def snapshot_levels(levels: dict[str, float | None]) -> dict[str, int]:
    return {code: round(levels.get(code) or 0) for code in CompetencyCode.values}


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:06d}"


def expiry_date(issued: date, validity_years: int | None) -> date | None:
    if not validity_years:
        return None
    try:
        return issued.replace(year=issued.year + validity_years)
    except ValueError:  # 29 February
        return issued.replace(year=issued.year + validity_years, day=28)


def _take_number(prefix: str, year: int) -> int:
    """The next number of the year; the row lock is held until the caller's transaction ends, so a rollback (say,
    a second certificate refused by the constraint) gives the number back."""
    CertificateNumberSequence.objects.get_or_create(prefix=prefix, year=year)
    sequence = CertificateNumberSequence.objects.select_for_update().get(prefix=prefix, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def issue_certificate(user, course: CoursePage, levels: dict[str, float | None], *, now=None) -> Certificate:
    """Issue the certificate (or return the one already issued) and create the holder's unpublished profile."""
    existing = Certificate.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    issued_on = timezone.localdate(now)
    try:
        with transaction.atomic():
            sequence = _take_number(course.certificate_prefix, issued_on.year)
            certificate = Certificate.objects.create(
                user=user,
                course=course,
                number=format_number(course.certificate_prefix, issued_on.year, sequence),
                year=issued_on.year,
                sequence=sequence,
                holder_name=full_name(user),
                course_title=course.title,
                hours=course.hours,
                levels=snapshot_levels(levels),
                issued_at=now,
                expires_on=expiry_date(issued_on, course.certificate_validity_years),
            )
            create_profile_for(certificate)
    except IntegrityError:
        # Issued meanwhile by a parallel request for the same learner: the rollback returned the number.
        return Certificate.objects.get(user=user, course=course)
    transaction.on_commit(lambda: _after_issue(certificate.pk))
    return certificate


def _after_issue(certificate_id: int) -> None:
    from mentors.tasks import certificate_issued

    certificate_issued.enqueue(certificate_id=certificate_id)


def issue_if_eligible(user, course: CoursePage) -> Certificate | None:
    if not course.issues_certificates or Certificate.objects.filter(user=user, course=course).exists():
        return None
    result = eligibility(user, course)
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
