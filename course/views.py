"""Views of the course app outside the page tree: the learner's dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from wagtail import hooks

from course.models import Enrolment
from course.progress import course_progress

# Other apps add their panels (drafts, feedback, the competency profile) to the dashboard through this hook:
# ``fn(request, panels, progresses)`` appends ``wagtail.admin.ui.components.Component`` instances with an ``order``.
DASHBOARD_PANELS_HOOK = "construct_learner_dashboard"


@login_required
def dashboard(request):
    enrolments = Enrolment.objects.for_user(request.user).select_related("course")
    progresses = [course_progress(request.user, enrolment.course, enrolment) for enrolment in enrolments]
    panels = []
    for construct in hooks.get_hooks(DASHBOARD_PANELS_HOOK):
        construct(request, panels, progresses)
    panels.sort(key=lambda panel: getattr(panel, "order", 100))
    return render(request, "course/dashboard.html", {"progresses": progresses, "panels": panels})
