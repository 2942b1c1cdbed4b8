"""Models of the course app: reference snippets and the course page tree."""

from .pages import (
    CaseKind,
    CaseStudyPage,
    CourseIndexPage,
    CoursePage,
    EnrolledOnlyMixin,
    LessonPage,
    ModuleCompetency,
    ModulePage,
)
from .records import Enrolment, EnrolmentClosed, LessonCompletion, ModuleCompletion
from .snippets import Competency, ExpertArea, MentoringFormat, MentoringModel, Municipality, Region, Subject

__all__ = [
    "CaseKind",
    "CaseStudyPage",
    "Competency",
    "CourseIndexPage",
    "Enrolment",
    "EnrolledOnlyMixin",
    "EnrolmentClosed",
    "CoursePage",
    "ExpertArea",
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
