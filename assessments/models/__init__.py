"""Models of the assessments app: the assessment page, attempts and answers, case submissions and reviews, evidence."""

from .evidence import CompetencyEvidence, EvidenceSource
from .pages import AssessmentKind, AssessmentPage, AssessmentPassLevel
from .records import (
    Answer,
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
    "ReviewDecision",
    "SubmissionStatus",
]
