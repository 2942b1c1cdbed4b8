"""Signal receivers of the course app."""

from django.dispatch import receiver

from course.access import course_of
from course.services import refresh_completion
from course.signals import evidence_changed


@receiver(evidence_changed, dispatch_uid="course_refresh_completion")
def stamp_course_completion(sender, user, page, **kwargs):
    course = course_of(page)
    if course is not None:
        refresh_completion(user, course)
