"""Models of the assessments app: the assessment page, attempts and answers, case submissions and reviews, evidence."""

from assessments.choices import AssessmentKind, EvidenceSource, GradingMethod, ReviewMoment

from .evidence import CompetencyEvidence
from .pages import AssessmentDrawRule, AssessmentPage, AssessmentPassLevel
from .records import (
    Answer,
    AssessmentGrade,
    Attempt,
    AttemptStatus,
    CaseReview,
    CaseSubmission,
    CaseSubmissionVersion,
    ReviewDecision,
    SubmissionStatus,
)

__all__ = [
    "Answer",
    "AssessmentDrawRule",
    "AssessmentGrade",
    "AssessmentKind",
    "AssessmentPage",
    "AssessmentPassLevel",
    "Attempt",
    "AttemptStatus",
    "CaseReview",
    "CaseSubmission",
    "CaseSubmissionVersion",
    "CompetencyEvidence",
    "EvidenceSource",
    "GradingMethod",
    "ReviewDecision",
    "ReviewMoment",
    "SubmissionStatus",
]
