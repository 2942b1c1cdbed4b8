"""The person's rights over their data (152-FZ arts. 14 and 21, GDPR arts. 15, 17 and 20): a copy of everything the
site holds about them, and the erasure of their account.

The site holds the account; the plugin's apps hold the rest and each offers its part as plain functions in its
``personal_data`` module (``course.personal_data`` describes them). This module calls them in turn, so the apps need
not know the site.

Erasure anonymises rather than deletes the account row: certificates the institute issued must be kept with their
number, date, programme and hours, and the scores it counts in aggregate stay (each app's docstring says what it
keeps and why). Everything that could identify the person goes: names, e-mail (replaced by a unique placeholder
that can receive no mail), the learner's patronymic, organisation, position and municipality (``course``), the admin
avatar, login-throttle records of the account, and each app's free text, contacts and uploads. The password is made
unusable and the account inactive, so nobody can log in again, and every session of the account ends: Django checks
each session against a hash of the password, which has changed, and refuses inactive accounts.
"""

import json
import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.utils import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from accounts.consent import CONSENT_VERSION
from accounts.models import User
from assessments import personal_data as assessments_data
from course import personal_data as course_data
from course.people import learner_of
from course.personal_data import iso
from mentors import personal_data as mentors_data

# The plugin's parts, in the order of the export; erasure runs them last to first (certificates and requests first).
PARTS = (course_data, assessments_data, mentors_data)

EXPORT_FORMAT = "mentor-lms-personal-data"
EXPORT_VERSION = 1
ERASE_ACTION = "accounts.user.erase"
# RFC 2606: ``.invalid`` never resolves, so the placeholder can never reach a mailbox.
PLACEHOLDER_DOMAIN = "erased.invalid"


# The export's sections, as the data page lists them.
SECTIONS = {
    "account": _("Your account: name, e-mail"),
    "learner_profile": _("Your details: patronymic, organisation, position, municipality"),
    "consents": _("Consents you gave"),
    "enrolments": _("Courses you enrolled in"),
    "lessons_done": _("Lessons you marked done"),
    "attempts": _("Assessment attempts with the questions and your answers"),
    "assessment_grades": _("Assessment grades"),
    "case_analyses": _("Case analyses with every version and its review"),
    "competency_evidence": _("Competency evidence"),
    "certificates": _("Certificates"),
    "mentor_profile": _("Your mentor profile"),
    "mentoring_requests_received": _("Mentoring requests you received as a mentor"),
    "mentoring_requests_sent": _("Mentoring requests you sent"),
}


class AlreadyErased(Exception):
    """The account was anonymised before."""


def export_account(user: User) -> dict:
    return {
        "username": user.username,
        "email": user.email,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
    }


def export_consents(user: User) -> list[dict]:
    """The consent to processing, which the plugin's learner profile records."""
    consents = []
    learner = learner_of(user)
    if learner is not None and learner.personal_data_consent_at:
        consents.append(
            {
                "consent": "personal_data_processing",
                "given_at": iso(learner.personal_data_consent_at),
                "text_version": learner.personal_data_consent_version,
                "current_text_version": CONSENT_VERSION,
            }
        )
    return consents


def export_personal_data(user: User, *, now=None) -> dict:
    """Everything held about ``user``, as JSON-ready data: the account and consents, then each app's sections."""
    data = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": iso(now or timezone.now()),
        "account": export_account(user),
        "consents": export_consents(user),
    }
    for part in PARTS:
        data.update(part.export_data(user))
    # The publication consent lives with the mentor profile; listed with the others too.
    profile = data.get("mentor_profile")
    if profile and profile.get("publication_consent_at"):
        data["consents"].append(
            {
                "consent": "mentor_profile_publication",
                "given_at": profile["publication_consent_at"],
                "text_version": profile["publication_consent_version"],
            }
        )
    return data


def export_summary(user: User) -> list[dict]:
    """The sections of the export for the data page: a count for lists, whether there is anything for the rest."""
    data = export_personal_data(user)
    rows = []
    for key, label in SECTIONS.items():
        value = data.get(key)
        rows.append(
            {
                "key": key,
                "label": label,
                "count": len(value) if isinstance(value, list) else None,
                "present": bool(value),
            }
        )
    return rows


def export_json(user: User) -> str:
    return json.dumps(export_personal_data(user), ensure_ascii=False, indent=2)


def _placeholder_username() -> str:
    return f"erased-{secrets.token_hex(10)}"


def _erase_throttle_records(logins: set[str]) -> int:
    """django-axes' database records naming the account, if its tables are in use."""
    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        try:
            with transaction.atomic():
                deleted += model.objects.filter(username__in=logins).delete()[0]
        except DatabaseError:
            pass  # no such table: the cache handler keeps its counts in the cache, which forgets them by itself
    return deleted


def _erase_avatar(user: User) -> int:
    profile = UserProfile.objects.filter(user=user).first()
    if profile is None:
        return 0
    if profile.avatar:
        name, storage = profile.avatar.name, profile.avatar.storage
        transaction.on_commit(lambda: storage.delete(name))
    profile.delete()
    return 1


def anonymise(user: User, *, at) -> None:
    user.username = _placeholder_username()
    user.email = f"{user.username}@{PLACEHOLDER_DOMAIN}"
    user.first_name = user.last_name = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.personal_data_erased_at = at
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    # Earlier admin log entries about the account carry its old name as their label.
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User, for_concrete_model=False), object_id=str(user.pk)
    ).update(label=str(user))


def erase_account(user: User, *, by: User | None = None, reference: str = "") -> dict[str, int]:
    """Anonymise ``user`` and erase what every app holds about them; ``by`` is the staff member acting on a written
    request (``reference`` names it), or ``None`` when the person deletes their own account.

    Returns the counts of what changed, also written into the Wagtail log entry.

    Raises:
        AlreadyErased: the account was anonymised before.
    """
    with transaction.atomic():
        user = User._default_manager.select_for_update().get(pk=user.pk)
        if user.personal_data_erased_at is not None:
            raise AlreadyErased
        now = timezone.now()
        logins = {value for value in (user.username, user.email, f"user:{user.pk}") if value}
        logins |= {value.lower() for value in logins} | {f"login:{value.lower()}" for value in logins}
        counts: dict[str, int] = {}
        for part in reversed(PARTS):
            counts.update(part.erase_data(user))
        counts["avatars_deleted"] = _erase_avatar(user)
        counts["login_records_deleted"] = _erase_throttle_records(logins)
        anonymise(user, at=now)
        counts = {key: value for key, value in counts.items() if value}
        data = {"counts": counts, "by_request_of": "staff" if by is not None else "holder"}
        if reference:
            data["reference"] = reference
        log(user, ERASE_ACTION, user=by or user, data=data)
    return counts
