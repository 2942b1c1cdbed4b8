"""The registry search: the filters and the full text together, one function for the page and the API.

On PostgreSQL the full text is matched against the profiles' own search document (``MentorProfile.search_vector``,
weighted, the ``russian`` configuration, a GIN index): the filters and the match are one statement. Every cost is
bounded by ``MENTORS_REGISTRY_COUNT_LIMIT`` (N, 1,000): counts are exact up to N and "more than N" beyond it; a search
shows at most N results (N / 20 pages); by relevance, ``ts_rank_cd`` orders the matches when there are at most N of
them, and when there are more (a common word: «наставник» is in half the bios) the precomputed mean level orders
them, read in the order of its index. So a common word costs the same at 100,000 mentors as at a million.

Elsewhere the full text goes through Wagtail's search backend: on SQLite its database backend with Snowball stems
(the profiles' ``search_stems`` field, the query stemmed the same way), so «наставника» finds «наставник» there too;
with ``SEARCH_BACKEND`` set to OpenSearch or Elasticsearch the registry searches there. ``MENTORS_REGISTRY_SEARCH``
chooses explicitly: ``"auto"`` (the default: the search document on PostgreSQL with Wagtail's database backend,
Wagtail's backend otherwise), ``"postgres"`` or ``"wagtail"``.
"""

import re
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext

from wagtail.search.backends import get_search_backend

from course.conf import setting
from mentors.models.profiles import SEARCH_CONFIG, MentorProfile
from mentors.registry.filters import ORDERING, MentorFilter
from mentors.registry.highlight import headline_annotations
from mentors.registry.stemming import stem_text

PAGE_SIZE = 20
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")
ENGINES = ("auto", "postgres", "wagtail")
DATABASE_BACKEND = "wagtail.search.backends.database"


def count_limit() -> int:
    """How many matches are counted exactly, ranked and shown (``MENTORS_REGISTRY_COUNT_LIMIT``)."""
    return setting("MENTORS_REGISTRY_COUNT_LIMIT")


def uses_search_document() -> bool:
    """Whether the full text is matched in SQL against ``search_vector`` rather than through Wagtail's backend."""
    engine = setting("MENTORS_REGISTRY_SEARCH")
    if engine == "auto":
        backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {}).get("BACKEND", DATABASE_BACKEND)
        return connection.vendor == "postgresql" and backend.startswith(DATABASE_BACKEND)
    return engine == "postgres"


class Results:
    """The results of a search as the paginator takes them: at most ``limit`` of them, counted up to ``limit + 1``.

    ``rows`` is a queryset or Wagtail search results in their order, ``counted`` the same matches for counting;
    ``many_rows``, when given, is the order to use instead once more than ``limit`` match (a precomputed score that
    an index serves, where ranking every match would cost as much as the matches are many).
    """

    def __init__(self, rows, counted, limit: int, many_rows=None):
        self.few_rows = rows
        self.many_rows = rows if many_rows is None else many_rows
        self.counted = counted
        self.limit = limit

    @cached_property
    def total(self) -> int:
        """The number of matches, exact up to ``limit + 1``."""
        if hasattr(self.counted, "values"):  # a queryset: count no further than needed
            # Unordered: any ``limit + 1`` matches will do, and an ORDER BY under the LIMIT makes PostgreSQL find
            # and sort every match first (a word with a rare format: 122 ms instead of 12 at 100,000 mentors).
            return self.counted.order_by().values("pk")[: self.limit + 1].count()
        return self.counted.count()

    @property
    def more_than(self) -> bool:
        """True when more than ``limit`` mentors match: the count shown is then "more than ``limit``"."""
        return self.total > self.limit

    @property
    def rows(self):
        return self.many_rows if self.more_than else self.few_rows

    def count(self) -> int:
        return min(self.total, self.limit)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, slice):
            stop = self.limit if key.stop is None else min(key.stop, self.limit)
            return self.rows[key.start : stop]
        if key >= self.limit:
            raise IndexError(key)
        return self.rows[key]

    def __iter__(self):
        return iter(self.rows[: self.limit])


@dataclass
class RegistrySearch:
    filterset: MentorFilter
    results: Results | None
    query: str
    sort: str

    @property
    def is_valid(self) -> bool:
        return self.results is not None


def search_text(query: str) -> str:
    return query if connection.vendor == "postgresql" else stem_text(query)


def with_card_data(queryset, *, subjects: bool = True, bio: bool = False):
    """Everything a result card shows (with ``subjects``, what the API shows), in a fixed number of queries; not the
    search document, which neither shows, nor the bio unless ``bio`` (the cards of a text search quote it)."""
    deferred = ["search_vector", "models_practised"] if bio else ["bio", "search_vector", "models_practised"]
    queryset = queryset.defer(*deferred).prefetch_related("formats")
    if subjects:
        return queryset.select_related("municipality", "region", "certificate").prefetch_related("subjects")
    return queryset.select_related("municipality")


def search_mentors(data, *, subjects: bool = True, highlight: bool = False) -> RegistrySearch:
    """The registry's answer to ``data`` (the GET parameters); ``subjects=False`` when the cards do not show them;
    ``highlight`` when they show why they matched a text (``mentors.registry.highlight``): the results then have
    the bio and, on PostgreSQL, its headlines in the same query."""
    filterset = MentorFilter(data, queryset=MentorProfile.objects.listed())
    if not filterset.is_valid():
        return RegistrySearch(filterset, None, "", "")
    query = (filterset.form.cleaned_data.get("q") or "").strip()
    sort = filterset.form.cleaned_data.get("sort") or ("relevance" if query else "name")
    filtered = filterset.qs
    limit = count_limit()
    # Punctuation alone is no text on either database (PostgreSQL would turn it into an empty tsquery).
    if not stem_text(query):
        ordered = filtered.order_by(*ORDERING.get(sort, ORDERING["name"]))
        return RegistrySearch(
            filterset, Results(with_card_data(ordered, subjects=subjects), filtered, limit), query, sort
        )
    if uses_search_document():
        results = _match_search_document(filtered, query, sort, limit, subjects, highlight)
    else:
        results = _match_through_wagtail(filtered, query, sort, limit, subjects, highlight)
    return RegistrySearch(filterset, results, query, sort)


def _match_search_document(filtered, query: str, sort: str, limit: int, subjects: bool, highlight: bool) -> Results:
    """The filters and the match in one statement; by relevance, ``ts_rank_cd`` orders the matches when there are
    at most ``limit`` of them, and the highest mean level (an index) when there are more."""
    tsquery = SearchQuery(query, config=SEARCH_CONFIG, search_type="plain")
    matches = filtered.filter(search_vector=tsquery)

    def cards(queryset):
        queryset = with_card_data(queryset, subjects=subjects, bio=highlight)
        # Computed for the page's rows only: PostgreSQL evaluates costly output columns after the sort and limit.
        return queryset.annotate(**headline_annotations(query)) if highlight else queryset

    if sort != "relevance":
        return Results(cards(matches.order_by(*ORDERING[sort])), matches, limit)
    ranked = matches.annotate(rank=SearchRank(F("search_vector"), tsquery, cover_density=True))
    return Results(
        cards(ranked.order_by("-rank", "-level_mean", "id")),
        matches,
        limit,
        many_rows=cards(matches.order_by(*ORDERING["-level"])),
    )


def _match_through_wagtail(filtered, query: str, sort: str, limit: int, subjects: bool, highlight: bool) -> Results:
    """Filter first in SQL (related tables included), then let the search backend match and rank within that set."""
    base = with_card_data(MentorProfile.objects.filter(pk__in=filtered.values("pk")), subjects=subjects, bio=highlight)
    by_relevance = sort == "relevance"
    if not by_relevance:
        base = base.order_by(*ORDERING[sort])
    results = get_search_backend().search(search_text(query), base, operator="and", order_by_relevance=by_relevance)
    return Results(results, results, limit)


def paginate(results, number: str | None):
    """The page asked for: ``ValueError`` unless a positive whole number, ``Http404`` past the last page.

    The page and the API share it, so both answer 404 for a page beyond the results (beyond the first
    ``MENTORS_REGISTRY_COUNT_LIMIT`` when more match).
    """
    if number and not PAGE_NUMBER.fullmatch(number):
        raise ValueError(number)
    try:
        return Paginator(results, PAGE_SIZE).page(int(number or 1))
    except EmptyPage as error:
        raise Http404(gettext("There is no such page of results.")) from error
