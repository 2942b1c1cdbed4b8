"""The course's URLs outside the page tree, for the host's i18n patterns: ``path("", include("course.urls"))``."""

from django.urls import path

from course import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
