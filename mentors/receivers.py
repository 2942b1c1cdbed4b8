"""Signal receivers of the mentors app: certification follows the evidence; unlisted mentors' photos are not served."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from course.access import course_of
from course.signals import evidence_changed
from mentors.certification import issue_if_eligible
from mentors.models import MentorProfile
from mentors.photos import delete_renditions


@receiver(evidence_changed, dispatch_uid="mentors_certify_when_eligible")
def certify_when_eligible(sender, user, page, **kwargs):
    course = course_of(page)
    if course is not None:
        issue_if_eligible(user, course)


@receiver(post_save, sender=MentorProfile, dispatch_uid="mentors_unlisted_photo_renditions")
def drop_renditions_when_unlisted(sender, instance, **kwargs):
    """A hidden, revoked or expired mentor's photo is no longer served: its renditions' files go (the public profile
    makes them again once the mentor is listed)."""
    if not instance.is_listed and instance.photo_id is not None:
        delete_renditions(instance.photo)
