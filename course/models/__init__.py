"""Models of the course app: reference snippets and the course page tree."""

from .pages import (
    ACADEMIC_HOUR_MINUTES,
    CaseKind,
    CaseStudyPage,
    CourseIndexPage,
    CoursePage,
    CurriculumPlan,
    CurriculumRow,
    EnrolledOnlyMixin,
    LessonPage,
    ModuleCompetency,
    ModulePage,
)
from .people import LearnerProfile
from .records import Enrolment, EnrolmentClosed, LessonCompletion, ModuleCompletion
from .snippets import Competency, ExpertArea, MentoringFormat, MentoringModel, Municipality, Region, Subject

__all__ = [
    "ACADEMIC_HOUR_MINUTES",
    "CaseKind",
    "CaseStudyPage",
    "Competency",
    "CourseIndexPage",
    "Enrolment",
    "EnrolledOnlyMixin",
    "EnrolmentClosed",
    "CoursePage",
    "CurriculumPlan",
    "CurriculumRow",
    "ExpertArea",
    "LearnerProfile",
    "LessonCompletion",
    "LessonPage",
    "ModuleCompletion",
    "MentoringFormat",
    "MentoringModel",
    "ModuleCompetency",
    "ModulePage",
    "Municipality",
    "Region",
    "Subject",
]
