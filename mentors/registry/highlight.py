"""Why a search result matched: the words of the search marked in the mentor's name, organisation and in a short
excerpt of the bio.

On PostgreSQL the marks are ``ts_headline``'s with the ``russian`` configuration, the one the search itself uses, so
what is marked is what matched; the headlines are columns of the page's own query (``headline_annotations``), which
PostgreSQL computes for the rows of the page only (an expensive output column is evaluated after the sort and the
limit). Elsewhere a word is marked when it shares a Snowball stem with a word of the search, as the SQLite index
matches (``mentors.registry.stemming``).

Either way the marks come back as two private-use characters around each word, and ``marked`` turns the text into
HTML: every piece escaped, then ``<mark>`` put between them. Text a mentor wrote never reaches the page unescaped.
"""

import html
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from mentors.models.profiles import SEARCH_CONFIG, bio_plain, bio_text_expression
from mentors.registry.stemming import WORD, stem_word

START, STOP = "\ue000", "\ue001"
# The excerpt of the bio: about this many words around the first match.
EXCERPT_WORDS = 24
EXCERPT_MIN_WORDS = 12
WORDS_BEFORE = 6
ELLIPSIS = "…"


@dataclass(frozen=True)
class Highlight:
    """A result card's marked name and organisation (HTML), and the bio's excerpt when the bio matched."""

    name: SafeString
    organisation: SafeString
    excerpt: SafeString | str = ""


def headline_annotations(query: str) -> dict:
    """The page query's extra columns on PostgreSQL: the name, organisation and bio marked by ``ts_headline``."""
    tsquery = SearchQuery(query, config=SEARCH_CONFIG, search_type="plain")
    marks = {"config": SEARCH_CONFIG, "start_sel": START, "stop_sel": STOP}
    return {
        "headline_name": SearchHeadline("display_name", tsquery, highlight_all=True, **marks),
        "headline_organisation": SearchHeadline("organisation", tsquery, highlight_all=True, **marks),
        "headline_bio": SearchHeadline(
            bio_text_expression(join_inline=True),
            tsquery,
            max_words=EXCERPT_WORDS,
            min_words=EXCERPT_MIN_WORDS,
            short_word=2,
            max_fragments=1,
            **marks,
        ),
    }


def highlight_results(profiles, query: str) -> None:
    """Give each of ``profiles`` (a page of results of ``query``) its ``highlight``."""
    stems = {stem_word(word) for word in WORD.findall(query)}
    for profile in profiles:
        if hasattr(profile, "headline_name"):
            name, organisation, bio = profile.headline_name, profile.headline_organisation, profile.headline_bio
            # ts_headline read the bio's HTML text, entities included (``&amp;``): they are read when it is marked.
            excerpt = (
                marked(_with_ellipses(bio, bio_plain(profile.bio, join_inline=True)), entities=True)
                if START in bio
                else ""
            )
        else:
            name, organisation = mark_stems(profile.display_name, stems), mark_stems(profile.organisation, stems)
            excerpt = marked(excerpt_of(html.unescape(bio_plain(profile.bio, join_inline=True)), stems))
        profile.highlight = Highlight(name=marked(name), organisation=marked(organisation), excerpt=excerpt)


def mark_stems(text: str, stems: set[str]) -> str:
    """``text`` with the words whose stem is one of ``stems`` between the marks."""
    return WORD.sub(lambda word: f"{START}{word[0]}{STOP}" if stem_word(word[0]) in stems else word[0], text)


def excerpt_of(text: str, stems: set[str]) -> str:
    """About ``EXCERPT_WORDS`` words of ``text`` from a little before its first word with one of ``stems``, marked,
    with an ellipsis where text was left out; "" when no word matches."""
    words = list(WORD.finditer(text))
    first = next((number for number, word in enumerate(words) if stem_word(word[0]) in stems), None)
    if first is None:
        return ""
    start = max(0, min(first - WORDS_BEFORE, len(words) - EXCERPT_WORDS))
    end = min(len(words), start + EXCERPT_WORDS)
    begin_at = words[start].start() if start else 0
    end_at = words[end - 1].end() if end < len(words) else len(text)
    excerpt = " ".join(mark_stems(text[begin_at:end_at], stems).split())
    return f"{ELLIPSIS + ' ' if start else ''}{excerpt}{' ' + ELLIPSIS if end < len(words) else ''}"


def _with_ellipses(headline: str, text: str) -> str:
    """``ts_headline``'s excerpt of ``text`` with an ellipsis on each side where ``text`` goes on (the punctuation
    it leaves off at the end, when nothing more follows, put back)."""
    headline = " ".join(headline.split())
    fragment = headline.replace(START, "").replace(STOP, "")
    plain = " ".join(text.split())
    at = plain.find(fragment)
    if at < 0:
        return f"{ELLIPSIS} {headline} {ELLIPSIS}"
    before, after = plain[:at], plain[at + len(fragment) :]
    start = f"{ELLIPSIS} " if WORD.search(before) else ""
    end = f" {ELLIPSIS}" if WORD.search(after) else after.strip()
    return f"{start}{headline}{end}"


def marked(text: str, *, entities: bool = False) -> SafeString:
    """``text`` as HTML: each piece escaped, the marked words in ``<mark>``; a stray mark is dropped.

    ``entities``: the text comes from HTML (the bio), so its entities (``&amp;``) are read as the characters they
    stand for before everything is escaped again."""

    def piece(part: str) -> str:
        part = part.replace(START, "").replace(STOP, "")
        return escape(html.unescape(part) if entities else part)

    chunks = text.split(START)
    pieces = [piece(chunks[0])]
    for chunk in chunks[1:]:
        word, _stop, rest = chunk.partition(STOP)
        pieces.append(f"<mark>{piece(word)}</mark>" if word else "")
        pieces.append(piece(rest))
    return mark_safe("".join(pieces))  # noqa: S308 -- every piece is escaped above
