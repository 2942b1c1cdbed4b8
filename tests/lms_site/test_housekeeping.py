"""``manage.py housekeeping``: it removes exactly what is due and nothing else, ``--dry-run`` changes nothing, and a
second run finds nothing left to do."""

import io
import os
import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
from axes.models import AccessLog
from PIL import Image as PILImage

from mentors.models import Certificate, MentoringRequest, MentorProfile, RequestStatus
from mentors.profiles.photos import photo_collection
from tests.factories import MunicipalityFactory
from tests.mentors.factories import MentorProfileFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=40)
DUE = {
    "unconfirmed_requests": 1,
    "expired_profiles": 1,
    "orphaned_photos": 1,
    "orphaned_files": 2,
    "expired_sessions": 1,
    "old_login_records": 1,
}


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path, monkeypatch):
    """Files of this test's own, so that the sweep sees no other test's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # The PDFs' storage is bound to the field when the model is defined.
    monkeypatch.setattr(
        Certificate._meta.get_field("pdf"), "storage", FileSystemStorage(location=tmp_path / "private")
    )


def pdf_storage():
    return Certificate._meta.get_field("pdf").storage


def png(name="photo.png") -> ContentFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20), "teal").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


def image(collection, *, old=True):
    stored = get_image_model().objects.create(title="Фото", file=png(), collection=collection)
    if old:
        get_image_model().objects.filter(pk=stored.pk).update(created_at=LONG_AGO)
    return stored


def stray_file(storage, name, *, old=True) -> str:
    name = storage.save(name, ContentFile(b"left behind"))
    if old:
        past = time.time() - 40 * 24 * 60 * 60
        os.utime(storage.path(name), (past, past))
    return name


def request_to(profile, place, status, *, days_ago):
    item = MentoringRequest.objects.create(
        profile=profile,
        school="Школа",
        municipality=place,
        contact_name="Петрова Полина",
        email="school@example.org",
        mentee_position="teacher",
        desired_format="adaptive",
        message="<p>Нужен наставник.</p>",
        status=status,
    )
    MentoringRequest.objects.filter(pk=item.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return item


@pytest.fixture
def state(course):
    """One thing due of each kind, beside things that look alike and are not due."""
    today = timezone.localdate()
    place = MunicipalityFactory()
    kept_photo = image(photo_collection())
    listed = MentorProfileFactory(certificate__course=course, photo=kept_photo, certificate__expires_on=today)
    MentorProfile.objects.filter(pk=listed.pk).update(expires_on=today + timedelta(days=1))
    expired = MentorProfileFactory(certificate__course=course)
    MentorProfile.objects.filter(pk=expired.pk).update(expires_on=today - timedelta(days=1))
    hidden_expired = MentorProfileFactory(certificate__course=course, is_published=False)
    MentorProfile.objects.filter(pk=hidden_expired.pk).update(expires_on=today - timedelta(days=1))

    requests = {
        "due": request_to(listed, place, RequestStatus.UNCONFIRMED, days_ago=4),
        "fresh": request_to(listed, place, RequestStatus.UNCONFIRMED, days_ago=1),
        "confirmed": request_to(listed, place, RequestStatus.PENDING, days_ago=30),
    }
    photos = {
        "orphan": image(photo_collection()),
        "fresh_orphan": image(photo_collection(), old=False),
        "editors": image(Collection.get_first_root_node()),  # content, not a photo: never swept
    }
    pdfs = pdf_storage()
    certificate = listed.certificate
    certificate.pdf.save("certificates/kept.pdf", ContentFile(b"%PDF"), save=True)
    os.utime(pdfs.path(certificate.pdf.name), (time.time() - 10**7,) * 2)
    files = {
        "stray_original": stray_file(default_storage, "original_images/stray.png"),
        "stray_pdf": stray_file(pdfs, "certificates/stray.pdf"),
        "fresh_stray": stray_file(default_storage, "images/fresh.png", old=False),
    }
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=LONG_AGO)
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=timezone.now() + timedelta(days=1))
    old_log = AccessLog.objects.create(username="user:1", ip_address="10.0.0.1", user_agent="test")
    AccessLog.objects.filter(pk=old_log.pk).update(attempt_time=LONG_AGO)
    AccessLog.objects.create(username="user:1", ip_address="10.0.0.1", user_agent="test")
    return {
        "listed": listed,
        "expired": expired,
        "hidden_expired": hidden_expired,
        "requests": requests,
        "photos": photos,
        "kept_photo": kept_photo,
        "certificate": certificate,
        "files": files,
    }


def run(*args) -> dict[str, int]:
    out = io.StringIO()
    call_command("housekeeping", *args, stdout=out)
    counts = {}
    for line in out.getvalue().splitlines():
        name, _colon, rest = line.partition(": ")
        if rest:
            counts[name] = int(rest.split()[0])
    return counts


def snapshot() -> dict:
    images = get_image_model().objects
    return {
        "requests": sorted(MentoringRequest.objects.values_list("pk", flat=True)),
        "listed": sorted(MentorProfile.objects.filter(is_listed=True).values_list("pk", flat=True)),
        "images": sorted(images.values_list("pk", flat=True)),
        "files": sorted([*default_storage.listdir("original_images")[1], *pdf_storage().listdir("certificates")[1]]),
        "sessions": Session.objects.count(),
        "login_records": AccessLog.objects.count(),
    }


def test_a_dry_run_counts_what_is_due_and_changes_nothing(state):
    before = snapshot()
    assert run("--dry-run") == DUE
    assert snapshot() == before


def test_the_run_removes_exactly_what_is_due(state):
    assert run() == DUE
    requests = state["requests"]
    assert set(MentoringRequest.objects.values_list("pk", flat=True)) == {
        requests["fresh"].pk,
        requests["confirmed"].pk,
    }
    assert set(MentorProfile.objects.filter(is_listed=True).values_list("pk", flat=True)) == {state["listed"].pk}
    assert not MentorProfile.objects.filter(pk=state["expired"].pk, is_listed=True).exists()
    photos = state["photos"]
    assert set(get_image_model().objects.values_list("pk", flat=True)) == {
        state["kept_photo"].pk,
        photos["fresh_orphan"].pk,
        photos["editors"].pk,
    }
    assert not default_storage.exists(photos["orphan"].file.name)
    assert default_storage.exists(state["kept_photo"].file.name)
    files = state["files"]
    assert not default_storage.exists(files["stray_original"])
    assert not pdf_storage().exists(files["stray_pdf"])
    assert default_storage.exists(files["fresh_stray"])
    assert pdf_storage().exists(Certificate.objects.get(pk=state["certificate"].pk).pdf.name)
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]
    assert AccessLog.objects.count() == 1


def test_a_second_run_finds_nothing_to_do(state):
    run()
    assert run() == dict.fromkeys(DUE, 0)
