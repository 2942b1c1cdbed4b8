"""Signal receivers of the assessments app: a learner's attempts, grades and case analyses are part of the
progress ``course`` caches, so changing one forgets it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from assessments.models import AssessmentGrade, Attempt, CaseSubmission
from course.caching import bump_learner_version


@receiver(post_save, sender=Attempt, dispatch_uid="assessments_forget_progress_attempt_saved")
@receiver(post_delete, sender=Attempt, dispatch_uid="assessments_forget_progress_attempt_deleted")
@receiver(post_save, sender=AssessmentGrade, dispatch_uid="assessments_forget_progress_grade_saved")
@receiver(post_delete, sender=AssessmentGrade, dispatch_uid="assessments_forget_progress_grade_deleted")
@receiver(post_save, sender=CaseSubmission, dispatch_uid="assessments_forget_progress_submission_saved")
@receiver(post_delete, sender=CaseSubmission, dispatch_uid="assessments_forget_progress_submission_deleted")
def forget_progress(sender, instance, **kwargs):
    bump_learner_version(instance.user_id)
