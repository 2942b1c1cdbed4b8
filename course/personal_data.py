"""A learner's personal data held by the course app, for the right of access and the right to erasure (152-FZ,
GDPR).

Each app of the plugin offers its part as two plain functions in its own ``personal_data`` module, with the same
signatures, which the site (``accounts.data_rights``) calls in turn; the apps know nothing of the site::

    export_data(user) -> dict   # {section: JSON-ready data}, only rows that belong to ``user``
    erase_data(user) -> dict    # {what: rows changed}; runs in the caller's transaction, before the account itself
                                # is anonymised, so it may still read the user's e-mail
"""

from datetime import date, datetime

from course.models import Enrolment, LearnerProfile, LessonCompletion


def iso(value: datetime | date | None) -> str | None:
    """A date or time in ISO 8601 (times with their offset), ``None`` kept."""
    return value.isoformat() if value is not None else None


def export_learner(user) -> dict | None:
    learner = LearnerProfile.objects.filter(user=user).select_related("municipality__region").first()
    if learner is None:
        return None
    municipality = learner.municipality
    return {
        "patronymic": learner.patronymic,
        "organisation": learner.organisation,
        "position": learner.position,
        "municipality": municipality.name if municipality is not None else None,
        "region": municipality.region.name if municipality is not None else None,
        "personal_data_consent_at": iso(learner.personal_data_consent_at),
        "personal_data_consent_version": learner.personal_data_consent_version,
    }


def export_data(user) -> dict:
    """The learner's details, enrolments and the lessons marked done."""
    enrolments = Enrolment.objects.filter(user=user).select_related("course").order_by("enrolled_at", "pk")
    lessons = LessonCompletion.objects.filter(user=user).select_related("lesson").order_by("completed_at", "pk")
    return {
        "learner_profile": export_learner(user),
        "enrolments": [
            {
                "course": enrolment.course.title,
                "course_id": enrolment.course_id,
                "enrolled_at": iso(enrolment.enrolled_at),
                "completed_at": iso(enrolment.completed_at),
            }
            for enrolment in enrolments
        ],
        "lessons_done": [
            {"lesson": done.lesson.title, "lesson_id": done.lesson_id, "completed_at": iso(done.completed_at)}
            for done in lessons
        ],
    }


def erase_data(user) -> dict[str, int]:
    """The learner's details go; the record of the consent stays (when and to which text the person agreed).
    Enrolments and lessons done say nothing about the person once the account is anonymous, and they are what the
    progress reports count, so they stay with the anonymised account."""
    erased = LearnerProfile.objects.filter(user=user).update(
        patronymic="", organisation="", position="", municipality=None
    )
    return {"learner_profiles_erased": erased}
