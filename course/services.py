"""Rules of enrolment and progress that views and other apps call."""

import re
from dataclasses import dataclass

from django.utils import timezone

from wagtail.models import Page

from course.models import CoursePage, Enrolment, EnrolmentClosed, LearnerProfile, ModulePage
from course.people import learner_of
from course.progress import CourseProgress, course_progress


def course_to_join(value: str | None) -> CoursePage | None:
    """The course a sign-up link names (``?course=<page id>``): a live, public course landing page, or ``None``
    for anything else, so that a forged value enrols nobody anywhere."""
    if not value or not re.fullmatch(r"[0-9]{1,9}", value):
        return None
    return CoursePage.objects.live().public().filter(pk=int(value)).first()


def enrol(user, course: CoursePage) -> tuple[Enrolment | None, bool]:
    """Enrol ``user`` in the course ``course`` teaches (the original of a translated landing page): the enrolment
    and whether it is new, or ``(None, False)`` when enrolment is closed."""
    try:
        return Enrolment.objects.enrol(user, course.get_taught_course())
    except EnrolmentClosed:
        return None, False


def refresh_completion(user, course: CoursePage, progress: CourseProgress | None = None) -> Enrolment | None:
    """Stamp the completion of the learner's enrolment when the evidence completes the course. A completion once
    stamped stands: content published later is new material, it never takes a finished course back.

    ``progress`` is the learner's progress computed after the evidence changed (``course.receivers``): its
    enrolment is the one read with it, so no query is needed until there is something to stamp."""
    if progress is None:
        enrolment = Enrolment.objects.filter(user=user, course=course).first()
        if enrolment is None or enrolment.completed_at is not None:
            return enrolment
        progress = course_progress(user, course, enrolment)
    enrolment = progress.enrolment
    if enrolment is None or enrolment.completed_at is not None:
        return enrolment
    if progress.complete:
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at"])
    return enrolment


def learner_profile(user) -> LearnerProfile:
    """The user's learner profile, made empty when they have none yet (accounts made by staff or by the host site)."""
    profile = learner_of(user)
    if profile is None:
        profile, _created = LearnerProfile.objects.get_or_create(user=user)
        user.learner = profile
    return profile


@dataclass(frozen=True)
class PublicationImpact:
    """What publishing one more required page under a module does to the learners who have started the module."""

    completed: int  # completed the module: the page is new material to them, the module stays complete and open
    in_progress: int  # started, not complete: the page is one more item before their module is complete

    @property
    def learners(self) -> int:
        return self.completed + self.in_progress


def adds_required_item(page: Page, parent: Page | None = None) -> bool:
    """Whether publishing ``page`` (its latest draft) makes one more required item in a module."""
    parent = parent or page.get_parent()
    if parent is None or not isinstance(parent.specific, ModulePage):
        return False
    if not page.pk:
        return bool(getattr(page, "required", False))
    draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    if not getattr(draft, "required", False):
        return False
    return not (page.live and getattr(type(page).objects.get(pk=page.pk), "required", False))


def publication_impact(module: ModulePage) -> PublicationImpact:
    """Count the learners who have started ``module``, by how a new required page there reaches them. Computing
    their progress records the completions not yet recorded, so calling this before publishing keeps them."""
    course = module.get_parent().specific
    completed = in_progress = 0
    for enrolment in Enrolment.objects.filter(course=course).select_related("user"):
        progress = course_progress(enrolment.user, course, enrolment).module_for(module.pk)
        if progress is None:
            continue
        if progress.recorded:
            completed += 1
        elif any(item.state.done or item.state.status != "todo" for item in progress.items):
            in_progress += 1
    return PublicationImpact(completed=completed, in_progress=in_progress)
