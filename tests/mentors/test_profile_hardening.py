"""The mentor's profile under hostile input: the bio's size cap and markup guard, photos without metadata that only
listed mentors show, and text that cannot be stored."""

import io
from pathlib import Path
from unittest import mock

from django.urls import reverse

from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

from course import sanitize
from mentors.models import MentorProfile
from mentors.profiles.forms import BIO_MAX_INPUT
from tests.mentors.helpers import profile_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "bio",
    [
        "а" * (BIO_MAX_INPUT + 1),  # the audit's 64 KB bio took 84 s
        "<ul><li>" * 700,
        "<p>Обо мне\x00</p>",
    ],
)
def test_a_hostile_bio_is_a_form_error_and_never_reaches_bleach(client, certified, bio):
    before = MentorProfile.objects.get(pk=certified.profile.pk).bio
    with mock.patch.object(sanitize._cleaner, "clean") as clean:
        response = client.post(reverse("mentors:mentor_profile"), profile_data(bio=bio))
    clean.assert_not_called()
    assert response.status_code == 400 and "bio" in response.context["form"].errors
    assert MentorProfile.objects.get(pk=certified.profile.pk).bio == before


# Photos ------------------------------------------------------------------------------------------------------------


def jpeg_with_gps(name="Гарипова на даче.jpg"):
    image = PILImage.new("RGB", (60, 60), "teal")
    exif = PILImage.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {1: "N", 2: (55.0, 47.0, 0.0), 3: "E", 4: (49.0, 6.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    buffer.seek(0)
    buffer.name = name
    return buffer


def upload(client, photo, **overrides):
    return client.post(reverse("mentors:mentor_profile"), profile_data(photo_upload=photo, **overrides))


def test_an_uploaded_photo_loses_its_metadata_and_its_name(client, certified):
    assert upload(client, jpeg_with_gps()).status_code == 302
    photo = MentorProfile.objects.get(pk=certified.profile.pk).photo
    with photo.file.open("rb") as stored:
        image = PILImage.open(stored)
        assert not dict(image.getexif()) and "exif" not in image.info
    assert "Гарипова" not in photo.file.name and "dache" not in photo.file.name
    assert len(Path(photo.file.name).stem) >= 24


def test_photos_are_not_in_the_public_image_api(client, certified):
    upload(client, jpeg_with_gps())
    photo = MentorProfile.objects.get(pk=certified.profile.pk).photo
    client.logout()
    listing = client.get("/api/v2/images/").json()
    assert photo.pk not in [item["id"] for item in listing["items"]]
    assert client.get(f"/api/v2/images/{photo.pk}/").status_code == 404


def test_a_removed_photo_is_deleted_with_its_renditions(client, certified):
    upload(client, jpeg_with_gps())
    photo = MentorProfile.objects.get(pk=certified.profile.pk).photo
    rendition = photo.get_rendition("fill-40x40")
    files = [photo.file.path, rendition.file.path]
    assert all(Path(path).exists() for path in files)
    response = client.post(reverse("mentors:mentor_profile"), profile_data(remove_photo="on"))
    assert response.status_code == 302
    assert MentorProfile.objects.get(pk=certified.profile.pk).photo is None
    assert not get_image_model().objects.filter(pk=photo.pk).exists()
    assert not any(Path(path).exists() for path in files)


def test_a_replaced_photo_is_deleted(client, certified):
    upload(client, jpeg_with_gps())
    first = MentorProfile.objects.get(pk=certified.profile.pk).photo
    upload(client, jpeg_with_gps())
    assert not get_image_model().objects.filter(pk=first.pk).exists()
    assert not Path(first.file.path).exists()


def test_a_hidden_mentor_s_renditions_are_deleted(client, certified):
    upload(client, jpeg_with_gps())
    client.post(reverse("mentors:mentor_publish"), {"consent": "on"})
    photo = MentorProfile.objects.get(pk=certified.profile.pk).photo
    rendition = photo.get_rendition("fill-240x240")
    client.post(reverse("mentors:mentor_unpublish"))
    assert not Path(rendition.file.path).exists() and not photo.renditions.exists()


def test_a_huge_picture_is_refused(client, certified, settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 50_000_000
    buffer = io.BytesIO()
    PILImage.new("1", (11000, 11000)).save(buffer, "PNG")  # 117 KB on the wire, 121 megapixels
    buffer.seek(0)
    buffer.name = "huge.png"
    response = upload(client, buffer)
    assert response.status_code == 400 and "photo_upload" in response.context["form"].errors


@pytest.mark.parametrize("kind", ["GIF", "PNG", "JPEG"])
def test_a_truncated_picture_is_a_form_error(client, certified, kind):
    buffer = io.BytesIO()
    PILImage.new("RGB", (300, 300), "teal").save(buffer, kind)
    data = buffer.getvalue()
    truncated = io.BytesIO(data[: len(data) // 2])
    truncated.name = f"photo.{kind.lower()}"
    response = upload(client, truncated)
    assert response.status_code == 400 and "photo_upload" in response.context["form"].errors


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_truncated_picture_is_refused_after_a_pdf_was_rendered(client, certified, kind):
    """WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process when it renders a certificate."""
    import weasyprint  # noqa: F401 - the import is what flips the flag
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True
    buffer = io.BytesIO()
    PILImage.new("RGB", (300, 300), "teal").save(buffer, kind)
    truncated = io.BytesIO(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    truncated.name = f"photo.{kind.lower()}"
    response = upload(client, truncated)
    assert response.status_code == 400 and "photo_upload" in response.context["form"].errors
