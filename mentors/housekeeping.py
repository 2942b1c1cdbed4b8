"""The mentors app's scheduled housekeeping: each job counts what is due and, unless told to only count, does it.

Every job is idempotent (a second run finds nothing due) and returns how many things it removed or changed; the
site's ``manage.py housekeeping`` runs them with the site's own jobs, from a cron job or a systemd timer.
"""

from datetime import timedelta

from django.core.files.storage import Storage
from django.utils import timezone

from wagtail.images import get_image_model

from mentors.models.certificates import Certificate
from mentors.models.profiles import MentorProfile
from mentors.models.requests import MentoringRequest, RequestStatus
from mentors.profiles.photos import PHOTO_COLLECTION, delete_photo, delete_renditions
from mentors.requests.services import limits


def expired_unconfirmed_requests():
    """Unconfirmed requests whose confirmation link has expired: nobody can confirm them any more, and the contact
    details in them are not ours to keep."""
    cutoff = timezone.now() - timedelta(days=limits().confirm_days)
    return MentoringRequest.objects.filter(status=RequestStatus.UNCONFIRMED, created_at__lt=cutoff)


def purge_unconfirmed_requests(*, dry_run: bool = False) -> int:
    due = expired_unconfirmed_requests()
    if dry_run:
        return due.count()
    return due.delete()[0]


def expired_listed_profiles():
    """Profiles still marked as shown whose certificate has expired. The registry already hides them (it filters on
    the date); unlisting them also stops their photos being served and keeps the flag true to what is shown. A later
    save of the profile sets the flag from publication and revocation alone; the registry's date filter keeps the
    profile hidden all the same, and the next run unlists it again."""
    return MentorProfile.objects.filter(is_listed=True, expires_on__lt=timezone.localdate())


def unlist_expired_profiles(*, dry_run: bool = False) -> int:
    due = list(expired_listed_profiles().select_related("photo"))
    if dry_run:
        return len(due)
    MentorProfile.objects.filter(pk__in=[profile.pk for profile in due]).update(is_listed=False)
    for profile in due:
        delete_renditions(profile.photo)
    return len(due)


def orphaned_photos(*, older_than: timedelta):
    """Images in the mentors' photo collection that no profile shows (a profile deleted, a form that failed after
    storing the upload); only those older than ``older_than``, so that an upload being saved is left alone."""
    used = MentorProfile.objects.filter(photo__isnull=False).values("photo_id")
    return (
        get_image_model()
        .objects.filter(collection__name=PHOTO_COLLECTION, created_at__lt=timezone.now() - older_than)
        .exclude(pk__in=used)
    )


def delete_orphaned_photos(*, older_than: timedelta, dry_run: bool = False) -> int:
    due = list(orphaned_photos(older_than=older_than))
    if not dry_run:
        for image in due:
            delete_photo(image)
    return len(due)


def certificate_files() -> tuple[Storage, str, set[str]]:
    """For the site's sweep of orphaned files: the storage and directory of the certificates' PDFs and the names the
    certificates point to (a PDF nobody points to is left by an erasure or a failed render)."""
    field = Certificate._meta.get_field("pdf")
    referenced = set(Certificate.objects.exclude(pdf="").values_list("pdf", flat=True))
    return field.storage, field.upload_to.rstrip("/"), referenced
