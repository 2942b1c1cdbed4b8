from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("assessments/<int:page_id>/start/", views.start, name="start"),
    path("attempts/<int:attempt_id>/", views.attempt, name="attempt"),
    path("attempts/<int:attempt_id>/save/", views.save, name="save"),
    path("attempts/<int:attempt_id>/submit/", views.submit, name="submit"),
    path("cases/<int:case_id>/analysis/", views.case_analysis, name="case_analysis"),
]
