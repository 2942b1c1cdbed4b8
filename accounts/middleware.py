"""Middleware of the accounts."""

from django.conf import settings

from accounts.throttling import DEVICE_COOKIE


class LoginDeviceCookieMiddleware:
    """Leaves the device cookie in the browser after a successful login (``accounts.throttling``).

    The cookie outlives the session and a logout: it tells the login throttle that this browser has logged into the
    account before, so that the owner passes the ceiling set on failures from everywhere else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        value = getattr(request, "login_device_cookie", None)
        if value:
            response.set_cookie(
                DEVICE_COOKIE,
                value,
                max_age=settings.LOGIN_DEVICE_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
