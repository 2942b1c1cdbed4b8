"""What learners do in a course: enrolments and lessons marked done."""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from course.models.people import LearnerProfile


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
                enrolment = self.create(user=user, course=course)
                # A learner of a site whose sign-up did not make one gets theirs now, for staff and the certificate.
                LearnerProfile.objects.get_or_create(user=user)
                return enrolment, True
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


class ModuleCompletionQuerySet(models.QuerySet):
    def record(self, user, modules: dict[int, list[int]]) -> int:
        """Record the modules ``user`` has just completed (module id -> the required item ids that counted);
        a module already recorded keeps its first record. Returns how many were new."""
        rows = [ModuleCompletion(user=user, module_id=pk, counted_items=items) for pk, items in modules.items()]
        existing = set(self.filter(user=user, module_id__in=modules).values_list("module_id", flat=True))
        rows = [row for row in rows if row.module_id not in existing]
        self.bulk_create(rows, ignore_conflicts=True)
        return len(rows)


class ModuleCompletion(models.Model):
    """A module a learner has completed, recorded when it first became complete, with the required items that
    counted then: progress reads it, so content added later never reopens or locks what the learner finished."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="modules_done"
    )
    module = models.ForeignKey(
        "course.ModulePage", verbose_name=_("module"), on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)
    counted_items = models.JSONField(
        _("items counted"),
        default=list,
        blank=True,
        help_text=_(
            "The required pages of the module when it was completed; pages made required later are new material."
        ),
    )

    objects = ModuleCompletionQuerySet.as_manager()

    class Meta:
        verbose_name = _("module completed")
        verbose_name_plural = _("modules completed")
        constraints = [models.UniqueConstraint(fields=["user", "module"], name="course_module_completion_unique")]

    def __str__(self):
        return f"{self.user} — {self.module}"
