"""Why a result matched: the words of a text search marked in the card's name, organisation and a bio excerpt, by
``ts_headline`` on PostgreSQL and by Snowball stems elsewhere; always escaped HTML, never more queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from mentors.registry.highlight import START, STOP, excerpt_of, mark_stems, marked
from mentors.registry.stemming import stem_word

pytestmark = pytest.mark.django_db

URL = "/ru/mentors/"
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="ts_headline is PostgreSQL's")


def cards(client, query: str) -> dict[str, BeautifulSoup]:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return {card.select_one(".mentor-card__name").get_text(): card for card in page.select(".mentor-card")}


@pytest.fixture
def writers(registry, make_mentor):
    return {
        "bio": make_mentor(
            display_name="Гарипова Алсу",
            organisation="МБОУ «Лицей № 2»",
            bio="<p>Учитель физики. Как <strong>наставник</strong>, веду молодых учителей &amp; их классы.</p>",
        ),
        "name": make_mentor(display_name="Наставникова Анна", organisation="Гимназия", bio="<p>Учитель химии.</p>"),
        "other": make_mentor(display_name="Сидорова Мария", bio="<p>Веду кружок робототехники.</p>"),
    }


@pytest.mark.parametrize("word", ["наставника", "наставникам", "Наставником"])
def test_the_matching_words_of_the_bio_are_marked_in_an_excerpt(client, writers, word):
    found = cards(client, f"q={word}")
    card = found["Гарипова Алсу"]
    excerpt = card.select_one(".mentor-card__excerpt")
    assert [mark.get_text() for mark in excerpt.select("mark")] == ["наставник"]
    # Read as text: the inline tag leaves no gap before the comma, the entity is one character.
    assert "Как наставник, веду молодых учителей & их классы." in excerpt.get_text()
    assert "&amp;amp;" not in str(excerpt)
    assert "Сидорова Мария" not in found


def test_a_match_in_the_name_is_marked_there(client, writers):
    card = cards(client, "q=Наставниковой")["Наставникова Анна"]
    assert [mark.get_text() for mark in card.select(".mentor-card__name mark")] == ["Наставникова"]
    assert card.select_one(".mentor-card__excerpt") is None  # the bio did not match: nothing to quote


def test_a_match_in_the_organisation_is_marked_there(client, writers):
    card = cards(client, "q=лицей")["Гарипова Алсу"]
    assert [mark.get_text() for mark in card.select(".mentor-card__role mark")] == ["Лицей"]


def test_without_a_text_nothing_is_marked(client, writers):
    html = client.get(f"{URL}?sort=name").content.decode()
    assert "<mark>" not in html and "mentor-card__excerpt" not in html


def test_what_a_mentor_wrote_stays_text(client, registry, make_mentor):
    make_mentor(
        display_name="Наставник <img src=x onerror=alert(1)>",
        organisation="<script>alert(2)</script> наставник",
        bio="<p>Наставник &lt;script&gt;alert(3)&lt;/script&gt; \ue000наставник\ue001 \ue001</p>",
    )
    html = client.get(f"{URL}?q=наставник").content.decode()
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    card = BeautifulSoup(html, "html.parser").select_one(".mentor-card")
    # Marks a bio smuggles in are no marks: the page's own are balanced, around the word searched for.
    assert all(mark.get_text().lower() == "наставник" for mark in card.select("mark"))
    assert START not in html and STOP not in html


def test_marked_escapes_every_piece_and_drops_stray_marks():
    text = f'<b>"a"</b> {START}<i>{STOP} {STOP}tail{START}'
    assert marked(text) == "&lt;b&gt;&quot;a&quot;&lt;/b&gt; <mark>&lt;i&gt;</mark> tail"
    assert marked(f"{START}a&amp;b{STOP} &lt;c&gt;", entities=True) == "<mark>a&amp;b</mark> &lt;c&gt;"


def test_words_sharing_a_stem_are_marked():
    stems = {stem_word("наставникам")}
    assert mark_stems("Наставник, наставника и наставничество", stems) == (
        f"{START}Наставник{STOP}, {START}наставника{STOP} и наставничество"
    )


def test_the_excerpt_says_where_the_bio_goes_on():
    stems = {stem_word("наставник")}
    words = " ".join(f"слово{number}" for number in range(40))
    assert excerpt_of(f"Я наставник. {words}", stems).startswith(f"Я {START}наставник{STOP}. слово0")
    assert excerpt_of(f"Я наставник. {words}", stems).endswith(" …")
    middle = excerpt_of(f"{words} наставник {words}", stems)
    assert middle.startswith("… слово34") and middle.endswith(" …") and f"{START}наставник{STOP}" in middle
    assert excerpt_of("Короткий текст наставника.", stems) == f"Короткий текст {START}наставника{STOP}."
    assert excerpt_of("Ничего общего.", stems) == ""


def test_highlights_cost_no_query(client, count_queries, registry, make_mentor):
    """The bio comes with the page's cards and the headlines are columns of the same query."""
    make_mentor(display_name="Гарипова Алсу", bio="<p>Наставник.</p>")
    with_text = count_queries(f"{URL}?q=наставник&sort=name")
    without = count_queries(f"{URL}?sort=name")
    assert with_text == without


@postgres_only
def test_postgres_marks_with_ts_headline_on_the_page_s_rows(client, writers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?q=наставникам")
    headlines = [query["sql"] for query in queries if "ts_headline" in query["sql"]]
    # One query, the page of cards (with LIMIT): the count reads no headline.
    assert len(headlines) == 1 and "LIMIT" in headlines[0] and "COUNT" not in headlines[0].upper()
    [mentor] = [mentor for mentor in response.context["mentors"] if mentor.display_name == "Гарипова Алсу"]
    assert START in mentor.headline_bio
    assert "<mark>наставник</mark>" in str(mentor.highlight.excerpt)


def test_the_stemmed_fallback_marks_the_same(client, writers, mentor_lms_settings):
    """Through Wagtail's backend (SQLite's, or on demand on PostgreSQL) the marks come from Snowball stems."""
    mentor_lms_settings(MENTORS_REGISTRY_SEARCH="wagtail")
    response = client.get(f"{URL}?q=наставникам")
    [mentor] = [mentor for mentor in response.context["mentors"] if mentor.display_name == "Гарипова Алсу"]
    assert not hasattr(mentor, "headline_bio")
    assert "<mark>наставник</mark>" in str(mentor.highlight.excerpt)
