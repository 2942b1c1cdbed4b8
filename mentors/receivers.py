"""Signal receivers of the mentors app: certification follows the evidence."""

from django.dispatch import receiver

from course.access import course_of
from course.signals import evidence_changed
from mentors.certification import issue_if_eligible


@receiver(evidence_changed, dispatch_uid="mentors_certify_when_eligible")
def certify_when_eligible(sender, user, page, **kwargs):
    course = course_of(page)
    if course is not None:
        issue_if_eligible(user, course)
