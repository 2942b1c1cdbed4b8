"""The consent to personal-data processing (Federal Law No. 152-FZ) that every learner gives at sign-up.

One place for the text and its version. When the text changes, bump ``CONSENT_VERSION`` too: each user stores the
version they agreed to (in the plugin's learner profile), so the institute can tell who agreed to which wording.
"""

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from datetime import datetime

    from course.models import LearnerProfile

CONSENT_VERSION = "2026-11"

CONSENT_TITLE = _("Consent to the processing of personal data")

CONSENT_TEXT = _(
    "In accordance with Federal Law No. 152-FZ of 27 July 2006 “On Personal Data”, I freely, of my own will and in "
    "my own interest give my consent to the Institute for Education Development (the operator) to process my "
    "personal data, with or without automation.\n\n"
    "Personal data: last name, first name and patronymic; e-mail address; organisation and position; municipality "
    "and region; my progress, answers, case analyses and assessment results in the course; the certificates issued "
    "to me.\n\n"
    "Purposes: to give me access to the courses, to assess my competencies and show me my results, to issue and "
    "verify certificates, to send me messages about my studies and, only if I choose to publish a profile, to show "
    "it in the public registry of mentors.\n\n"
    "Actions: collection, recording, systematisation, accumulation, storage, clarification (updating, changing), "
    "extraction, use, transfer (provision, access) within the purposes above, blocking, deletion and destruction. "
    "My data are not transferred to third parties for other purposes and are not published without my separate "
    "choice.\n\n"
    "The consent is valid until the purposes of processing are achieved or until I withdraw it. I may withdraw it "
    "at any time by a written request to the operator or by deleting my account; the operator then stops the "
    "processing and destroys the data within the period set by law."
)

CONSENT_CHECKBOX_LABEL = _("I consent to the processing of my personal data on the terms above.")


def record_consent(learner: "LearnerProfile", *, at: "datetime | None" = None) -> None:
    """Mark that the learner agreed to the current consent text (the caller saves the learner profile)."""
    learner.personal_data_consent_at = at or timezone.now()
    learner.personal_data_consent_version = CONSENT_VERSION
