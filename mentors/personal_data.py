"""A person's data held by the mentors app: certificates, the mentor profile, mentoring requests received as a mentor
and sent as a school's contact (by e-mail address). The export and the erasure parts that the site calls (see
``course.personal_data``).

The erasure:

- the mentor profile is deleted, and with it its place in the registry, the API and the search index, its photo
  (the image, its file and every rendition's file) and the requests it received. Before that, the schools whose
  requests were waiting or accepted are told by e-mail that the request is closed;
- the requests the person sent from their e-mail address are deleted (they hold the person's name, address, phone
  and message); the mentors who were waiting on them or working with them are told by e-mail, and the places they
  took are freed;
- certificates stay, because the institute must keep the record of a document it issued (number, date, programme,
  hours, the levels certified), but the holder's name snapshot is emptied, the stored PDF (which prints the name) is
  deleted and not made again, and ``holder_data_removed_at`` makes the check page and the credential say that the
  holder's data were removed at their request.

The letters say only that a request of a given date is closed: no name, no address of the other side.
"""

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from django_tasks import task

from course.personal_data import iso
from mentors.credentials.addresses import base_url, check_url
from mentors.models.certificates import Certificate
from mentors.models.pages import MentorRegistryPage
from mentors.models.profiles import MentorProfile
from mentors.models.requests import MentoringRequest, RequestStatus
from mentors.profiles.photos import delete_photo
from mentors.profiles.services import refresh_active_mentees

# Requests the other side is waiting on or working under: closing them is news to that side.
OPEN_STATUSES = (RequestStatus.PENDING, RequestStatus.ACCEPTED)


# --- Export ----------------------------------------------------------------------------------------------------------


def export_certificate(certificate: Certificate) -> dict:
    return {
        "number": certificate.number,
        "programme": certificate.course_title,
        "hours": certificate.hours,
        "holder_name": certificate.holder_name,
        "levels": certificate.levels,
        "issued_at": iso(certificate.issued_at),
        "expires_on": iso(certificate.expires_on),
        "status": certificate.current_status,
        "revoked_at": iso(certificate.revoked_at),
        "revocation_reason": certificate.revocation_reason,
        "check_url": check_url(certificate),
    }


def export_profile(profile: MentorProfile) -> dict:
    return {
        "slug": profile.slug,
        "name_shown": profile.display_name,
        "photo": profile.photo.file.name if profile.photo_id else None,
        "position": profile.position,
        "organisation": profile.organisation,
        "region": profile.region.name if profile.region_id else None,
        "municipality": profile.municipality.name if profile.municipality_id else None,
        "subjects": [subject.name for subject in profile.subjects.all()],
        "expert_areas": [area.name for area in profile.expert_areas.all()],
        "formats": profile.format_codes,
        "models_practised": profile.models_practised,
        "bio": profile.bio,
        "capacity": profile.capacity,
        "active_mentees": profile.active_mentees,
        "levels": profile.levels,
        "certified_at": iso(profile.certified_at),
        "certificate_expires_on": iso(profile.expires_on),
        "published": profile.is_published,
        "shown_in_registry": profile.is_listed,
        "published_at": iso(profile.published_at),
        "publication_consent_at": iso(profile.publication_consent_at),
        "publication_consent_version": profile.publication_consent_version,
    }


def export_request(mentoring_request: MentoringRequest, *, with_contact: bool) -> dict:
    row = {
        "school": mentoring_request.school,
        "municipality": mentoring_request.municipality.name,
        "mentee_position": mentoring_request.mentee_position,
        "desired_format": mentoring_request.desired_format,
        "message": mentoring_request.message,
        "status": mentoring_request.status,
        "sent_at": iso(mentoring_request.created_at),
        "confirmed_at": iso(mentoring_request.confirmed_at),
        "decided_at": iso(mentoring_request.decided_at),
        "decline_reason": mentoring_request.decline_reason,
    }
    if with_contact:
        row.update(
            contact_name=mentoring_request.contact_name, email=mentoring_request.email, phone=mentoring_request.phone
        )
    return row


def sent_requests(user):
    """Requests sent with the user's e-mail address and confirmed from its mailbox: an unconfirmed one may have been
    typed by anybody, so nothing in it is known to be the user's."""
    if not user.email:
        return MentoringRequest.objects.none()
    return MentoringRequest.objects.filter(email__iexact=user.email, confirmed_at__isnull=False)


def export_data(user) -> dict:
    """Certificates, the mentor profile, requests received (without the senders' contacts, which are theirs) and
    requests sent (with the contact the user gave)."""
    certificates = Certificate.objects.filter(user=user).order_by("issued_at", "pk")
    profile = (
        MentorProfile.objects.filter(user=user)
        .select_related("photo", "region", "municipality")
        .prefetch_related("subjects", "expert_areas", "formats")
        .first()
    )
    received = (
        MentoringRequest.objects.for_mentor(user).select_related("municipality").order_by("created_at", "pk")
        if profile is not None
        else []
    )
    sent = sent_requests(user).select_related("municipality", "profile").order_by("created_at", "pk")
    return {
        "certificates": [export_certificate(certificate) for certificate in certificates],
        "mentor_profile": export_profile(profile) if profile is not None else None,
        "mentoring_requests_received": [export_request(item, with_contact=False) for item in received],
        "mentoring_requests_sent": [
            {"mentor": item.profile.display_name, **export_request(item, with_contact=True)} for item in sent
        ],
    }


# --- Erasure ---------------------------------------------------------------------------------------------------------


def registry_url() -> str:
    registry = MentorRegistryPage.objects.live().first()
    return (registry.get_full_url() if registry is not None else None) or base_url() + "/"


@task()
def notify_request_closed(recipient: str, role: str, sent_on: str, was_accepted: bool) -> None:
    """To the other side of a request closed by an erasure: ``role`` is ``school`` (the mentor left) or ``mentor``
    (the sender's data were removed). Nothing about the person who left."""
    context = {
        "role": role,
        "sent_on": date.fromisoformat(sent_on),
        "was_accepted": was_accepted,
        "registry_url": registry_url(),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("mentors/emails/request_closed_subject.txt", context).split())
        body = render_to_string("mentors/emails/request_closed.txt", context)
    send_mail(subject, body, None, [recipient])


def _tell_later(recipient: str, role: str, mentoring_request: MentoringRequest) -> None:
    if not recipient:
        return
    arguments = {
        "recipient": recipient,
        "role": role,
        "sent_on": timezone.localdate(mentoring_request.created_at).isoformat(),
        "was_accepted": mentoring_request.status == RequestStatus.ACCEPTED,
    }
    transaction.on_commit(lambda: notify_request_closed.enqueue(**arguments))


def erase_profile(user) -> dict[str, int]:
    profile = MentorProfile.objects.filter(user=user).select_related("photo").first()
    if profile is None:
        return {}
    closed = 0
    for mentoring_request in profile.requests.filter(status__in=OPEN_STATUSES):
        _tell_later(mentoring_request.email, "school", mentoring_request)
        closed += 1
    photo = profile.photo
    profile.delete()  # its requests and formats go with it; Wagtail's signal takes it out of the search index
    if photo is not None:
        transaction.on_commit(lambda: delete_photo(photo))
    return {"mentor_profiles_deleted": 1, "requests_received_closed": closed}


def erase_sent_requests(user) -> dict[str, int]:
    if not user.email:
        return {}
    sent = MentoringRequest.objects.filter(email__iexact=user.email).select_related("profile__user")
    closed = 0
    profiles = set()
    for mentoring_request in sent:
        if mentoring_request.status in OPEN_STATUSES and mentoring_request.profile.user_id != user.pk:
            _tell_later(mentoring_request.profile.user.email, "mentor", mentoring_request)
            closed += 1
        profiles.add(mentoring_request.profile)
    deleted, _rows = sent.delete()
    for profile in profiles:
        if MentorProfile.objects.filter(pk=profile.pk).exists():
            refresh_active_mentees(profile)
    return {"requests_sent_deleted": deleted, "requests_sent_closed": closed} if deleted else {}


def remove_holder_data(certificate: Certificate, *, at=None) -> Certificate:
    """Empty the holder's name snapshot and delete the PDF that prints it; the rest of the record stays."""
    pdf = certificate.pdf.name if certificate.pdf else ""
    storage = certificate.pdf.storage
    certificate.holder_name = ""
    certificate.holder_data_removed_at = at or timezone.now()
    certificate.pdf = ""
    certificate.save(update_fields=["holder_name", "holder_data_removed_at", "pdf"])
    if pdf:
        transaction.on_commit(lambda: storage.delete(pdf))
    return certificate


def erase_certificates(user) -> dict[str, int]:
    now = timezone.now()
    certificates = list(Certificate.objects.filter(user=user, holder_data_removed_at__isnull=True))
    for certificate in certificates:
        remove_holder_data(certificate, at=now)
    return {"certificates_holder_data_removed": len(certificates)} if certificates else {}


def erase_data(user) -> dict[str, int]:
    """The profile, the requests, the holder's name on certificates (see the module's docstring)."""
    return {**erase_sent_requests(user), **erase_profile(user), **erase_certificates(user)}
