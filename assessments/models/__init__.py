"""Models of the assessments app: the assessment page, attempts and answers, case submissions and reviews, evidence."""

from .evidence import CompetencyEvidence, EvidenceSource
from .pages import AssessmentDrawRule, AssessmentKind, AssessmentPage, AssessmentPassLevel, GradingMethod, ReviewMoment
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
