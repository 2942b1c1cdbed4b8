"""Mentors' photos: stored without their metadata under unguessable names in their own collection, kept out of the
public image listings, shown only while the mentor is listed, and deleted with every rendition when removed."""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection

from PIL import Image as PILImage
from PIL import ImageFile, ImageOps

PHOTO_COLLECTION = "Фотографии наставников"


def photo_collection() -> Collection:
    root = Collection.get_first_root_node()
    return Collection.objects.filter(name=PHOTO_COLLECTION).first() or root.add_child(name=PHOTO_COLLECTION)


def exclude_mentor_photos(images):
    """``images`` without the mentors' photos (for the public image API)."""
    return images.exclude(collection__name=PHOTO_COLLECTION)


def delete_photo(image) -> None:
    """The image row, its original file and every rendition's file."""
    if image is None:
        return
    delete_renditions(image)
    image.file.delete(save=False)
    get_image_model().objects.filter(pk=image.pk).delete()


class PhotoRejected(ValueError):
    pass


class PhotoField(WagtailImageField):
    """Wagtail's image field, with a damaged file (a truncated GIF, say) a form error rather than a 500: Pillow raises
    ``OSError`` from deep in the size check, which the field does not expect."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error


def clean_photo(upload) -> ContentFile:
    """The uploaded picture decoded in full and encoded again: without EXIF (camera, GPS), XMP or other metadata,
    turned upright, under a random name (the original file name often holds the mentor's name).

    Raises:
        PhotoRejected: the file is truncated or otherwise cannot be decoded.
    """
    upload.seek(0)
    # WeasyPrint sets this process-wide flag when it renders a certificate PDF, after which Pillow would accept
    # truncated files silently; a photo must decode in full.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with PILImage.open(upload) as image:
            image.load()  # a truncated file fails here rather than later, in a rendition, as a 500
            upright = ImageOps.exif_transpose(image)
            kind = image.format if image.format in KEEP_FORMATS else "PNG"
            if kind == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            elif upright.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                upright = upright.convert("RGBA")
            clean = PILImage.new(upright.mode, upright.size)
            clean.paste(upright)  # pixels only: no info dictionary, no EXIF, no ICC profile
            if upright.mode == "P":
                clean.putpalette(upright.getpalette())
            buffer = io.BytesIO()
            clean.save(buffer, kind, **SAVE_OPTIONS.get(kind, {}))
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as error:
        raise PhotoRejected(str(error)) from error
    return ContentFile(buffer.getvalue(), name=f"{secrets.token_hex(16)}.{EXTENSIONS[kind]}")


KEEP_FORMATS = {"JPEG", "PNG", "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SAVE_OPTIONS = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}}


def delete_renditions(image) -> None:
    """Every rendition's file and row; they are made again when a listed profile is shown."""
    if image is None:
        return
    for rendition in image.renditions.all():
        rendition.file.delete(save=False)
    image.renditions.all().delete()
