"""The registry's result cards, each rendered once and then read from the cache: 20 cards through the card template
(the competency bars, the formats, the free places) cost more than all the rest of the page's rendering.

A card is kept under a digest of everything it shows (the profile's fields on the card, its municipality's name, its
formats, its levels, its free places, the words of the search it marks), the language, the registry's address and the
card templates' source. So nothing needs invalidating: a profile edited, a new certificate's levels, a place renamed
or a mentee accepted (``active_mentees`` changes through ``update()``, without a signal) is another key; a hidden
or revoked mentor is no longer among the results at all. The one part of a card that depends on the page it is on,
the way back to the search in its link (``?from=``), is put in when the page is rendered.
"""

import hashlib
from functools import cache as once

from django.core.cache import cache
from django.template.defaultfilters import urlencode
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from mentors.models.profiles import LEVEL_FIELDS, MentorProfile

CARD_TEMPLATE = "mentors/includes/mentor_card.html"
# The templates a card is made of: their source is part of the key, so a changed template renders afresh.
CARD_TEMPLATES = (CARD_TEMPLATE, "mentors/includes/competency_bars.html")
# Bounds what the key does not hold: a new translation catalogue.
CARD_SECONDS = 60 * 60
# Rendered in place of the search's query in the card's link, then cut there: the card is kept in two halves.
BACK_TOKEN = "BACKQUERY0"  # noqa: S105 - a placeholder, letters and digits that the link's urlencode keeps as they are
LINK = f"?from={BACK_TOKEN}"


@once
def templates_version() -> str:
    sources = "\0".join(get_template(name).template.source for name in CARD_TEMPLATES)
    return hashlib.md5(sources.encode(), usedforsecurity=False).hexdigest()[:12]


def card_data(mentor: MentorProfile) -> tuple:
    """Everything the card of ``mentor`` shows (the template reads nothing else)."""
    highlight = getattr(mentor, "highlight", None)
    return (
        mentor.pk,
        mentor.slug,
        mentor.display_name,
        mentor.position,
        mentor.organisation,
        mentor.municipality.display_name if mentor.municipality_id else None,
        tuple(mentor.format_codes),
        tuple(getattr(mentor, field) for field in LEVEL_FIELDS.values()),
        mentor.capacity,
        mentor.active_mentees,
        (str(highlight.name), str(highlight.organisation), str(highlight.excerpt)) if highlight else None,
    )


def card_key(mentor: MentorProfile, registry_url: str) -> str:
    digest = hashlib.md5(repr((registry_url, card_data(mentor))).encode(), usedforsecurity=False).hexdigest()
    return f"mentors:card:{get_language() or ''}:{templates_version()}:{digest}"


def render_cards(mentors: list[MentorProfile], *, registry_url: str, back_query: str) -> list[SafeString]:
    """The result cards of ``mentors`` (a page of results, highlighted when the search had words), in their order,
    linking to ``registry_url`` + slug with ``back_query`` as the way back; one cache read for all of them."""
    keys = [card_key(mentor, registry_url) for mentor in mentors]
    kept = cache.get_many(keys)
    missing = {}
    for key, mentor in zip(keys, mentors, strict=True):
        if key not in kept:
            html = get_template(CARD_TEMPLATE).render(
                {"mentor": mentor, "registry_url": registry_url, "back_query": BACK_TOKEN}
            )
            missing[key] = kept[key] = tuple(html.split(LINK, 1))
    if missing:
        cache.set_many(missing, CARD_SECONDS)
    link = f"?from={urlencode(back_query, '')}" if back_query else ""
    # Each half is the card template's own output, escaped there; the link's query is urlencoded above.
    return [mark_safe(link.join(kept[key])) for key in keys]  # noqa: S308
