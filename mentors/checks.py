"""System checks of the credentials' signing settings: a wrong key is reported at start-up, not at the first badge."""

import json
import re

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from course.conf import setting
from mentors.credentials import signing

KEY_ID = re.compile(r"^[-a-zA-Z0-9_]+$")


@register()
def check_signing_keys(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    ids = [signing.key_id()]
    try:
        ids += list(signing.retired_keys())
    except (json.JSONDecodeError, TypeError, ValueError):
        errors.append(
            Error(
                "MENTOR_LMS['CERTIFICATE_RETIRED_KEYS'] must be a JSON object {key id: public key PEM}.",
                id="mentors.E002",
            )
        )
    for key_id in ids:
        if not KEY_ID.match(key_id):
            errors.append(
                Error(f"The key id {key_id!r} may hold only letters, digits, '-' and '_'.", id="mentors.E003")
            )
    # Only a configured key is loaded here: deriving the development key would slow every management command.
    if setting("CERTIFICATE_SIGNING_KEY") and not errors:
        try:
            signing.published_keys()
        except (ImproperlyConfigured, ValueError, TypeError) as error:
            errors.append(Error(f"The certificate signing keys cannot be used: {error}", id="mentors.E001"))
    return errors
