"""Finding a mentor for a mentee's needs: a plain score out of 100 with the reasons behind it.

Weights: competencies 50 (the mentor's mean level in the competencies to strengthen, or in all five when none is
named), format 20 (offered or not), place 20 (same municipality 20, same region 10) and subject 10. Only available
mentors are ranked; ties go to the mentor with more free places, then by name.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext

from course.codes import CompetencyCode, FormatCode

COMPETENCY_WEIGHT = 50
FORMAT_WEIGHT = 20
PLACE_WEIGHT = 20
SUBJECT_WEIGHT = 10
STRONG_LEVEL = 80


@dataclass(frozen=True)
class MenteeNeeds:
    competencies: tuple[str, ...] = ()
    format: str | None = None
    municipality_id: int | None = None
    region_id: int | None = None
    subject_id: int | None = None


@dataclass
class Match:
    profile: object
    score: int
    reasons: list[str] = field(default_factory=list)


def score(profile, needs: MenteeNeeds, subjects: dict[int, str] | None = None) -> Match:
    """``profile`` needs ``levels``, ``format_codes``, ``municipality_id``, ``region_id``, ``free_places``;
    ``subjects`` maps the ids of its subjects to their names."""
    reasons = []
    codes = list(needs.competencies) or list(CompetencyCode.values)
    levels = profile.levels
    mean = sum(levels[code] for code in codes) / len(codes)
    points = COMPETENCY_WEIGHT * mean / 100
    for code in needs.competencies:
        values = {"competency": str(CompetencyCode(code).label).lower(), "level": levels[code]}
        if levels[code] >= STRONG_LEVEL:
            reasons.append(gettext("Strong in the %(competency)s competency (%(level)s)") % values)
        else:
            reasons.append(gettext("The %(competency)s competency at %(level)s") % values)
    if not needs.competencies:
        reasons.append(gettext("Mean level of the five competencies: %(level)s") % {"level": round(mean)})
    if needs.format and needs.format in profile.format_codes:
        points += FORMAT_WEIGHT
        reasons.append(
            gettext("Offers the %(format)s format") % {"format": str(FormatCode(needs.format).label).lower()}
        )
    if needs.municipality_id and profile.municipality_id == needs.municipality_id:
        points += PLACE_WEIGHT
        reasons.append(gettext("Works in the same municipality"))
    elif needs.region_id and profile.region_id == needs.region_id:
        points += PLACE_WEIGHT / 2
        reasons.append(gettext("Works in the same region"))
    if needs.subject_id and needs.subject_id in (subjects or {}):
        points += SUBJECT_WEIGHT
        reasons.append(gettext("Teaches the subject: %(subject)s") % {"subject": subjects[needs.subject_id]})
    reasons.append(
        ngettext("%(places)s free place", "%(places)s free places", profile.free_places)
        % {"places": profile.free_places}
    )
    return Match(profile=profile, score=round(points), reasons=reasons)


def rank(profiles, needs: MenteeNeeds, limit: int = 10) -> list[Match]:
    matches = [
        score(profile, needs, {subject.pk: subject.display_name for subject in profile.subjects.all()})
        for profile in profiles
        if profile.available
    ]
    matches.sort(key=lambda match: (-match.score, -match.profile.free_places, match.profile.display_name))
    return matches[:limit]
