"""Extension points of the assessments app: progress states for ``course``, dashboard panels, admin screens."""

from django.urls import include, path

from wagtail import hooks

from assessments import dashboard, home_panels, progress, reports, review_views


@hooks.register("course_item_states")
def case_study_states(user, pages):
    return progress.case_states(user, pages)


@hooks.register("course_item_states")
def assessment_states(user, pages):
    return progress.assessment_states(user, pages)


@hooks.register("construct_learner_dashboard")
def add_dashboard_panels(request, panels, progresses):
    panels.extend(dashboard.panels_for(request, progresses))


@hooks.register("construct_homepage_panels")
def add_review_work_panel(request, panels):
    panel = home_panels.review_panel_for(request.user)
    if panel is not None:
        panels.append(panel)


@hooks.register("register_admin_viewset")
def register_review_queues():
    return review_views.ReviewsGroup()


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/", include((reports.urlpatterns, "assessments_reports")))]


@hooks.register("register_reports_menu_item")
def register_course_progress_report():
    return reports.menu_item("course_progress")


@hooks.register("register_reports_menu_item")
def register_waiting_analyses_report():
    return reports.menu_item("waiting_analyses")


@hooks.register("register_reports_menu_item")
def register_competency_pass_rates_report():
    return reports.menu_item("competency_pass_rates")


@hooks.register("register_reports_menu_item")
def register_item_analysis_report():
    return reports.menu_item("item_analysis")
