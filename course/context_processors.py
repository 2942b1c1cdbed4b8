"""What the plugin's templates need from the host: the base template they extend, the stylesheet they link (unless
the site does) and where visitors log in."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.templatetags.static import static

from course.conf import setting


def mentor_lms(request) -> dict:
    signup = setting("SIGNUP_URL")
    return {
        "MENTOR_LMS_BASE_TEMPLATE": setting("BASE_TEMPLATE"),
        "MENTOR_LMS_STYLESHEET": static("course/mentor-lms.css") if setting("STYLESHEET") else "",
        "MENTOR_LMS_LOGIN_URL": resolve_url(settings.LOGIN_URL),
        "MENTOR_LMS_SIGNUP_URL": resolve_url(signup) if signup else "",
    }
