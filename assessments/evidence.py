"""The evidence log and the competency profile computed from it.

Each graded page leaves one set of rows per learner (replaced when it is graded again), so the profile is a plain
aggregate: level = points earned / points possible over everything tagged with the competency.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from assessments.models import AssessmentKind, CompetencyEvidence, EvidenceSource
from assessments.scoring import COMPETENCY_CODES, AttemptGrade, Evidence, competency_levels, weakest_competencies
from course.access import course_of
from course.models import CoursePage
from course.signals import evidence_changed

SOURCE_OF_KIND = {
    AssessmentKind.DIAGNOSTIC: EvidenceSource.DIAGNOSTIC,
    AssessmentKind.MODULE_TEST: EvidenceSource.MODULE_TEST,
    AssessmentKind.FINAL: EvidenceSource.FINAL,
}


def _replace(user, page, course, rows: list[CompetencyEvidence]) -> None:
    CompetencyEvidence.objects.filter(user=user, page=page).delete()
    CompetencyEvidence.objects.bulk_create(rows)
    transaction.on_commit(lambda: evidence_changed.send(sender=CompetencyEvidence, user=user, page=page))


def record_attempt(attempt, result: AttemptGrade) -> None:
    """The latest graded attempt at a page is its evidence; self-assessment is kept as its own source."""
    page = attempt.page
    course = course_of(page)
    if course is None:
        return
    now = attempt.graded_at or attempt.submitted_at or timezone.now()
    rows = []
    if not result.pending_review:
        source = SOURCE_OF_KIND.get(page.kind, EvidenceSource.MODULE_TEST)
        rows += [
            CompetencyEvidence(
                user=attempt.user,
                course=course,
                page=page,
                source=source,
                competency=code,
                earned=Decimal(str(score.earned)),
                possible=Decimal(str(score.possible)),
                recorded_at=now,
            )
            for code, score in result.competencies.items()
            if score.possible
        ]
    rows += [
        CompetencyEvidence(
            user=attempt.user,
            course=course,
            page=page,
            source=EvidenceSource.SELF,
            competency=code,
            earned=Decimal(str(round(level, 2))),
            possible=Decimal(100),
            recorded_at=now,
        )
        for code, level in result.self_assessment.items()
    ]
    _replace(attempt.user, page, course, rows)


def record_review(review, user, case) -> None:
    """A case's latest review is its evidence: the points on each rubric criterion, per competency."""
    course = course_of(case)
    if course is None:
        return
    totals: dict[str, list[Decimal]] = {}
    for criterion in review.rubric_snapshot:
        earned, possible = totals.setdefault(criterion["competency"], [Decimal(0), Decimal(0)])
        totals[criterion["competency"]] = [
            earned + Decimal(str(review.scores.get(criterion["id"], 0))),
            possible + Decimal(criterion["max_points"]),
        ]
    rows = [
        CompetencyEvidence(
            user=user,
            course=course,
            page=case,
            source=EvidenceSource.CASE,
            competency=code,
            earned=earned,
            possible=possible,
            recorded_at=review.created_at or timezone.now(),
        )
        for code, (earned, possible) in totals.items()
    ]
    _replace(user, case, course, rows)


@dataclass
class CompetencyProfile:
    """Where a learner stands in each competency of a course, with what the levels rest on."""

    course: CoursePage
    current: dict[str, float | None]
    entry: dict[str, float | None]
    self_assessment: dict[str, float | None]
    log: list[CompetencyEvidence] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)

    @property
    def has_evidence(self) -> bool:
        return any(level is not None for level in self.current.values())

    def rows(self):
        """One row per competency for the data table beside the chart."""
        return [
            {
                "code": code,
                "current": self.current.get(code),
                "entry": self.entry.get(code),
                "self": self.self_assessment.get(code),
                "band": self.course.band_for(self.current[code]) if self.current.get(code) is not None else "none",
                "focus": code in self.focus,
            }
            for code in COMPETENCY_CODES
        ]


def _levels(queryset) -> dict[str, float | None]:
    totals = queryset.values("competency").annotate(earned=Sum("earned"), possible=Sum("possible"))
    return competency_levels(
        Evidence(row["competency"], float(row["earned"]), float(row["possible"])) for row in totals
    )


def competency_profile(user, course: CoursePage, with_log: bool = True) -> CompetencyProfile:
    """The profile in a fixed number of queries: three aggregates and, when asked, the log."""
    evidence = CompetencyEvidence.objects.filter(user=user, course=course)
    assessed = evidence.exclude(source=EvidenceSource.SELF)
    current = _levels(assessed)
    entry = _levels(assessed.filter(source=EvidenceSource.DIAGNOSTIC))
    self_levels = _levels(evidence.filter(source=EvidenceSource.SELF))
    log = list(evidence.select_related("page").order_by("-recorded_at", "competency")[:100]) if with_log else []
    focus = weakest_competencies(current) if any(v is not None for v in current.values()) else []
    return CompetencyProfile(course, current, entry, self_levels, log, focus)
