"""What the tests of the demo share: the demo users' password and running ``load_demo`` as from a shell."""

import io

from django.conf import settings
from django.core.management import call_command
from django.utils import translation

DEMO_PASSWORD = "demo-Password-for-tests-42"


def run_load_demo() -> str:
    out = io.StringIO()
    with translation.override(settings.LANGUAGE_CODE):  # as from a shell, where no other language is active
        call_command("load_demo", stdout=out)
    return out.getvalue()
