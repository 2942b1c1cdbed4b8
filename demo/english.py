"""The English version of the whole course, as wagtail-localize translations of the Russian pages.

``content/en/`` mirrors the Russian content files: the same structure, slugs and codes, every text in English (see
``content/en/README.md``). A page's English text reaches wagtail-localize as the translation of its Russian segments:
the English entry builds an unsaved page with the same field builder as the Russian one, wagtail-localize's own
extractor lists the segments of both pages, and they are paired in order. So editors find a real translation in
the admin (``/admin/localize/``), kept in sync with the Russian source as wagtail-localize keeps any other, and the
loader needs no knowledge of how a field is segmented.
"""

import json
from collections.abc import Callable
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder

from modelcluster.models import get_serializable_data_for_fields
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

EN_DIR = Path(__file__).resolve().parent / "content" / "en"


class EnglishContentError(ValueError):
    """An English file does not mirror its Russian one; the message names the page and the first difference."""


def read_english(relative: str) -> dict | None:
    """The English mirror of a content file (``course/modules/01.json``), or None when there is none."""
    path = EN_DIR / relative
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def segment_strings(page: Page) -> list[tuple[str, str]]:
    """(field, text) of every translatable string of a page, in wagtail-localize's order."""
    return [
        (segment.path.split(".", 1)[0], segment.string.data)
        for segment in extract_segments(page)
        if isinstance(segment, StringSegmentValue)
    ]


def as_translation_source(page: Page, content: Page) -> Page:
    """``page`` with the fields of ``content`` as wagtail-localize sees a source: serialised, then read back.

    The round trip matters: a list block built from plain data (the content files' format) is only extracted once it
    is stored in Wagtail's block format, which serialising bound blocks gives it.
    """
    for field in content._meta.get_fields():
        if isinstance(field, StreamField):
            list(getattr(content, field.name))  # bind every block, so that it serialises in block format
    data = json.loads(json.dumps(get_serializable_data_for_fields(content), cls=DjangoJSONEncoder))
    return page.with_content_json(data)


def paired_segments(page: Page, english_fields: dict) -> dict[str, str]:
    """Russian segment → English segment for ``page``, from the same page built of its English fields."""
    russian = page.specific
    english = type(russian)(**{**english_fields, "slug": russian.slug})
    russian_strings = segment_strings(as_translation_source(russian, russian))
    english_strings = segment_strings(as_translation_source(russian, english))
    where = f"{russian.url_path} ({type(russian).__name__})"
    for index, (ru, en) in enumerate(zip(russian_strings, english_strings, strict=False)):
        if ru[0] != en[0]:
            raise EnglishContentError(f"{where}: segment {index + 1} is in {en[0]!r} in English, {ru[0]!r} in Russian")
    if len(russian_strings) != len(english_strings):
        raise EnglishContentError(
            f"{where}: the English text has {len(english_strings)} segments, the Russian {len(russian_strings)}"
        )
    return {
        ru_text: en_text
        for (_field, ru_text), (_field2, en_text) in zip(russian_strings, english_strings, strict=True)
    }


def translate_from_fields(
    page: Page,
    english_fields: dict,
    locale: Locale,
    translate: Callable,
    *,
    refresh: bool,
    report,
) -> Page:
    """Translate ``page`` into ``locale`` (through ``translate``, the loader's wagtail-localize step)."""
    if not refresh and page.has_translation(locale):
        return page.get_translation(locale)
    return translate(page, locale, paired_segments(page, english_fields), refresh=refresh, report=report)
