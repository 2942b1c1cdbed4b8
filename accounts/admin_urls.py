"""Wagtail admin's password-reset pages with the site's throttle, routed before Wagtail's own (lms_site/urls.py).

Wagtail's view gives its form no request, so the limit per address could not count there.
"""

from django.urls import path

from accounts import views

urlpatterns = [
    path("password_reset/", views.AdminPasswordResetView.as_view(), name="wagtailadmin_password_reset"),
    path(
        "password_reset/confirm/<uidb64>/<token>/",
        views.AdminPasswordResetConfirmView.as_view(),
        name="wagtailadmin_password_reset_confirm",
    ),
]
