"""The rules of certification: ``evaluate`` is a pure function of a learner's progress and competency levels."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from wagtail.models import Page

from assessments import policy
from assessments.evidence import competency_profile
from assessments.models import AssessmentKind, AssessmentPage
from course.codes import CompetencyCode
from course.models import CaseStudyPage, CoursePage, LessonPage
from course.progress import CourseProgress, ItemProgress, course_progress


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


def _work_items(progress: CourseProgress) -> dict[str, list[ItemProgress]]:
    """The items each line of the checklist about work done counts, by the line's code."""
    required = [item for item in progress.all_items if item.required]
    return {
        "lessons": [item for item in required if isinstance(item.page, LessonPage)],
        "cases": [item for item in required if isinstance(item.page, CaseStudyPage) and not _is_capstone(item.page)],
        "tests": [item for item in required if isinstance(item.page, AssessmentPage) and not _is_final(item.page)],
        "capstone": [item for item in progress.all_items if _is_capstone(item.page)],
        "final": [item for item in progress.all_items if _is_final(item.page)],
    }


def _final_passed(finals: list[ItemProgress]) -> bool:
    return any(item.state.done for item in finals)


def work_done(progress: CourseProgress) -> bool:
    """Whether every line of the checklist about work done is met (the lines ``evaluate`` builds before the
    competencies): read from progress alone, no query, so the certification check that follows every evidence
    change stops here while a learner is still working through the course."""
    items = _work_items(progress)
    counted = ("lessons", "cases", "tests", "capstone")
    return all(item.state.done for code in counted for item in items[code]) and _final_passed(items["final"])


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
    work = _work_items(progress)
    capstones, finals = work["capstone"], work["final"]
    requirements = [
        _count_requirement("lessons", _("Required lessons done"), work["lessons"]),
        _count_requirement("cases", _("Required case analyses accepted"), work["cases"]),
        _count_requirement("tests", _("Module tests passed"), work["tests"]),
    ]
    if capstones:
        requirements.append(_count_requirement("capstone", _("Capstone project accepted"), capstones))
    if finals:
        passed = _final_passed(finals)
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


def eligibility(user, course: CoursePage, progress: CourseProgress | None = None) -> Eligibility:
    """The checklist of ``user`` in ``course``; ``progress`` when the caller has computed it already."""
    progress = progress or course_progress(user, course)
    profile = competency_profile(user, course, with_log=False)
    return evaluate(progress, profile.current, policy.certification_levels(course), profile.items)
