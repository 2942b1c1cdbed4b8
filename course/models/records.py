"""What learners do in a course: enrolments and lessons marked done."""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _


class EnrolmentClosed(Exception):
    """The course does not take new learners now."""


class EnrolmentQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def enrol(self, user, course) -> tuple["Enrolment", bool]:
        """Enrol ``user`` in ``course`` once; enrolling again returns the enrolment that exists."""
        existing = self.filter(user=user, course=course).first()
        if existing is not None:
            return existing, False
        if not course.enrolment_open:
            raise EnrolmentClosed
        try:
            with transaction.atomic():
                return self.create(user=user, course=course), True
        except IntegrityError:
            # A double click: the other request enrolled first.
            return self.get(user=user, course=course), False


class Enrolment(models.Model):
    """A learner enrolled in a course; one per learner and course."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "course.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="course_enrolment_unique")]

    def __str__(self):
        return f"{self.user} — {self.course}"


class LessonCompletionQuerySet(models.QuerySet):
    def record(self, user, lesson) -> bool:
        """Record that ``user`` finished ``lesson``; ``False`` when it was already recorded."""
        try:
            with transaction.atomic():
                self.create(user=user, lesson=lesson)
        except IntegrityError:
            return False
        return True


class LessonCompletion(models.Model):
    """A lesson a learner has marked done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="lessons_done"
    )
    lesson = models.ForeignKey(
        "course.LessonPage", verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    objects = LessonCompletionQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson done")
        verbose_name_plural = _("lessons done")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="course_lesson_completion_unique")]

    def __str__(self):
        return f"{self.user} — {self.lesson}"
