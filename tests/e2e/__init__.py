"""Browser journeys: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

The browser is the system's Chromium (the Debian package, installed by ``.ci/run``), never one downloaded by
``playwright install``.
"""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"]


def open_context(browser, live_server, viewport: dict, timeout_ms: int | None = None):
    """A fresh browser context (its own cookies: one user each) on the live server, in Russian; requests to any other
    host fail at once (an offline CI must not wait on gravatar.com), and the missing favicon answers 204 rather than
    race the next page for the database with a 404."""
    context = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport=viewport, device_scale_factor=1)
    if timeout_ms is not None:
        context.set_default_timeout(timeout_ms)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    return context


def sign_in(context, live_server, user) -> None:
    """``user``'s session in ``context``, without the login form (the journeys test the form)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
