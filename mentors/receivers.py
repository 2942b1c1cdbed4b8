"""Signal receivers of the mentors app: certification follows the evidence; the registry's search document follows
the profile, its subjects and the names of its place and topics; unlisted mentors' photos are not served."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from course.models import ExpertArea, Municipality, Region, Subject
from course.signals import progress_refreshed
from mentors.certification.issuing import issue_if_eligible
from mentors.models.profiles import MentorProfile
from mentors.profiles.photos import delete_renditions
from mentors.registry.filters import forget_reference_choices


@receiver(progress_refreshed, dispatch_uid="mentors_certify_when_eligible")
def certify_when_eligible(sender, user, course, progress, **kwargs):
    """After every evidence change (``course`` sends its progress on once the completion stamp is refreshed)."""
    issue_if_eligible(user, course, progress)


@receiver(post_save, sender=MentorProfile, dispatch_uid="mentors_unlisted_photo_renditions")
def drop_renditions_when_unlisted(sender, instance, **kwargs):
    """A hidden, revoked or expired mentor's photo is no longer served: its renditions' files go (the public profile
    makes them again once the mentor is listed)."""
    if not instance.is_listed and instance.photo_id is not None:
        delete_renditions(instance.photo)


# The registry's search document (``MentorProfile.search_vector``), on the same signal that has Wagtail re-index the
# profile (``post_save``), and when the rows it reads change: subjects and areas added or removed, a place renamed.
@receiver(post_save, sender=MentorProfile, dispatch_uid="mentors_profile_search_vector")
def update_search_vector(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or not {"search_vector", "active_mentees", "updated_at"}.issuperset(update_fields):
        MentorProfile.objects.filter(pk=instance.pk).update_search_vector()


@receiver(m2m_changed, sender=MentorProfile.subjects.through, dispatch_uid="mentors_subjects_search_vector")
@receiver(m2m_changed, sender=MentorProfile.expert_areas.through, dispatch_uid="mentors_areas_search_vector")
def update_search_vector_of_topics(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # a subject's or area's mentors changed
        MentorProfile.objects.filter(pk__in=pk_set or []).update_search_vector()
    else:
        MentorProfile.objects.filter(pk=instance.pk).update_search_vector()


@receiver(post_save, sender=Municipality, dispatch_uid="mentors_place_search_vector")
def update_search_vector_of_place(sender, instance, created, **kwargs):
    if not created:
        MentorProfile.objects.filter(municipality=instance).update_search_vector()


@receiver(post_save, sender=Subject, dispatch_uid="mentors_subject_search_vector")
def update_search_vector_of_subject(sender, instance, created, **kwargs):
    if not created:
        MentorProfile.objects.filter(subjects=instance).update_search_vector()


@receiver(post_save, sender=ExpertArea, dispatch_uid="mentors_area_search_vector")
def update_search_vector_of_area(sender, instance, created, **kwargs):
    if not created:
        MentorProfile.objects.filter(expert_areas=instance).update_search_vector()


# The registry's filter form reads the regions, municipalities and subjects from the cache (per language).
@receiver(post_save, sender=Region, dispatch_uid="mentors_region_choices")
@receiver(post_delete, sender=Region, dispatch_uid="mentors_region_choices_deleted")
@receiver(post_save, sender=Municipality, dispatch_uid="mentors_municipality_choices")
@receiver(post_delete, sender=Municipality, dispatch_uid="mentors_municipality_choices_deleted")
@receiver(post_save, sender=Subject, dispatch_uid="mentors_subject_choices")
@receiver(post_delete, sender=Subject, dispatch_uid="mentors_subject_choices_deleted")
def reference_changed(sender, **kwargs):
    forget_reference_choices()
