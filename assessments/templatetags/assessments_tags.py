"""Template tags that compose this app's parts into ``course`` pages without ``course`` importing the app."""

from django import template

from assessments import policy
from assessments.cases import MAX_ANALYSIS_CHARACTERS
from assessments.models import CaseSubmission
from course.models import CoursePage
from course.progress import taught_page
from course.sanitize import editable_text

register = template.Library()


@register.inclusion_tag("assessments/includes/case_analysis.html", takes_context=True)
def case_analysis_panel(context, case):
    """The learner's analysis of ``case``: its versions with reviews, and the form for the draft."""
    request = context["request"]
    user = request.user
    # A translated case shows the analysis of its original, where it is recorded (see course.progress.taught_page).
    taught = taught_page(case)
    submission = CaseSubmission.objects.for_user(user).filter(case=taught).prefetch_related("versions__review").first()
    versions = list(submission.versions.all()) if submission else []
    # A rejected post comes back here so the learner's text is not lost.
    returned_text = request.session.pop(f"analysis-{case.pk}", None) if hasattr(request, "session") else None
    error = request.session.pop(f"analysis-error-{case.pk}", None) if hasattr(request, "session") else None
    return {
        "request": request,
        "case": case,
        "submission": submission,
        "versions": versions,
        "draft": returned_text if returned_text is not None else editable_text(submission.draft if submission else ""),
        "editable": submission is None or submission.editable,
        "max_characters": MAX_ANALYSIS_CHARACTERS,
        "error": error,
        "enrolled": context.get("item_progress") is not None,
    }


@register.filter
def level_band(level) -> str:
    """The translated band name of a 0-100 level under the default thresholds of a course (where a certificate's
    snapshot no longer knows its course's), so that a bar's meaning is also said in words."""
    if level is None or level == "":
        return ""
    thresholds = [CoursePage._meta.get_field(name).default for name in ("band_basic", "band_advanced", "band_expert")]
    return policy.band_label(policy.band(float(level), thresholds))


@register.filter
def band_label(band: str) -> str:
    """The translated name of a level band ("basic", "advanced", …) from the evidence policy."""
    return policy.band_label(band)


@register.filter
def signed_change(current, entry) -> str:
    """Growth since the entry diagnostic, as "+12.5" or "−3"; empty without both levels."""
    if current is None or entry is None:
        return ""
    change = round(float(current) - float(entry), 1)
    text = f"{abs(change):g}"
    return f"+{text}" if change > 0 else (f"−{text}" if change < 0 else "0")
