"""The registry search: the filters and the full text together, one function for the page and the API.

Full text goes through Wagtail's search backend. PostgreSQL stems with the ``russian`` configuration; on other
databases the query is stemmed with Snowball, as the profiles' ``search_stems`` field is, so «наставника» finds
«наставник» everywhere.
"""

import re
from dataclasses import dataclass

from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.search.backends import get_search_backend

from mentors.filters import ORDERING, MentorFilter
from mentors.models import MentorProfile
from mentors.stemming import stem_text

PAGE_SIZE = 20
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


@dataclass
class RegistrySearch:
    filterset: MentorFilter
    results: object  # a queryset or Wagtail search results; sliceable and countable, so the paginator takes either
    query: str
    sort: str

    @property
    def is_valid(self) -> bool:
        return self.results is not None


def search_text(query: str) -> str:
    return query if connection.vendor == "postgresql" else stem_text(query)


def with_card_data(queryset):
    """Everything a result card and the API show, in a fixed number of queries."""
    return queryset.select_related("municipality", "region", "certificate").prefetch_related("formats", "subjects")


def search_mentors(data) -> RegistrySearch:
    filterset = MentorFilter(data, queryset=MentorProfile.objects.listed())
    if not filterset.is_valid():
        return RegistrySearch(filterset, None, "", "")
    query = (filterset.form.cleaned_data.get("q") or "").strip()
    sort = filterset.form.cleaned_data.get("sort") or ("relevance" if query else "name")
    filtered = filterset.qs
    # Punctuation alone is no text on either database (PostgreSQL would turn it into an empty tsquery).
    if not stem_text(query):
        ordering = ORDERING.get(sort, ORDERING["name"])
        return RegistrySearch(filterset, with_card_data(filtered.order_by(*ordering)), query, sort)
    # Filter first in SQL (related tables included), then let the search backend match and rank within that set.
    base = with_card_data(MentorProfile.objects.filter(pk__in=filtered.values("pk")))
    by_relevance = sort == "relevance"
    if not by_relevance:
        base = base.order_by(*ORDERING[sort])
    results = get_search_backend().search(search_text(query), base, operator="and", order_by_relevance=by_relevance)
    return RegistrySearch(filterset, results, query, sort)


def paginate(results, number: str | None):
    """The page asked for: ``ValueError`` unless a positive whole number, ``Http404`` past the last page.

    The page and the API share it, so both answer 404 for a page beyond the results.
    """
    if number and not PAGE_NUMBER.fullmatch(number):
        raise ValueError(number)
    try:
        return Paginator(results, PAGE_SIZE).page(int(number or 1))
    except EmptyPage as error:
        raise Http404(_("There is no such page of results.")) from error
