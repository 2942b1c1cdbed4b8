"""Who may open the pages beyond a course's landing page, and what a learner sees when a page is still closed."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from wagtail.models import Page

from course.caching import tree_version
from course.models import CoursePage
from course.progress import PROGRESS_CACHE_SECONDS, CourseProgress, course_progress

_MISSING = object()


def is_course_staff(user) -> bool:
    """Editors and reviewers read every page of a course without enrolling."""
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def course_of(page: Page) -> CoursePage | None:
    """The course above ``page``, cached per tree version: each learner's request and evidence change asks."""
    key = f"course:of:{page.pk}:{tree_version()}"
    found = cache.get(key, default=_MISSING)
    if found is _MISSING:
        found = CoursePage.objects.ancestor_of(page).first()
        cache.set(key, found, PROGRESS_CACHE_SECONDS)
    return found


def gate(request, page: Page):
    """A response that stops ``request`` from seeing ``page`` or ``None``; leaves the progress on the request."""
    course = course_of(page)
    if course is None:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    progress = course_progress(request.user, course)
    enrolment = progress.enrolment
    if enrolment is None and not is_course_staff(request.user):
        messages.info(request, gettext("Enrol in the course to open its modules, lessons and assessments."))
        return redirect(course.get_url(request))
    request.course_progress = progress
    if enrolment is None:
        return None
    reason = locked_reason(progress, page)
    if reason is None:
        return None
    context = {"page": page, "course": course, "progress": progress, "reason": reason}
    return TemplateResponse(request, "course/locked.html", context, status=403)


def locked_reason(progress: CourseProgress, page: Page) -> dict | None:
    """Why ``page`` is closed in ``progress``: the module to finish first, or ``None`` when it is open."""
    module = progress.module_for(page.pk) or progress.module_containing(page.pk)
    if module is not None:
        if module.unlocked:
            return None
        return {"kind": "module", "blocking": progress.blocking_module(module)}
    item = progress.item_for(page.pk)
    if item is not None and not item.unlocked:
        return {"kind": "programme", "blocking": next((m for m in progress.modules if not m.complete), None)}
    return None
