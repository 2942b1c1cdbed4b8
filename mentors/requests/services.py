"""The rules of mentoring requests.

A request is stored unconfirmed; the sender confirms their e-mail through a signed link that expires; only then does
the mentor hear of it. The mentor accepts (contacts are exchanged by e-mail, a place is taken) or declines; an
accepted mentoring is closed when it ends, which frees the place.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from course.cleaning import UNSTORABLE_MESSAGE, has_unstorable
from course.conf import setting
from course.throttling import Counter, client_ip
from mentors.models.profiles import MentorProfile
from mentors.models.requests import MentoringRequest, RequestStatus
from mentors.profiles.services import refresh_active_mentees

CONFIRM_SALT = "mentors.request.confirm"


class RequestRefused(Exception):
    """The action is not possible now; the message says why, for people."""


class LinkInvalid(Exception):
    pass


class LinkExpired(Exception):
    """A genuine link, too old; ``profile`` is the mentor it was for (when still listed), to send the request again."""

    def __init__(self, profile: MentorProfile | None = None):
        super().__init__()
        self.profile = profile


@dataclass(frozen=True)
class Limits:
    per_address: int
    per_email: int
    window: int
    email_window: int
    confirm_days: int


def limits() -> Limits:
    return Limits(
        per_address=setting("MENTORING_REQUESTS_PER_ADDRESS"),
        per_email=setting("MENTORING_REQUESTS_PER_EMAIL"),
        window=setting("MENTORING_REQUESTS_WINDOW"),
        # A day: confirmation letters to one mailbox stay few even when sent from many machines.
        email_window=setting("MENTORING_REQUESTS_EMAIL_WINDOW"),
        confirm_days=setting("MENTORING_REQUEST_CONFIRM_DAYS"),
    )


def request_counters(http_request, email: str) -> list[Counter]:
    """Requests sent from one address (per ``window``) and naming one e-mail (per ``email_window``), counted in the
    cache (Redis in production)."""
    current = limits()
    counters = [Counter("mentoring-request-address", client_ip(http_request), current.per_address, current.window)]
    if email:
        email = email.strip().lower()
        counters.append(Counter("mentoring-request-email", email, current.per_email, current.email_window))
    return counters


def create_request(profile: MentorProfile, **fields) -> MentoringRequest:
    if not profile.available:
        raise RequestRefused(gettext("This mentor has no free places now."))
    return MentoringRequest.objects.create(profile=profile, status=RequestStatus.UNCONFIRMED, **fields)


def confirmation_token(mentoring_request: MentoringRequest) -> str:
    return signing.dumps(mentoring_request.pk, salt=CONFIRM_SALT)


def confirm_request(token: str) -> tuple[MentoringRequest, bool]:
    """The request the link confirms, and whether this click confirmed it (a second click changes nothing)."""
    max_age = limits().confirm_days * 24 * 60 * 60
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        pk = signing.loads(token, salt=CONFIRM_SALT)  # the signature is ours, only old
        raise LinkExpired(MentorProfile.objects.listed().filter(requests__pk=pk).first()) from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    with transaction.atomic():
        mentoring_request = MentoringRequest.objects.select_for_update().filter(pk=pk).first()
        if mentoring_request is None:
            raise LinkInvalid
        if mentoring_request.status != RequestStatus.UNCONFIRMED:
            return mentoring_request, False
        mentoring_request.status = RequestStatus.PENDING
        mentoring_request.confirmed_at = timezone.now()
        mentoring_request.save(update_fields=["status", "confirmed_at"])
    return mentoring_request, True


def _locked(mentoring_request: MentoringRequest) -> MentoringRequest:
    """The request as stored now, its row and its mentor's row locked (always in this order, so that answers given
    at once, in two tabs, wait for each other instead of deadlocking or overwriting each other)."""
    profile = MentorProfile.objects.select_for_update().get(pk=mentoring_request.profile_id)
    locked = MentoringRequest.objects.select_for_update().get(pk=mentoring_request.pk)
    locked.profile = profile
    return locked


def _decide(mentoring_request: MentoringRequest, expected: str, status: str, **fields) -> MentoringRequest:
    if mentoring_request.status != expected:
        raise RequestRefused(gettext("This request has already been answered."))
    mentoring_request.status = status
    mentoring_request.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(mentoring_request, name, value)
    mentoring_request.save(update_fields=["status", "decided_at", *fields])
    refresh_active_mentees(mentoring_request.profile)
    return mentoring_request


def accept_request(mentoring_request: MentoringRequest) -> MentoringRequest:
    """Take a place; the profile row is locked so two acceptances at once cannot exceed the capacity."""
    with transaction.atomic():
        mentoring_request = _locked(mentoring_request)
        if mentoring_request.status == RequestStatus.PENDING and not mentoring_request.profile.available:
            raise RequestRefused(gettext("All your places are taken. Close a finished mentoring first, or decline."))
        return _decide(mentoring_request, RequestStatus.PENDING, RequestStatus.ACCEPTED)


def decline_request(mentoring_request: MentoringRequest, reason: str = "") -> MentoringRequest:
    if has_unstorable(reason):
        raise RequestRefused(UNSTORABLE_MESSAGE)
    with transaction.atomic():
        return _decide(
            _locked(mentoring_request),
            RequestStatus.PENDING,
            RequestStatus.DECLINED,
            decline_reason=reason.strip()[:1000],
        )


def close_request(mentoring_request: MentoringRequest) -> MentoringRequest:
    with transaction.atomic():
        return _decide(_locked(mentoring_request), RequestStatus.ACCEPTED, RequestStatus.CLOSED)


def purge_unconfirmed(older_than: timedelta | None = None) -> int:
    """Delete unconfirmed requests older than ``older_than`` (by default the lifetime of the link): their contact
    details are not ours to keep. Called by nothing automatically; schedule it."""
    cutoff = timezone.now() - (older_than if older_than is not None else timedelta(days=limits().confirm_days))
    deleted, _rows = MentoringRequest.objects.filter(status=RequestStatus.UNCONFIRMED, created_at__lt=cutoff).delete()
    return deleted
