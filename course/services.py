"""Rules of enrolment and progress that views and other apps call."""

from django.utils import timezone

from course.models import CoursePage, Enrolment
from course.progress import course_progress


def refresh_completion(user, course: CoursePage) -> Enrolment | None:
    """Stamp (or clear) the completion of the learner's enrolment from the evidence as it is now."""
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        return None
    complete = course_progress(user, course, enrolment).complete
    if complete and enrolment.completed_at is None:
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at"])
    elif not complete and enrolment.completed_at is not None:
        enrolment.completed_at = None
        enrolment.save(update_fields=["completed_at"])
    return enrolment
