"""What the course pages show: the catalogue, a course, a module, a lesson and a case study."""

from datetime import date
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.utils import translation

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from course.codes import CompetencyCode
from tests.factories import (
    CaseStudyPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    rubric_criterion,
)


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def texts(elements) -> list[str]:
    return [" ".join(element.get_text().split()) for element in elements]


def russian(label) -> str:
    with translation.override("ru"):
        return str(label)


# The catalogue ----------------------------------------------------------------------------------------------------


def test_catalogue_lists_live_public_courses_only(client, home):
    CoursePageFactory(parent=home, title="Открытый курс", slug="open")
    CoursePageFactory(parent=home, title="Черновик курса", slug="draft", live=False)
    private = CoursePageFactory(parent=home, title="Закрытый курс", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    page = soup(client.get("/ru/"))

    assert texts(page.select(".card--course .card__title")) == ["Открытый курс"]
    assert page.select_one(".card--course a")["href"] == "/ru/open/"
    assert not page.select(".empty-state")


def test_catalogue_without_courses_shows_an_empty_state(client, home):
    CoursePageFactory(parent=home, title="Черновик курса", slug="draft", live=False)

    page = soup(client.get("/ru/"))

    assert not page.select(".card--course")
    assert page.select_one(".empty-state").get_text(strip=True)


# A course ---------------------------------------------------------------------------------------------------------


def test_course_lists_modules_in_number_order_with_competency_chips(client, course):
    # Added out of order: the tree order (path) differs from the module numbers.
    ModulePageFactory(parent=course, title="Третий", slug="third", number=3, competencies=("project",))
    ModulePageFactory(parent=course, title="Первый", slug="first", number=1, competencies=("expert", "communicative"))
    ModulePageFactory(parent=course, title="Второй", slug="second", number=2, competencies=("research",))

    page = soup(client.get(course.url))

    items = page.select(".module-list__item")
    assert [item.select_one(".module-list__number").get_text(strip=True) for item in items] == ["1", "2", "3"]
    assert [item.select_one("h3 a")["href"] for item in items] == [
        "/ru/pedagogical-mentoring/first/",
        "/ru/pedagogical-mentoring/second/",
        "/ru/pedagogical-mentoring/third/",
    ]
    assert "Первый" in items[0].select_one("h3").get_text()
    chips = items[0].select(".chip")
    assert [chip["class"][1] for chip in chips] == ["chip--expert", "chip--communicative"]
    assert texts(chips) == [russian(CompetencyCode.EXPERT.label), russian(CompetencyCode.COMMUNICATIVE.label)]
    assert [chip["class"][1] for chip in items[2].select(".chip")] == ["chip--project"]


def test_course_hides_unpublished_modules(client, course):
    ModulePageFactory(parent=course, title="Опубликованный", slug="published", number=1)
    ModulePageFactory(parent=course, title="Неготовый", slug="unpublished", number=2, live=False)

    page = soup(client.get(course.url))

    titles = texts(page.select(".module-list__item h3"))
    assert len(titles) == 1
    assert "Опубликованный" in titles[0]
    assert "Неготовый" not in page.get_text()


def test_course_without_modules_shows_an_empty_state(client, course):
    page = soup(client.get(course.url))

    assert not page.select(".module-list")
    assert page.select_one("section[aria-labelledby=modules-heading] .empty-state").get_text(strip=True)


def test_course_key_facts_and_the_enrol_button_come_before_the_description(client, course):
    course.format_brief = "Онлайн, с проверкой кейсов"
    course.hours = 72
    course.save()

    page = soup(client.get(course.url))

    hero = page.select_one(".hero--course")
    facts = texts(hero.select(".key-facts dd"))
    assert facts[0].startswith("72 ")
    assert facts[1] == "Онлайн, с проверкой кейсов"
    assert len(facts) == 3  # the dates: none set, so the course starts on enrolling
    assert hero.select_one(".enrolment-panel a.button")
    # The long description waits below the hero, so that the button stays above the fold.
    assert not hero.select(".rich-text")
    assert page.select_one("section[aria-labelledby=about-heading] .rich-text")


@pytest.mark.parametrize(
    ("starts", "ends", "expected"),
    [
        (date(2027, 2, 1), date(2027, 4, 30), ["1 февраля 2027", "30 апреля 2027"]),
        (date(2027, 2, 1), None, ["1 февраля 2027"]),
        (None, date(2027, 4, 30), ["30 апреля 2027"]),
    ],
)
def test_course_dates_are_a_key_fact(client, course, starts, ends, expected):
    course.starts_on, course.ends_on = starts, ends
    course.save()

    dates = texts(soup(client.get(course.url)).select(".key-facts dd"))[-1]

    assert all(part in dates for part in expected)


def test_a_course_cannot_end_before_it_starts(course):
    course.starts_on, course.ends_on = date(2027, 4, 30), date(2027, 2, 1)
    with pytest.raises(ValidationError) as raised:
        course.full_clean()
    assert "ends_on" in raised.value.message_dict


# A module ---------------------------------------------------------------------------------------------------------


def test_module_lists_lessons_and_case_studies_and_hides_unpublished_ones(reader, module):
    client = reader
    LessonPageFactory(parent=module, title="Урок один", slug="one")
    LessonPageFactory(parent=module, title="Урок-черновик", slug="draft", live=False)
    CaseStudyPageFactory(parent=module, title="Кейс", slug="case")
    LessonPageFactory(parent=module, title="Урок два", slug="two")

    page = soup(client.get(module.url))

    items = page.select(".item-list__item")
    assert texts(item.select_one("h3") for item in items) == ["Урок один", "Кейс", "Урок два"]
    assert [item["class"][1] for item in items] == [
        "item-list__item--lesson",
        "item-list__item--case",
        "item-list__item--lesson",
    ]
    assert items[1].select_one("a")["href"] == "/ru/pedagogical-mentoring/module-1/case/"
    assert "Урок-черновик" not in page.get_text()


def test_module_without_items_shows_an_empty_state(reader, module):
    client = reader
    LessonPageFactory(parent=module, title="Урок-черновик", slug="draft", live=False)

    page = soup(client.get(module.url))

    assert not page.select(".item-list")
    assert page.select_one(".empty-state").get_text(strip=True)


# Lessons and case studies -----------------------------------------------------------------------------------------


def item_nav(client, page_object):
    nav = soup(client.get(page_object.url)).select_one("nav.item-nav")
    previous = nav.select_one("a[rel=prev]")
    following = nav.select_one("a[rel=next]")
    return (previous and previous["href"], following and following["href"], nav.select_one(".item-nav__up")["href"])


def test_lesson_previous_and_next_links_skip_unpublished_siblings(reader, module):
    client = reader
    first = LessonPageFactory(parent=module, slug="first")
    LessonPageFactory(parent=module, slug="hidden", live=False)
    second = LessonPageFactory(parent=module, slug="second")
    case = CaseStudyPageFactory(parent=module, slug="case")
    base = "/ru/pedagogical-mentoring/module-1/"

    assert item_nav(client, first) == (None, f"{base}second/", base)
    assert item_nav(client, second) == (f"{base}first/", f"{base}case/", base)
    assert item_nav(client, case) == (f"{base}second/", None, base)


def test_lesson_renders_its_body_blocks(reader, module):
    client = reader
    lesson = LessonPageFactory(
        parent=module,
        body=[
            {"type": "heading", "value": {"text": "Понятия", "level": "h2"}},
            {"type": "key_terms", "value": {"title": "", "terms": [{"term": "Наставник", "definition": "Опытный"}]}},
        ],
    )

    page = soup(client.get(lesson.url))

    assert page.select_one(".lesson-body h2").get_text(strip=True) == "Понятия"
    assert texts(page.select(".lesson-body .key-terms dt")) == ["Наставник"]


def test_case_study_shows_the_rubric_total(reader, module):
    client = reader
    case = CaseStudyPageFactory(
        parent=module,
        rubric=[
            {"type": "criterion", "value": rubric_criterion(title="Анализ", max_points=7)},
            {"type": "criterion", "value": rubric_criterion(title="Решение", max_points=12, competency="project")},
        ],
    )

    page = soup(client.get(case.url))

    section = page.select_one("section[aria-labelledby=rubric-heading]")
    assert "19" in section.find("p", recursive=False).get_text()
    assert len(section.select(".rubric-criterion")) == 2
    assert texts(section.select(".rubric-table tbody td.nowrap")) == ["0–3", "4–7", "0–6", "7–12"]


# Not found --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/ru/no-such-page/", "/en/no-such-page/", "/ru/pedagogical-mentoring/nope/"])
def test_unknown_url_gives_the_site_404_page(client, course, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert BeautifulSoup(response.content, "html.parser").select_one("a.skip-link")  # the site frame, not a bare 404


# Query counts -----------------------------------------------------------------------------------------------------
# Each page costs the same number of queries however many children it lists: no query per child.

# The site and the route to the page (cached: the page itself), Wagtail's view restrictions (3), the session's user
# when logged in; the frame (home, menu, language links) and the learner's progress come from the cache.
CATALOGUE_QUERIES = 6  # budgets are ceilings: PostgreSQL with Redis sessions needs one fewer
COURSE_QUERIES = 10  # + the modules, their competencies, the default locale, the competencies' names
# Module, lesson and case pages for an enrolled learner: the progress comes from the cached summary.
MODULE_QUERIES = 8


def test_catalogue_queries_do_not_grow_with_courses(home, count_queries, django_assert_max_num_queries, client):
    for _ in range(2):
        CoursePageFactory(parent=home)
    with_two = count_queries("/ru/")
    for _ in range(4):
        CoursePageFactory(parent=home)
    with_six = count_queries("/ru/")

    assert with_two == with_six
    with django_assert_max_num_queries(CATALOGUE_QUERIES):
        client.get("/ru/")


def test_course_queries_do_not_grow_with_modules(course, count_queries, django_assert_max_num_queries, client):
    for _ in range(2):
        ModulePageFactory(parent=course, competencies=("expert", "research"))
    with_two = count_queries(course.url)
    for _ in range(4):
        ModulePageFactory(parent=course, competencies=("managerial", "project", "communicative"))
    with_six = count_queries(course.url)

    assert with_two == with_six
    with django_assert_max_num_queries(COURSE_QUERIES):
        client.get(course.url)


def test_module_queries_do_not_grow_with_items(module, reader, count_queries, django_assert_max_num_queries, client):
    LessonPageFactory(parent=module)
    CaseStudyPageFactory(parent=module)
    with_two = count_queries(module.url)
    for _ in range(3):
        LessonPageFactory(parent=module)
        CaseStudyPageFactory(parent=module)
    with_eight = count_queries(module.url)

    assert with_two == with_eight
    with django_assert_max_num_queries(MODULE_QUERIES):
        client.get(module.url)


# The module navigation, the outline and the breadcrumbs are kept rendered (``course_tags``) and the body per revision.
LESSON_QUERIES = 6
CASE_QUERIES = 7  # + the learner's analysis, when there is one


@pytest.mark.parametrize(
    ("factory", "expected"), [(LessonPageFactory, LESSON_QUERIES), (CaseStudyPageFactory, CASE_QUERIES)]
)
def test_item_queries_do_not_grow_with_siblings(
    module, reader, factory, expected, count_queries, django_assert_max_num_queries, client
):
    item = factory(parent=module)
    factory(parent=module)
    with_two = count_queries(item.url)
    for _ in range(5):
        factory(parent=module)
    with_seven = count_queries(item.url)

    assert with_two == with_seven
    with django_assert_max_num_queries(expected):
        client.get(item.url)


def test_a_lesson_that_opens_with_key_terms_goes_from_h1_to_h2(reader, module):
    lesson = LessonPageFactory(
        parent=module,
        body=[
            {"type": "paragraph", "value": "<p>Вступление.</p>"},
            {"type": "key_terms", "value": {"title": "", "terms": [{"term": "Наставник", "definition": "Опытный"}]}},
            {"type": "heading", "value": {"text": "Роли", "level": "h2"}},
            {"type": "heading", "value": {"text": "Наставник", "level": "h3"}},
        ],
    )
    main = soup(reader.get(lesson.url)).select_one("main")
    levels = [int(heading.name[1]) for heading in main.select("h1, h2, h3, h4, h5, h6")]
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in pairwise(levels)), levels
