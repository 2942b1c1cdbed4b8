"""Finding a match: the score's parts as a pure function, and the match page."""

from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from course.models import Subject
from mentors.registry.matching import MenteeNeeds, rank, score
from tests.factories import MunicipalityFactory, RegionFactory

LEVELS = {"expert": 60, "communicative": 60, "managerial": 60, "research": 90, "project": 70}


def mentor(**overrides):
    values = {
        "levels": dict(LEVELS),
        "format_codes": ["adaptive"],
        "municipality_id": 1,
        "region_id": 10,
        "free_places": 2,
        "available": True,
        "display_name": "Наставник",
        "subjects": SimpleNamespace(all=list),
    } | overrides
    return SimpleNamespace(**values)


def test_competencies_weigh_half_by_the_mean_level_asked_for():
    match = score(mentor(), MenteeNeeds(competencies=("research", "project")))
    assert match.score == round(50 * (90 + 70) / 2 / 100)
    assert any("90" in reason for reason in match.reasons)  # strong in research


def test_without_competencies_the_mean_of_all_five_counts():
    assert score(mentor(), MenteeNeeds()).score == round(50 * sum(LEVELS.values()) / 5 / 100)


def test_format_place_and_subject_add_their_weights():
    needs = MenteeNeeds(competencies=("research",), format="adaptive", municipality_id=1, region_id=10, subject_id=7)
    match = score(mentor(), needs, subjects={7: "Математика"})
    assert match.score == 45 + 20 + 20 + 10
    assert len(match.reasons) == 5  # strong in research, format, municipality, subject, free places


def test_the_same_region_counts_half_of_the_same_municipality():
    needs = MenteeNeeds(municipality_id=2, region_id=10)
    assert score(mentor(), needs).score - score(mentor(), MenteeNeeds()).score == 10


def test_rank_orders_by_score_then_free_places_and_skips_the_full():
    strong = mentor(display_name="Б", levels=dict.fromkeys(LEVELS, 95))
    free = mentor(display_name="В", free_places=3)
    same = mentor(display_name="А", free_places=1)
    full = mentor(display_name="Г", available=False, levels=dict.fromkeys(LEVELS, 99))
    ranked = rank([same, full, free, strong], MenteeNeeds())
    assert [match.profile.display_name for match in ranked] == ["Б", "В", "А"]


@pytest.fixture
def places(db):
    region = RegionFactory(slug="tatarstan")
    return {
        "kazan": MunicipalityFactory(region=region, slug="kazan"),
        "arsk": MunicipalityFactory(region=region, slug="arsky"),
    }


URL = "/ru/mentors/match/"


@pytest.mark.django_db
def test_the_match_page_ranks_with_reasons(client, registry, make_mentor, places):
    make_mentor(display_name="Далёкая", formats=["reverse"], municipality=places["arsk"])
    near = make_mentor(display_name="Близкая", formats=["adaptive"], municipality=places["kazan"])
    response = client.get(f"{URL}?format=adaptive&municipality=kazan&competencies=research")
    assert response.status_code == 200
    matches = response.context["matches"]
    assert matches[0].profile == near
    assert f"/ru/mentors/{near.slug}/" in response.content.decode()


@pytest.mark.django_db
def test_the_match_page_asks_for_at_least_one_need_and_refuses_bad_values(client, registry):
    assert client.get(URL).status_code == 200  # the empty form
    assert client.get(f"{URL}?format=").status_code == 400
    assert client.get(f"{URL}?municipality=atlantis").status_code == 400
    refused = client.get(f"{URL}?competencies=charisma")
    assert refused.status_code == 400
    # The title says so first, as on the site's other forms (WCAG 3.3.1).
    assert BeautifulSoup(refused.content, "html.parser").title.get_text().startswith("Ошибка: ")
    assert not BeautifulSoup(client.get(URL).content, "html.parser").title.get_text().startswith("Ошибка")


@pytest.mark.django_db
def test_the_match_page_queries_do_not_grow(client, registry, make_mentor, places):
    def queries():
        url = f"{URL}?format=adaptive&municipality=kazan"
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    for _number in range(3):
        make_mentor(formats=["adaptive"], municipality=places["kazan"])
    few = queries()
    for _number in range(12):
        make_mentor(formats=["adaptive"], municipality=places["kazan"])
    assert queries() == few


def test_the_reasons_explain_each_part_of_the_score():
    needs = MenteeNeeds(competencies=("research", "expert"), format="adaptive", municipality_id=1, subject_id=7)
    with translation.override("en"):
        reasons = score(mentor(free_places=1), needs, subjects={7: "Mathematics"}).reasons
    assert reasons == [
        "Strong in the research competency (90)",
        "The expert competency at 60",
        "Offers the adaptive format",
        "Works in the same municipality",
        "Teaches the subject: Mathematics",
        "1 free place",
    ]


def test_a_subject_or_format_not_offered_adds_nothing():
    needs = MenteeNeeds(format="reverse", subject_id=8)
    assert score(mentor(), needs, subjects={7: "Математика"}).score == score(mentor(), MenteeNeeds()).score


def test_ties_go_to_more_free_places_then_the_name():
    ranked = rank(
        [mentor(display_name="Б"), mentor(display_name="А"), mentor(display_name="В", free_places=4)], MenteeNeeds()
    )
    assert [match.profile.display_name for match in ranked] == ["В", "А", "Б"]
    assert len(rank([mentor(display_name=str(n)) for n in range(15)], MenteeNeeds())) == 10


@pytest.mark.django_db
def test_the_match_page_shows_the_empty_form_for_unrelated_parameters(client, registry):
    response = client.get(f"{URL}?utm_source=newsletter")
    assert response.status_code == 200 and response.context.get("matches") is None


@pytest.mark.django_db
def test_the_match_page_has_an_empty_state_and_skips_full_mentors(client, registry, make_mentor, places):
    full = make_mentor(display_name="Занятая", formats=["adaptive"], municipality=places["kazan"], capacity=1)
    full.active_mentees = 1
    full.save()
    response = client.get(f"{URL}?format=adaptive")
    assert response.status_code == 200 and response.context["matches"] == []
    with translation.override("ru"):
        empty = translation.gettext("No mentor with free places fits these needs. Try fewer conditions.")
    assert empty in response.content.decode()


@pytest.mark.django_db
def test_the_match_page_shows_scores_and_reasons_but_no_contact(client, registry, make_mentor, places):
    maths = Subject.objects.create(name="Математика", name_en="Mathematics", slug="mathematics")
    found = make_mentor(
        display_name="Хасанова Лейсан", formats=["adaptive"], subjects=[maths], municipality=places["kazan"]
    )
    found.user.email = "leysan.private@example.org"
    found.user.save()
    response = client.get(f"{URL}?subject=mathematics&competencies=expert")
    html = response.content.decode()
    [match] = response.context["matches"]
    assert match.profile == found and match.score == round(50 * 0.8) + 10
    with translation.override("ru"):
        reason = translation.gettext("Teaches the subject: %(subject)s") % {"subject": "Математика"}
    assert reason in html and f"/ru/mentors/{found.slug}/" in html
    assert "leysan.private@example.org" not in html
