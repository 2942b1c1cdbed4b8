"""Browser journeys: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

The browser is the system's Chromium (the Debian package, installed by ``.ci/run``), never one downloaded by
``playwright install``.
"""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"]
