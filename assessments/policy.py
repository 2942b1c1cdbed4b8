"""The evidence policy, in one place: which graded work counts towards a learner's competency levels, what it takes
to pass an assessment and to be certified, how levels are named, and what a learner may see of a submitted attempt.

The dashboard, the reports, certification and the certificate all read these functions; nothing else decides them.

* **Sources.** Module tests and the final assessment (by each assessment's grading method) and the rubric criteria of
  reviewed case analyses and of the capstone count. The entry diagnostic is kept apart as the starting point (shown
  beside the current level, never part of it); self-assessment is never a level.
* **Pass levels.** The course sets one level per competency for the certificate; each assessment sets its own level
  per competency (with per-competency overrides) and an overall level for an attempt.
* **Enough evidence.** A competency counts as reached (its ✓ on the certification checklist) only when its level
  rests on at least ``MIN_EVIDENCE_ITEMS`` graded pieces of work that assess it: one lucky test is not a level.
* **Bands.** "not yet", "basic", "advanced", "expert", from the course's thresholds.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from assessments.choices import AssessmentKind, EvidenceSource, GradingMethod, ReviewMoment
from assessments.scoring import judge_pass
from course.codes import CompetencyCode

CODES: tuple[str, ...] = tuple(CompetencyCode.values)
COUNTED_SOURCES = frozenset({EvidenceSource.MODULE_TEST, EvidenceSource.FINAL, EvidenceSource.CASE})
ENTRY_SOURCE = EvidenceSource.DIAGNOSTIC
SOURCE_OF_KIND = {
    AssessmentKind.DIAGNOSTIC: EvidenceSource.DIAGNOSTIC,
    AssessmentKind.MODULE_TEST: EvidenceSource.MODULE_TEST,
    AssessmentKind.FINAL: EvidenceSource.FINAL,
}
BAND_LABELS = {
    "not_yet": _("not yet"),
    "basic": _("basic"),
    "advanced": _("advanced"),
    "expert": _("expert"),
}


def competency_label(code: str) -> str:
    """The translated short name of a competency code (the code itself when unknown)."""
    try:
        return str(CompetencyCode(code).label)
    except ValueError:
        return code


def counts_towards_level(source: str) -> bool:
    return source in COUNTED_SOURCES


# Enough evidence ------------------------------------------------------------------------------------------------

# Graded pieces of work (module tests, the final assessment, reviewed case analyses and the capstone) that must
# assess a competency before its level is taken as reached: the intensive's eight modules give every competency
# several, a learner who has done one test has not shown a level.
MIN_EVIDENCE_ITEMS = 3


def enough_evidence(items: int) -> bool:
    """Whether a level resting on ``items`` graded pieces of work means something."""
    return items >= MIN_EVIDENCE_ITEMS


def competency_reached(level: float | None, items: int, pass_level: int) -> bool:
    """A competency is reached at ``pass_level`` on enough evidence, not on a level alone."""
    return level is not None and enough_evidence(items) and level >= pass_level


# Bands ----------------------------------------------------------------------------------------------------------


def band(level: float | None, thresholds: Sequence[int]) -> str:
    """The named band of a level under ``thresholds`` (where "basic", "advanced" and "expert" start); "none" when
    there is no evidence yet."""
    if level is None:
        return "none"
    basic, advanced, expert = thresholds
    if level >= expert:
        return "expert"
    if level >= advanced:
        return "advanced"
    if level >= basic:
        return "basic"
    return "not_yet"


def band_label(band_code: str) -> str:
    return str(BAND_LABELS.get(band_code, ""))


# Pass levels ----------------------------------------------------------------------------------------------------


def certification_levels(course) -> dict[str, int]:
    """The level each competency must reach for the course's certificate."""
    return dict.fromkeys(CODES, course.certification_level)


def has_pass_mark(page) -> bool:
    """The entry diagnostic is a starting point: it has no pass mark."""
    return page.kind != AssessmentKind.DIAGNOSTIC


@dataclass(frozen=True)
class Outcome:
    """The result of one graded attempt, or the grade that counts over several (see ``counted_outcome``)."""

    competencies: dict[str, tuple[float, float]]  # code -> (earned, possible)
    percent: float | None
    passed: bool
    number: int = 0  # the attempt's number (0 for an average)

    def level(self, code: str) -> float | None:
        earned, possible = self.competencies.get(code, (0.0, 0.0))
        return round(min(max(earned / possible * 100, 0.0), 100.0), 1) if possible > 0 else None


def outcome_passes(outcome: Outcome, levels: Mapping[str, int], overall: int) -> bool:
    """The pass rule (``scoring.judge_pass``) applied to an outcome."""
    return judge_pass(outcome.percent, {code: outcome.level(code) for code in levels}, levels, overall).passed


def counted_outcome(
    outcomes: Sequence[Outcome], method: str, levels: Mapping[str, int], overall: int
) -> Outcome | None:
    """The grade that counts over a learner's graded attempts (in the order taken), by the grading method.

    *highest*: the best attempt, a passed one before any failed one; *latest* and *first*: that attempt; *average*:
    points per competency and the percent averaged over the attempts, passed by the same rule as one attempt.
    """
    if not outcomes:
        return None
    if method == GradingMethod.LATEST:
        return outcomes[-1]
    if method == GradingMethod.FIRST:
        return outcomes[0]
    if method == GradingMethod.AVERAGE:
        count = len(outcomes)
        codes = {code for outcome in outcomes for code in outcome.competencies}
        competencies = {
            code: (
                round(sum(outcome.competencies.get(code, (0.0, 0.0))[0] for outcome in outcomes) / count, 2),
                round(sum(outcome.competencies.get(code, (0.0, 0.0))[1] for outcome in outcomes) / count, 2),
            )
            for code in codes
        }
        percents = [outcome.percent for outcome in outcomes if outcome.percent is not None]
        percent = round(sum(percents) / len(percents), 1) if percents else None
        average = Outcome(competencies, percent, False)
        return Outcome(competencies, percent, outcome_passes(average, levels, overall))
    return max(outcomes, key=lambda outcome: (outcome.passed, outcome.percent or 0.0, -outcome.number))


# Attempts -------------------------------------------------------------------------------------------------------


def next_attempt_opens(page, last_submitted_at):
    """When the next attempt may start after one submitted at ``last_submitted_at`` (None: at once)."""
    if not page.attempt_wait_hours or last_submitted_at is None:
        return None
    return last_submitted_at + timedelta(hours=page.attempt_wait_hours)


@dataclass(frozen=True)
class ReviewVisibility:
    """What a learner sees of a submitted attempt."""

    correctness: bool  # right or wrong, and the points of every question
    answers: bool  # the correct options and the explanations


def _shown(moment: str, *, passed: bool, attempts_left: bool) -> bool:
    if moment == ReviewMoment.IMMEDIATELY:
        return True
    if moment == ReviewMoment.AFTER_PASS:
        return passed
    if moment == ReviewMoment.AFTER_LAST:
        return not attempts_left
    if moment == ReviewMoment.AFTER_PASS_OR_LAST:
        return passed or not attempts_left
    return False


def review_visibility(page, *, submitted: bool, passed: bool, attempts_left: bool) -> ReviewVisibility:
    """Moodle's review options: each part is shown immediately, after passing, when no attempt is left, after
    either, or never. ``passed`` is whether the learner has passed the assessment (the grade that counts)."""
    if not submitted:
        return ReviewVisibility(False, False)
    return ReviewVisibility(
        correctness=_shown(page.review_correctness, passed=passed, attempts_left=attempts_left),
        answers=_shown(page.review_answers, passed=passed, attempts_left=attempts_left),
    )
