from django.urls import path

import course.converters  # noqa: F401  (the <id:...> converter)
from assessments import views

app_name = "assessments"

urlpatterns = [
    path("dashboard/grades/", views.grades, name="grades"),
    path("assessments/<id:page_id>/start/", views.start, name="start"),
    path("attempts/<id:attempt_id>/", views.attempt, name="attempt"),
    path("attempts/<id:attempt_id>/save/", views.save, name="save"),
    path("attempts/<id:attempt_id>/summary/", views.summary, name="summary"),
    path("attempts/<id:attempt_id>/submit/", views.submit, name="submit"),
    path("cases/<id:case_id>/analysis/", views.case_analysis, name="case_analysis"),
]
