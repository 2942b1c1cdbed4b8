"""The course's Open Badges Achievement as a public page: which course, and what each competency means.

The page's address is the Achievement's id in every credential of the course
(``mentors.credentials.addresses.achievement_url``), its criteria and the target of the competency alignments
(``#competency-<code>``) and result descriptions (``#result-<code>``): the anchors must exist, so they are rendered for
every competency code, with the description from the reference data where there is one.
"""

from dataclasses import dataclass

from django.db.models import Q

from wagtail.models import Locale

from course.codes import CompetencyCode
from course.models import Competency, CoursePage


@dataclass(frozen=True)
class CompetencySection:
    """One competency on the achievement page."""

    code: str
    name: str
    description: str
    indicators: list[str]


def achievement_course(course_id: int) -> CoursePage | None:
    """A published course, or one that certificates were issued for (its achievement must not disappear)."""
    return (
        CoursePage.objects.filter(pk=course_id).filter(Q(live=True) | Q(certificates__isnull=False)).distinct().first()
    )


def competency_sections() -> list[CompetencySection]:
    """The five competencies in their canonical order, named in the active language when the snippet exists."""
    snippets = {item.code: item for item in Competency.objects.filter(locale=Locale.get_active())}
    sections = []
    for code, label in CompetencyCode.choices:
        snippet = snippets.get(code)
        sections.append(
            CompetencySection(
                code=code,
                name=snippet.name if snippet else str(label),
                description=snippet.description if snippet else "",
                indicators=snippet.indicator_list if snippet else [],
            )
        )
    return sections
