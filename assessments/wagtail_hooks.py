"""Extension points of the assessments app: progress states for ``course``, dashboard panels, admin screens."""

from wagtail import hooks

from assessments import dashboard, progress


@hooks.register("course_item_states")
def case_study_states(user, pages):
    return progress.case_states(user, pages)


@hooks.register("course_item_states")
def assessment_states(user, pages):
    return progress.assessment_states(user, pages)


@hooks.register("construct_learner_dashboard")
def add_dashboard_panels(request, panels, progresses):
    panels.extend(dashboard.panels_for(request.user, progresses))
