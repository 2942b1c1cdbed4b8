"""The registry page and the public profiles: the form, the count, removable filters, cards, pagination, errors,
what stays hidden (unlisted mentors, contacts) and a fixed number of queries."""

from datetime import timedelta
from urllib.parse import urlencode

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.codes import FormatCode, MentoringModelCode
from course.models import ExpertArea, Subject
from mentors.models import MentoringRequest
from tests.mentors.helpers import PARAMETERS

pytestmark = pytest.mark.django_db

URL = "/ru/mentors/"
SECRET_EMAIL = "secret.mentor.{}@example.org"
SECRET_PHONE = "+7 917 555-01-99"


def ru(text: str, **values) -> str:
    with translation.override("ru"):
        return translation.gettext(text) % values if values else translation.gettext(text)


def names(client, query: str = "") -> list[str]:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200, response.content[:500]
    return [mentor.display_name for mentor in response.context["mentors"]]


def test_the_page_lists_everyone_by_name_with_the_count(client, mentors):
    response = client.get(URL)
    html = response.content.decode()
    assert names(client) == ["Абрамова Анна", "Борисов Булат", "Валиева Венера"]
    with translation.override("ru"):
        found = translation.ngettext("Found %(counter)s mentor", "Found %(counter)s mentors", 3) % {"counter": 3}
    assert found in html
    assert "<title>" in html and '<meta name="description"' in html


def test_the_page_links_to_matching(client, registry, mentors):
    html = client.get(URL).content.decode()
    assert f'href="{registry.url}{registry.reverse_subpage("match")}"' in html
    assert ru("Find a mentor by your needs") in html


def test_the_form_has_labelled_fields_and_keeps_its_values(client, mentors):
    query = "q=наставник&municipality=kazan&format=adaptive&available=1&min_expert=50&sort=name&position=teacher"
    html = client.get(f"{URL}?{query}").content.decode()
    for name in ["q", "region", "municipality", "subject", "position", "available", "sort", *_levels()]:
        assert f'for="id_{name}"' in html, name
    assert 'value="наставник"' in html
    assert '<option value="kazan" selected>' in html
    assert 'name="format" value="adaptive" id="id_format_0" checked' in html
    assert 'type="checkbox" name="available" value="1"' in html and 'id="id_available" checked' in html
    assert 'name="min_expert" value="50"' in html
    assert '<option value="name" selected>' in html
    assert '<option value="teacher" selected>' in html


def test_the_filters_do_not_each_say_optional(client, registry, mentors):
    """Every filter is optional by nature: the registry's and the match form's labels do not repeat it; the request
    form, where some fields are required, still marks the optional ones."""
    optional = f"({ru('optional')})"
    match_url = f"{registry.url}{registry.reverse_subpage('match')}"
    for url in [URL, f"{URL}?q=наставник", match_url, f"{match_url}?format=adaptive"]:
        html = client.get(url).content.decode()
        assert 'for="id_municipality"' in html and optional not in html, url
    assert optional in client.get(f"{URL}{mentors['a'].slug}/").content.decode()


def _levels():
    return ["min_expert", "min_communicative", "min_managerial", "min_research", "min_project"]


def test_cards_show_what_a_school_needs(client, mentors):
    html = client.get(f"{URL}?municipality=kazan").content.decode()
    assert "Абрамова Анна" in html and "МБОУ «Гимназия № 1»" in html and "Казань" in html
    assert ru("Teacher") in html
    with translation.override("ru"):
        assert str(FormatCode("adaptive").label) in html
        free = translation.ngettext("%(places)s free place", "%(places)s free places", 4) % {"places": 4}
    assert free in html
    assert html.count("<meter") == 5 and 'value="90"' in html
    # The profile leads back to this search (tests/mentors/test_registry_back.py).
    assert f'href="{URL}{mentors["a"].slug}/?from=municipality%3Dkazan"' in html


def test_a_full_mentor_says_so(client, mentors):
    mentors["b"].active_mentees = 1
    mentors["b"].save()
    assert ru("No free places now") in client.get(f"{URL}?municipality=arsky").content.decode()


def test_active_filters_are_chips_that_remove_themselves(client, mentors):
    response = client.get(f"{URL}?municipality=kazan&format=adaptive&format=reverse&min_expert=50&page=1")
    chips = {chip["value"]: chip["url"] for chip in response.context["active_filters"]}
    with translation.override("ru"):
        adaptive, reverse = str(FormatCode("adaptive").label), str(FormatCode("reverse").label)
    assert set(chips) == {"Казань", "50", adaptive, reverse}
    assert chips["Казань"] == "?format=adaptive&format=reverse&min_expert=50"
    assert chips[adaptive] == "?municipality=kazan&format=reverse&min_expert=50"
    html = response.content.decode()
    assert 'href="?municipality=kazan&amp;format=reverse&amp;min_expert=50"' in html
    assert names(client, chips["Казань"][1:]) == ["Абрамова Анна", "Борисов Булат"]


def test_the_empty_state_offers_a_reset(client, mentors):
    html = client.get(f"{URL}?q=квантовая").content.decode()
    assert ru("No mentor matches this search.") in html
    assert f'href="{URL}">{ru("Show all mentors")}</a>' in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("municipality=atlantis", "municipality"),
        ("region=nowhere", "region"),
        ("format=telepathic", "format"),
        ("subject=alchemy", "subject"),
        ("position=king", "position"),
        ("available=yes", "available"),
        ("min_expert=101", "min_expert"),
        ("min_research=-1", "min_research"),
        ("min_project=abc", "min_project"),
        ("sort=random", "sort"),
        (f"q={'я' * 201}", "q"),
    ],
)
def test_invalid_parameters_are_shown_as_form_errors(client, mentors, query, field):
    response = client.get(f"{URL}?{query}")
    html = response.content.decode()
    assert response.status_code == 400
    [message] = response.context["form"].errors[field]
    assert ru("Please correct the search") in html
    assert escape(message) in html
    assert "mentor-card" not in html


def test_a_value_out_of_range_names_the_limit(client, mentors):
    html = client.get(f"{URL}?min_expert=101").content.decode()
    assert ru("Ensure this value is less than or equal to %(limit_value)s.", limit_value=100) in html


def test_pages_of_twenty_keep_the_search(client, registry, make_mentor):
    for number in range(23):
        make_mentor(display_name=f"Наставник {number:02d}", formats=["adaptive"])
    first = client.get(f"{URL}?format=adaptive")
    assert first.context["count"] == 23 and len(first.context["mentors"]) == 20
    assert 'href="?format=adaptive&amp;page=2"' in first.content.decode()
    second = client.get(f"{URL}?format=adaptive&page=2")
    assert [m.display_name for m in second.context["mentors"]] == ["Наставник 20", "Наставник 21", "Наставник 22"]
    assert 'href="?format=adaptive&amp;page=1"' in second.content.decode()


def test_numbered_pages_show_the_first_the_last_and_those_around_the_current(client, registry, make_mentor):
    for _number in range(20 * 9 + 1):  # ten pages
        make_mentor(formats=["adaptive"])
    response = client.get(f"{URL}?format=adaptive&page=5")
    # Django's elided range: a gap of one page is shown, a longer one is "…".
    assert response.context["page_numbers"] == [1, 2, 3, 4, 5, 6, 7, "…", 10]
    html = response.content.decode()
    assert 'href="?format=adaptive&amp;page=1"' in html and 'href="?format=adaptive&amp;page=10"' in html
    assert 'href="?format=adaptive&amp;page=5"' not in html  # the current page is not a link
    assert 'href="?format=adaptive&amp;page=8"' not in html  # elided


@pytest.mark.parametrize(("number", "status"), [("3", 404), ("99999", 404), ("x", 400), ("0", 400), ("-1", 400)])
def test_bad_page_numbers(client, registry, make_mentor, number, status):
    for _number in range(21):
        make_mentor()
    response = client.get(f"{URL}?page={number}")
    assert response.status_code == status
    if status == 400:
        assert ru("The page number must be a positive whole number.") in response.content.decode()


def test_unlisted_mentors_are_invisible(client, mentors):
    unpublished, revoked, listed = mentors["a"], mentors["b"], mentors["c"]
    unpublished.is_published = False
    unpublished.save()
    revoked.certificate.status = "revoked"
    revoked.certificate.save()
    revoked.save()
    assert names(client) == ["Валиева Венера"]
    assert names(client, "q=Абрамова") == [] and names(client, "q=Борисов") == []
    assert client.get(f"{URL}{unpublished.slug}/").status_code == 404
    assert client.get(f"{URL}{revoked.slug}/").status_code == 404
    assert client.get(f"{URL}{listed.slug}/").status_code == 200
    assert client.get(f"{URL}nobody-at-all/").status_code == 404


def test_an_expired_certificate_hides_the_mentor(client, mentors):
    mentors["a"].expires_on = timezone.localdate() - timedelta(days=1)
    mentors["a"].save()
    assert "Абрамова Анна" not in names(client)
    assert client.get(f"{URL}{mentors['a'].slug}/").status_code == 404


def test_the_profile_shows_the_mentor(client, mentors):
    mentor = mentors["a"]
    mentor.models_practised = MentoringModelCode.values[:1]
    mentor.expert_areas.add(ExpertArea.objects.create(name="Инклюзия", name_en="Inclusion", slug="inclusion"))
    mentor.save()
    response = client.get(f"{URL}{mentor.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Абрамова Анна" in html and '<meta name="description"' in html
    assert "МБОУ «Гимназия № 1»" in html and "Казань" in html and "Математика" in html and "Инклюзия" in html
    assert "<p>Опытный наставник молодых учителей.</p>" in html
    with translation.override("ru"):
        assert str(FormatCode("adaptive").label) in html
        assert str(mentor.get_model_labels()[0]) in html
    assert "<svg" in html and html.count("<meter") == 5 and 'value="90"' in html
    assert f'href="/ru/certificates/{mentor.certificate.code}/"' in html and mentor.certificate.number in html
    assert response.context["request_form"] is not None and 'name="consent"' in html


def test_a_full_mentor_takes_no_requests(client, mentors):
    mentors["b"].active_mentees = 1
    mentors["b"].save()
    response = client.get(f"{URL}{mentors['b'].slug}/")
    assert response.context["request_form"] is None and 'name="consent"' not in response.content.decode()


def test_no_email_or_phone_anywhere(client, mentors, places):
    for key, mentor in mentors.items():
        mentor.user.email = SECRET_EMAIL.format(key)
        mentor.user.save()
        MentoringRequest.objects.create(
            profile=mentor,
            school="Школа № 1",
            municipality=places["kazan"],
            contact_name="Иванова Ирина",
            email=SECRET_EMAIL.format(f"school-{key}"),
            phone=SECRET_PHONE,
            mentee_position="teacher",
            desired_format="adaptive",
            message="Нужен наставник",
            status="accepted",
        )
    pages = [URL, f"{URL}?q=наставник", *[f"{URL}{mentor.slug}/" for mentor in mentors.values()]]
    for url in pages:
        html = client.get(url).content.decode()
        assert "secret.mentor." not in html and "@example.org" not in html, url
        assert SECRET_PHONE not in html and "555-01-99" not in html, url


def test_queries_do_not_grow_with_mentors(client, count_queries, registry, make_mentor, places):
    subject = Subject.objects.create(name="Математика", name_en="Mathematics", slug="mathematics")
    urls = [URL, f"{URL}?q=Гимназия&format=adaptive", f"{URL}?sort=-level&municipality=kazan"]

    def add(number):
        for _number in range(number):
            make_mentor(formats=["adaptive", "reverse"], subjects=[subject], municipality=places["kazan"])

    add(3)
    few = [count_queries(url) for url in urls]
    add(22)  # 25 mentors: a full page of 20 and a second page
    many = [count_queries(url) for url in urls]
    assert client.get(URL).context["results_page"].paginator.num_pages == 2
    assert few == many
    # The page by its cached route (1; lms_site/routing.py keeps the view restrictions with the route, the site comes
    # from lms_site.middleware.SiteMiddleware), the count, the page of cards and their formats (3; the cards show no
    # subjects). The navigation and the choices of the region, municipality and subject come from the cache.
    assert many == [4, 4, 4]


def test_the_count_is_not_sorted(client, mentors):
    """Counting up to the limit, any matches do: an ORDER BY there has PostgreSQL find and sort every match first."""
    for query in ["", "q=наставник&format=reverse", "sort=-level&municipality=kazan"]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{URL}?{query}").status_code == 200
        counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
        assert len(counts) == 1 and "ORDER BY" not in counts[0], query


def test_profile_queries(client, count_queries, mentors):
    # Routing (5: the view restrictions and the site no longer asked), the profile with its certificate, formats,
    # subjects, expert areas (4), the request form's municipalities (1); the navigation comes from the cache.
    assert count_queries(f"{URL}{mentors['a'].slug}/") == 10


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    params=st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.one_of(st.text(max_size=40), st.lists(st.text(max_size=20), min_size=1, max_size=3)),
    )
)
def test_any_parameters_never_break_the_page(client, mentors, params):
    response = client.get(f"{URL}?{urlencode(params, doseq=True)}")
    assert response.status_code in {200, 400, 404}


def test_the_sitemap_lists_the_registry_and_listed_profiles_only(client, registry, make_mentor):
    shown = make_mentor(display_name="Видимая")
    hidden = make_mentor(display_name="Скрытая", is_published=False)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/ru/mentors/</loc>" in sitemap
    assert f"/ru/mentors/{shown.slug}/" in sitemap
    assert hidden.slug not in sitemap


def test_more_mentors_than_the_limit_are_counted_as_more_than(client, mentors, mentor_lms_settings):
    mentor_lms_settings(MENTORS_REGISTRY_COUNT_LIMIT=2)
    response = client.get(URL)
    html = response.content.decode()
    assert response.context["count"] == 2 and response.context["more_than"] is True
    with translation.override("ru"):
        heading = translation.ngettext("Found more than %(counter)s mentor", "Found more than %(counter)s mentors", 2)
    assert heading % {"counter": 2} in html
    assert len(response.context["mentors"]) == 2
    # The pages stop at the limit.
    assert client.get(f"{URL}?page=2").status_code == 404
