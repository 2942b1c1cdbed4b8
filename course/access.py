"""Who may open the pages beyond a course's landing page, and what a learner sees when a page is still closed."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from wagtail.models import Page

from course.progress import CourseProgress, course_of, for_request, taught_page

__all__ = ["course_of", "gate", "is_course_staff", "locked_reason"]


def is_course_staff(user) -> bool:
    """Editors and reviewers read every page of a course without enrolling."""
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def gate(request, page: Page):
    """A response that stops ``request`` from seeing ``page``, or ``None``."""
    course = course_of(page)
    if course is None:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    progress = for_request(request, course)
    enrolment = progress.enrolment
    if enrolment is None and not is_course_staff(request.user):
        messages.info(request, gettext("Enrol in the course to open its modules, lessons and assessments."))
        return redirect(course.get_url(request))
    if enrolment is None:
        return None
    reason = locked_reason(progress, taught_page(page, course))
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
