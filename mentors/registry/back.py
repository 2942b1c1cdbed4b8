"""The way back from a profile to the registry search or the matches it was opened from.

A result card links to the profile with ``?from=`` and the search's query string, a match with ``?match=`` and the
needs the school described; the profile's "back" link (and the request form, which comes back to the profile) carry
it on, and the needs prefill the request form. Only the registry's own
parameters survive, re-encoded, and the address is always the registry page's own path with them: whatever ``from``
holds (another site's address, a path, markup), the link cannot lead elsewhere, and at worst it is the plain
registry.
"""

from django.http import QueryDict

from course.codes import FormatCode
from mentors.registry.filters import FILTER_PARAMETERS, QUERY_MAX_LENGTH
from mentors.registry.forms import MatchForm

BACK_PARAMETER = "from"
MATCH_PARAMETER = "match"
# Longer than any query string the registry's own form produces (every filter set, the longest search).
MAX_LENGTH = 4 * QUERY_MAX_LENGTH + 800
KEPT = [*FILTER_PARAMETERS, "page"]


def registry_query(query_string: str) -> str:
    """The registry's parameters in ``query_string``, re-encoded; "" when there are none or it is not one."""
    if not query_string or len(query_string) > MAX_LENGTH:
        return ""
    params = QueryDict(query_string)
    kept = QueryDict(mutable=True)
    for name in KEPT:
        values = [value for value in params.getlist(name) if value and len(value) <= QUERY_MAX_LENGTH]
        values = values[: len(FormatCode.values)] if name == "format" else values[:1]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def registry_url(page, query: str) -> str:
    """The registry page with ``query`` (from ``registry_query``)."""
    return f"{page.url}?{query}" if query else page.url


def match_query(query_string: str) -> str:
    """The match form's parameters in ``query_string``, re-encoded; "" when there are none or it is not one."""
    if not query_string or len(query_string) > MAX_LENGTH:
        return ""
    params = QueryDict(query_string)
    kept = QueryDict(mutable=True)
    for name, field in MatchForm.base_fields.items():
        values = [value for value in params.getlist(name) if value and len(value) <= QUERY_MAX_LENGTH]
        values = values[: len(field.choices)] if name == "competencies" else values[:1]
        if values:
            kept.setlist(name, values)
    return kept.urlencode()


def kept_navigation(params) -> dict[str, str]:
    """The ways back a profile's address carries (``from``, ``match``), each cleaned; the empty ones left out."""
    kept = {
        BACK_PARAMETER: registry_query(params.get(BACK_PARAMETER, "")),
        MATCH_PARAMETER: match_query(params.get(MATCH_PARAMETER, "")),
    }
    return {name: value for name, value in kept.items() if value}
