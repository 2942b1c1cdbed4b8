"""``MentorFilter`` and ``search_mentors``: every parameter of the contract is exact, combines with the others, and
an unknown or invalid value is a form error (never ignored, never an exception)."""

from django.http import QueryDict
from django.utils import timezone, translation

import pytest

from mentors.models import LEVEL_FIELDS, MentorProfile
from mentors.registry.filters import MentorFilter
from mentors.registry.search import search_mentors
from tests.factories import MunicipalityFactory
from tests.mentors.helpers import PARAMETERS

pytestmark = pytest.mark.django_db


def found(query: str = "") -> list[str]:
    search = search_mentors(QueryDict(query))
    assert search.is_valid, search.filterset.errors
    return [profile.display_name for profile in search.results]


def errors(query: str) -> dict:
    search = search_mentors(QueryDict(query))
    assert not search.is_valid and search.results is None
    return search.filterset.errors


def test_without_parameters_everyone_listed_by_name(mentors):
    assert found() == ["Абрамова Анна", "Борисов Булат", "Валиева Венера"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=tatarstan", ["Абрамова Анна", "Борисов Булат"]),
        ("region=other-region", ["Валиева Венера"]),
        ("municipality=arsky", ["Борисов Булат"]),
        ("municipality=kazan", ["Абрамова Анна"]),
        ("format=adaptive", ["Абрамова Анна"]),
        ("format=expert", ["Борисов Булат"]),
        ("format=developmental", []),
        # Repeated: a mentor who offers ANY of the formats (a school picks the formats it can work with).
        ("format=adaptive&format=accompanying", ["Абрамова Анна", "Валиева Венера"]),
        ("format=reverse&format=expert", ["Борисов Булат"]),
        ("subject=physics", ["Борисов Булат"]),
        ("subject=mathematics", ["Абрамова Анна"]),
        ("position=deputy_head", ["Валиева Венера"]),
        ("position=teacher", ["Абрамова Анна"]),
        ("position=head", ["Борисов Булат"]),
        ("min_expert=90", ["Абрамова Анна"]),
        ("min_expert=91", []),
        ("min_expert=0", ["Абрамова Анна", "Борисов Булат", "Валиева Венера"]),
        ("min_communicative=95", ["Борисов Булат"]),
        ("min_managerial=76", ["Борисов Булат"]),
        ("min_research=88", ["Валиева Венера"]),
        ("min_research=89", []),
        ("min_project=80", ["Борисов Булат"]),
        ("min_project=100", []),
    ],
)
def test_each_filter_is_exact(mentors, query, expected):
    assert found(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=tatarstan&format=reverse&min_managerial=90&position=head", ["Борисов Булат"]),
        ("region=tatarstan&position=deputy_head", []),
        ("municipality=kazan&subject=physics", []),
        ("format=adaptive&format=expert&min_expert=75", ["Абрамова Анна"]),
        ("min_expert=89&min_communicative=61", []),
        ("q=Булат&region=tatarstan", ["Борисов Булат"]),
        ("q=Булат&region=other-region", []),
    ],
)
def test_filters_combine_with_and(mentors, query, expected):
    assert found(query) == expected


def test_available_means_a_free_place(mentors):
    MentorProfile.objects.filter(pk=mentors["b"].pk).update(active_mentees=1)  # capacity 1: full
    assert found("available=1") == ["Абрамова Анна", "Валиева Венера"]
    assert found("available=") == ["Абрамова Анна", "Борисов Булат", "Валиева Венера"]


def test_free_places_follow_the_capacity_and_the_mentees(mentors):
    """The database keeps ``has_free_places`` however either column changes: ``update()`` or ``save()``."""
    full = mentors["b"]
    MentorProfile.objects.filter(pk=full.pk).update(active_mentees=1)  # capacity 1: full
    assert "Борисов Булат" not in found("available=1")
    full.refresh_from_db()
    full.capacity = 2
    full.save()
    assert "Борисов Булат" in found("available=1")
    assert MentorProfile.objects.available().filter(pk=full.pk).exists()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Абрамова Анна", "Борисов Булат", "Валиева Венера"]),
        ("-level", ["Борисов Булат", "Валиева Венера", "Абрамова Анна"]),
        # Without a text there is no relevance: by name.
        ("relevance", ["Абрамова Анна", "Борисов Булат", "Валиева Венера"]),
    ],
)
def test_sorting(mentors, sort, expected):
    assert found(f"sort={sort}") == expected


def test_newest_certificates_first(mentors):
    for days, key in enumerate(["c", "a", "b"]):
        MentorProfile.objects.filter(pk=mentors[key].pk).update(certified_at=timezone.now() - timezone.timedelta(days))
    assert found("sort=-certified") == ["Валиева Венера", "Абрамова Анна", "Борисов Булат"]


def test_equal_keys_are_ordered_by_id(registry, make_mentor):
    first, second = make_mentor(display_name="Same Name"), make_mentor(display_name="Same Name")
    search = search_mentors(QueryDict("sort=name"))
    assert [profile.pk for profile in search.results] == [first.pk, second.pk]


def test_default_sort_is_relevance_with_a_text_and_name_without(mentors):
    assert search_mentors(QueryDict("q=наставник")).sort == "relevance"
    assert search_mentors(QueryDict("")).sort == "name"
    assert search_mentors(QueryDict("q=наставник&sort=name")).sort == "name"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("region=nowhere", "region"),
        ("municipality=atlantis", "municipality"),
        ("format=telepathic", "format"),
        ("format=adaptive&format=telepathic", "format"),
        ("subject=alchemy", "subject"),
        ("position=king", "position"),
        ("available=yes", "available"),
        ("available=0", "available"),
        ("min_expert=101", "min_expert"),
        ("min_communicative=-1", "min_communicative"),
        ("min_managerial=1.5", "min_managerial"),
        ("min_research=abc", "min_research"),
        ("min_project=1e3", "min_project"),
        ("sort=random", "sort"),
        ("sort=-name", "sort"),
        (f"q={'я' * 201}", "q"),
    ],
)
def test_invalid_values_are_form_errors(mentors, query, field):
    assert set(errors(query)) == {field}


def test_errors_are_reported_for_every_invalid_field_at_once(mentors):
    assert set(errors("min_expert=x&region=nowhere&format=adaptive")) == {"min_expert", "region"}


def test_error_messages_are_in_the_language_of_the_page(mentors):
    with translation.override("ru"):
        message = str(errors("min_expert=101")["min_expert"][0])
        expected = translation.gettext("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": 100
        }
    assert message == expected


def test_the_longest_text_allowed_is_valid(mentors):
    assert found(f"q={'я' * 200}") == []


def test_empty_values_mean_no_filter(mentors):
    query = "&".join(f"{name}=" for name in PARAMETERS if name != "page")
    assert found(query) == ["Абрамова Анна", "Борисов Булат", "Валиева Венера"]


def test_only_the_contract_parameters(db):
    assert set(MentorFilter().filters) == set(PARAMETERS) - {"page"}


def test_the_filters_other_than_the_text_are_one_plain_queryset(mentors):
    filterset = MentorFilter(QueryDict("region=tatarstan&format=reverse&min_expert=60&q=Булат"))
    assert filterset.is_valid()
    # ``q`` is left to the search backend: the queryset itself does not filter on it.
    assert list(filterset.qs.order_by("display_name").values_list("display_name", flat=True)) == ["Борисов Булат"]
    assert list(MentorFilter(QueryDict("q=Булат")).qs.order_by("pk")) == list(MentorProfile.objects.order_by("pk"))


def test_counts_are_exact_up_to_the_limit_and_more_than_beyond(mentors, mentor_lms_settings):
    mentor_lms_settings(MENTORS_REGISTRY_COUNT_LIMIT=3)
    search = search_mentors(QueryDict(""))
    assert (search.results.count(), search.results.more_than) == (3, False)
    mentor_lms_settings(MENTORS_REGISTRY_COUNT_LIMIT=2)
    search = search_mentors(QueryDict(""))
    assert (search.results.count(), search.results.more_than) == (2, True)
    # Only the first ``limit`` are shown, in the order asked for.
    assert [profile.display_name for profile in search.results] == ["Абрамова Анна", "Борисов Булат"]
    assert search_mentors(QueryDict("q=наставник")).results.more_than is False


def test_a_text_search_with_more_matches_than_the_limit_ranks_the_best_candidates(
    registry, make_mentor, mentor_lms_settings
):
    for level in (60, 90, 70):
        make_mentor(bio="<p>Наставник молодых учителей.</p>", levels=dict.fromkeys(LEVEL_FIELDS, level))
    make_mentor(bio="<p>Учитель физики.</p>", levels=dict.fromkeys(LEVEL_FIELDS, 100))
    mentor_lms_settings(MENTORS_REGISTRY_COUNT_LIMIT=2)
    search = search_mentors(QueryDict("q=наставника"))
    assert (search.results.count(), search.results.more_than) == (2, True)
    assert sorted(profile.level_mean for profile in search.results) == [70, 90]


def test_the_choices_are_cached_and_follow_the_reference_data(mentors, django_assert_num_queries):
    assert MentorFilter(QueryDict("municipality=kazan")).is_valid()
    with django_assert_num_queries(0):
        form = MentorFilter(QueryDict("municipality=kazan&region=tatarstan&subject=physics")).form
        assert form.is_valid()
        assert [slug for slug, _name in form.fields["municipality"].choices] == ["", "arsky", "far", "kazan"]
    MunicipalityFactory(name="Буинск", name_en="Buinsk", slug="buinsk")
    assert MentorFilter(QueryDict("municipality=buinsk")).is_valid()
    with translation.override("en"):
        form = MentorFilter(QueryDict("")).form
        assert dict(form.fields["municipality"].choices)["kazan"] == "Kazan"
