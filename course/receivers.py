"""Signal receivers of the course app: completion follows the evidence; cached progress and renderings follow the
learner's records and the page tree (``course.caching``)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from course.access import course_of
from course.caching import bump_learner_version, bump_tree_version, versions_kept
from course.models import Competency, CoursePage, Enrolment, LessonCompletion
from course.progress import course_progress
from course.services import refresh_completion
from course.signals import evidence_changed, progress_refreshed


# Connected before other apps' receivers of evidence_changed: they read progress afresh.
@receiver(evidence_changed, dispatch_uid="course_follow_evidence")
def follow_evidence(sender, user, page, **kwargs):
    """Forget the learner's cached progress, stamp the completion, and send the fresh progress on; in one scope of
    versions, so that each is read from the cache once (the new learner version not at all)."""
    with versions_kept():
        bump_learner_version(user.pk)
        course = course_of(page)
        if course is None:
            return
        # Progress is computed once per evidence change: the stamp and every listener of progress_refreshed share it.
        progress = course_progress(user, course)
        refresh_completion(user, course, progress)
        progress_refreshed.send(sender=CoursePage, user=user, course=course, progress=progress)


@receiver(post_save, sender=Enrolment, dispatch_uid="course_forget_progress_enrolment_saved")
@receiver(post_delete, sender=Enrolment, dispatch_uid="course_forget_progress_enrolment_deleted")
@receiver(post_save, sender=LessonCompletion, dispatch_uid="course_forget_progress_lesson_saved")
@receiver(post_delete, sender=LessonCompletion, dispatch_uid="course_forget_progress_lesson_deleted")
def forget_progress(sender, instance, **kwargs):
    bump_learner_version(instance.user_id)


@receiver(page_published, dispatch_uid="course_tree_changed_published")
@receiver(page_unpublished, dispatch_uid="course_tree_changed_unpublished")
@receiver(post_page_move, dispatch_uid="course_tree_changed_moved")
def tree_changed(sender, instance, **kwargs):
    bump_tree_version()


@receiver(post_save, dispatch_uid="course_tree_changed_saved")
@receiver(post_delete, dispatch_uid="course_tree_changed_deleted")
def tree_changed_on_save(sender, instance, **kwargs):
    """A page saved or deleted (pages created live need no publishing: scripts and the demo make them so; a draft
    saved costs one more rendering), a site or a view restriction changed, or a competency (its name is shown with the
    course's outcomes, kept with the page)."""
    if isinstance(instance, Page | Site | PageViewRestriction | Competency):
        bump_tree_version()
