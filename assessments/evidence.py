"""The evidence log and the competency profile computed from it.

Each graded page leaves one set of rows per learner (replaced when it is graded again), so the profile is a plain
aggregate: level = points earned / points possible over everything tagged with the competency.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from assessments import policy
from assessments.models import AssessmentGrade, Attempt, AttemptStatus, CompetencyEvidence, EvidenceSource
from assessments.scoring import Evidence, competency_levels, weakest_competencies
from course.access import course_of
from course.models import CoursePage
from course.signals import announce_evidence


def _replace(user, page, course, rows: list[CompetencyEvidence]) -> None:
    CompetencyEvidence.objects.filter(user=user, page=page).delete()
    CompetencyEvidence.objects.bulk_create(rows)
    announce_evidence(CompetencyEvidence, user, page)


def _outcome(attempt: Attempt) -> policy.Outcome:
    competencies = {
        code: (float(score.get("earned") or 0), float(score.get("possible") or 0))
        for code, score in (attempt.result.get("competencies") or {}).items()
        if score.get("possible")
    }
    percent = float(attempt.percent) if attempt.percent is not None else None
    return policy.Outcome(competencies, percent, bool(attempt.passed), attempt.number)


def record_assessment(user, page) -> AssessmentGrade | None:
    """The grade that counts for ``user`` on ``page`` (by its grading method) and the evidence it gives, rewritten
    after every grading of one of the attempts. Self-assessment comes from the latest submitted attempt."""
    course = course_of(page)
    submitted = list(
        Attempt.objects.filter(user=user, page=page).exclude(status=AttemptStatus.IN_PROGRESS).order_by("number")
    )
    graded = [attempt for attempt in submitted if attempt.status == AttemptStatus.GRADED]
    counted = policy.counted_outcome(
        [_outcome(attempt) for attempt in graded], page.grading_method, page.pass_levels(), page.overall_pass_level
    )
    grade = None
    if counted is None:
        AssessmentGrade.objects.filter(user=user, page=page).delete()
    else:
        grade, _created = AssessmentGrade.objects.update_or_create(
            user=user,
            page=page,
            defaults={
                "percent": None if counted.percent is None else Decimal(str(counted.percent)),
                "passed": counted.passed,
                "attempts_graded": len(graded),
                "competencies": {code: list(points) for code, points in counted.competencies.items()},
            },
        )
    if course is None:
        return grade
    now = timezone.now()
    rows = []
    if counted is not None:
        source = policy.SOURCE_OF_KIND.get(page.kind, EvidenceSource.MODULE_TEST)
        rows += [
            CompetencyEvidence(
                user=user,
                course=course,
                page=page,
                source=source,
                competency=code,
                earned=Decimal(str(earned)),
                possible=Decimal(str(possible)),
                recorded_at=now,
            )
            for code, (earned, possible) in counted.competencies.items()
            if possible
        ]
    latest = submitted[-1] if submitted else None
    self_assessment = (latest.result.get("self_assessment") or {}) if latest else {}
    rows += [
        CompetencyEvidence(
            user=user,
            course=course,
            page=page,
            source=EvidenceSource.SELF,
            competency=code,
            earned=Decimal(str(round(level, 2))),
            possible=Decimal(100),
            recorded_at=now,
        )
        for code, level in self_assessment.items()
    ]
    _replace(user, page, course, rows)
    return grade


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
    # How many graded pieces of work each current level rests on (``policy.enough_evidence``).
    items: dict[str, int] = field(default_factory=dict)

    @property
    def has_evidence(self) -> bool:
        """Something to show: a counted level, or the starting point of the entry diagnostic."""
        return any(level is not None for level in (*self.current.values(), *self.entry.values()))

    def rows(self):
        """One row per competency for the data table beside the chart."""
        return [
            {
                "code": code,
                "current": self.current.get(code),
                "entry": self.entry.get(code),
                "self": self.self_assessment.get(code),
                "band": policy.band(self.current.get(code), self.course.band_thresholds),
                "entry_band": policy.band(self.entry.get(code), self.course.band_thresholds),
                "focus": code in self.focus,
                "items": self.items.get(code, 0),
                "enough": policy.enough_evidence(self.items.get(code, 0)),
            }
            for code in policy.CODES
        ]


# The three sets of levels a profile shows, each a filter over one learner's evidence in one course.
_COUNTED = Q(source__in=policy.COUNTED_SOURCES)
_ENTRY = Q(source=policy.ENTRY_SOURCE)
_SELF = Q(source=EvidenceSource.SELF)


def _profile_tallies(evidence) -> tuple[dict, dict, dict, dict[str, int]]:
    """Current, entry and self-assessed levels per competency and the number of graded pages the current level rests
    on, in one query (conditional sums per competency)."""
    sums = {}
    for name, condition in (("counted", _COUNTED), ("entry", _ENTRY), ("self", _SELF)):
        sums[f"{name}_earned"] = Sum("earned", filter=condition)
        sums[f"{name}_possible"] = Sum("possible", filter=condition)
    rows = list(evidence.values("competency").annotate(**sums, items=Count("page", distinct=True, filter=_COUNTED)))

    def levels(name):
        return competency_levels(
            Evidence(row["competency"], float(row[f"{name}_earned"] or 0), float(row[f"{name}_possible"] or 0))
            for row in rows
        )

    items = {row["competency"]: row["items"] for row in rows if row["counted_possible"]}
    return levels("counted"), levels("entry"), levels("self"), items


def competency_profile(user, course: CoursePage, with_log: bool = True) -> CompetencyProfile:
    """The profile in one query and, when asked, one more for the log. The current levels rest on the sources the
    evidence policy counts; the entry diagnostic is the starting point beside them."""
    evidence = CompetencyEvidence.objects.filter(user=user, course=course)
    current, entry, self_levels, items = _profile_tallies(evidence)
    log = (
        list(
            evidence.select_related("page")
            .only("recorded_at", "source", "competency", "earned", "possible", "page__title")
            .order_by("-recorded_at", "competency")[:100]
        )
        if with_log
        else []
    )
    focus = weakest_competencies(current) if any(v is not None for v in current.values()) else []
    return CompetencyProfile(course, current, entry, self_levels, log, focus, items)
