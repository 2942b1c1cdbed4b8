"""The HTTP-level sweep of issue 10, finding 6: generated values at every form field, query parameter and JSON key
of the public and learner endpoints, and never a 5xx.

Every example sends a generated value in every field of its endpoint (a valid value is one of the choices, so that
the other fields' values reach the code behind the form's first check). Values mix hostile samples (NUL bytes, lone
surrogates, numbers beyond 64 bits, Unicode digits, 10 000 characters, markup) with Hypothesis' text and numbers. A
value with a lone surrogate travels as UTF-7 (a query string with a UTF-7 ``Content-Type``, or a UTF-7 multipart
body), the only way HTTP carries one to Django. Clients come from ever new addresses, so that the throttles let the
input through to the forms.

The data are made once for the module; each test runs its examples in the test's own transaction. The number of
values tried per endpoint is printed at the end (``-s``) and recorded as the ``inputs`` property of each test.
``SWEEP_EXAMPLES`` sets the examples per endpoint: 100 by default (``make test``, the same values every run), 1 000
new random ones with ``make sweep``.
"""

import itertools
import json
import os
from collections import Counter
from urllib.parse import urlencode

from django.db import connection, transaction
from django.test import Client

from wagtail.models import Locale, Page, Site

import pytest
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from assessments import attempts as attempt_service
from course.models import Enrolment
from tests.assessments.factories import AssessmentPageFactory, multiple_choice, short_answer, single_choice
from tests.factories import (
    TEST_PASSWORD,
    CaseStudyPageFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    ModulePageFactory,
    MunicipalityFactory,
    UserFactory,
)
from tests.malformed import UTF7_HEADER, get_utf7, post_utf7, utf7
from tests.mentors.factories import MentorProfileFactory, MentorRegistryPageFactory

EXAMPLES = int(os.environ.get("SWEEP_EXAMPLES", "100"))
SWEEP = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    # Without shrinking: a failure shows its request and traceback at once, instead of minutes of shrinking.
    phases=[Phase.explicit, Phase.generate],
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "x\ud800y",
    "\udfff",
    "\ud83d",
    "9" * 19,
    "9" * 20,
    str(2**63),
    str(2**63 - 1),
    str(-(2**63) - 1),
    "9" * 5000,
    "-1",
    "0",
    "00",
    "1.5",
    "1,5",
    "1e309",
    "NaN",
    "-inf",
    "²",
    "١٢٣",
    "٣",
    "true",
    "null",
    "[]",
    "{}",
    "%00",
    "%ZZ",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"; DROP TABLE x; --',
    "a" * 10_000,
    "<ul><li>" * 2000,
    "line\r\nBcc: victim@example.org",
    "\u202eevil",
    "\ufeff",
    "𝕏𝕐",
    "ﬀ",
    "Ⅻ",
    "a@b",
    "@",
    "x" * 300 + "@example.org",
]
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(st.one_of(SURROGATES, st.characters(), st.sampled_from("\x00<>&%+\r\n")), max_size=20),
    st.integers().map(str),
    st.from_regex(r"-?[0-9]{17,26}", fullmatch=True),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)

TALLY: dict[str, Counter] = {}
FIELD_NAMES: set[str] = set()
STRAY: set[str] = set()
_addresses = itertools.count(1)


def value_for(valid: list[str]):
    """A field's value: one of its valid values, or a hostile one."""
    return st.one_of(st.sampled_from(valid), hostile_text) if valid else hostile_text


def values_for(valid: list[str]):
    """A repeatable field's values: none, one or several, valid or hostile."""
    return st.lists(value_for(valid), max_size=4)


def fields(spec: dict[str, list[str]], repeatable: tuple[str, ...] = ()):
    """A dict with a generated value for every field of ``spec`` (name -> valid values), plus a stray field now
    and then."""
    FIELD_NAMES.update(spec)
    strategies = {name: values_for(valid) if name in repeatable else value_for(valid) for name, valid in spec.items()}
    return st.tuples(
        st.fixed_dictionaries(strategies),
        st.dictionaries(hostile_text.filter(lambda name: name and name not in spec), hostile_text, max_size=1),
    ).map(_with_stray)


def _with_stray(pair: tuple[dict, dict]) -> dict:
    # A stray name may be another endpoint's field ("q"): counted as stray, not as that field.
    STRAY.clear()
    STRAY.update(pair[1])
    return {**pair[0], **pair[1]}


def has_surrogate(data) -> bool:
    text = json.dumps(data, ensure_ascii=False, default=str)
    return any(0xD800 <= ord(char) <= 0xDFFF for char in text)


def address() -> dict:
    number = next(_addresses)
    return {"REMOTE_ADDR": f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"}


def count(endpoint: str, data: dict) -> None:
    tally = TALLY.setdefault(endpoint, Counter())
    tally["requests"] += 1
    for name in data:
        tally[f"field:{name}" if name in FIELD_NAMES and name not in STRAY else "field:(stray)"] += 1


def send_get(client: Client, url: str, data: dict, endpoint: str):
    count(endpoint, data)
    if has_surrogate(data):
        return get_utf7(client, url, data, **address())
    return client.get(url, data, **address())


def send_post(client: Client, url: str, data: dict, endpoint: str):
    """Multipart in UTF-7 when a value has a lone surrogate; urlencoded otherwise, as browsers send forms."""
    count(endpoint, data)
    if has_surrogate(data):
        return post_utf7(client, url, data, **address())
    body = urlencode(data, doseq=True)
    return client.post(url, body, content_type="application/x-www-form-urlencoded", **address())


def assert_no_server_error(response) -> None:
    assert response.status_code < 500, response.status_code


# The world: made once ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Pages, mentors, a learner with an open attempt and a case; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def build_world() -> dict:
    ru = Locale.objects.get(language_code="ru")
    Locale.objects.get_or_create(language_code="en")
    home = CourseIndexPageFactory(parent=Page.get_first_root_node(), locale=ru, slug="sweep-home")
    Site.objects.filter(is_default_site=True).update(root_page=home)
    Site.clear_site_root_paths_cache()
    course = CoursePageFactory(parent=home, title="Педагогическое наставничество", slug="pedagogical-mentoring")
    module = ModulePageFactory(parent=course, slug="module-1", number=1, competencies=("expert", "communicative"))
    case = CaseStudyPageFactory(parent=module, slug="case")
    test_page = AssessmentPageFactory(
        parent=module,
        slug="module-1-test",
        attempts_allowed=100,
        questions=[single_choice(), multiple_choice(), short_answer()],
    )
    registry = MentorRegistryPageFactory(parent=home)
    place = MunicipalityFactory(name="Казань", slug="kazan")
    mentors = [
        MentorProfileFactory(certificate__course=course, municipality=place, formats=["adaptive", "expert"])
        for _ in range(3)
    ]
    learner = UserFactory(username="sweep-learner", email="sweep-learner@example.org", municipality=place)
    Enrolment.objects.create(user=learner, course=course)
    attempt = attempt_service.start_attempt(learner, test_page)
    certified = MentorProfileFactory(certificate__course=course, municipality=place, is_published=False).user
    return {
        "course": course,
        "case": case,
        "registry": registry,
        "place": place,
        "mentor": mentors[0],
        "learner": learner,
        "attempt": attempt,
        "questions": [block.id for block in test_page.questions],
        "certified": certified,
        "subjects": [],
    }


@pytest.fixture
def web(world, db):
    Site.clear_site_root_paths_cache()
    return Client()


@pytest.fixture
def learner_web(web, world):
    web.force_login(world["learner"])
    return web


@pytest.fixture
def mentor_web(web, world):
    web.force_login(world["certified"])
    return web


@pytest.fixture(autouse=True)
def _inputs(record_property):
    """Records how many values the test sent (the ``inputs`` property of the JUnit report)."""
    before = {endpoint: tally["requests"] for endpoint, tally in TALLY.items()}
    yield
    for endpoint, tally in TALLY.items():
        if tally["requests"] != before.get(endpoint, 0):
            record_property("inputs", f"{endpoint}: {tally['requests'] - before.get(endpoint, 0)}")


@pytest.fixture(scope="module", autouse=True)
def _summary():
    yield
    if not TALLY:
        return
    vendor = connection.vendor
    lines = [f"Input sweep on {vendor}: values tried per endpoint (requests; fewest values in one field)"]
    for endpoint, tally in TALLY.items():
        per_field = [number for key, number in tally.items() if key.startswith("field:") and key != "field:(stray)"]
        lines.append(f"  {endpoint:<28} {tally['requests']:>6}  {min(per_field, default=0):>6}")
    print("\n" + "\n".join(lines))  # noqa: T201 (the figures for the closing note)


# Registry, its API and the read API -----------------------------------------------------------------------------

LEVEL_VALUES = ["0", "50", "85", "100"]
REGISTRY = {
    "q": ["наставник", "наставника", "Гарипова"],
    "region": ["tatarstan", "region-0"],
    "municipality": ["kazan"],
    "format": ["adaptive", "accompanying", "developmental", "reverse", "expert"],
    "subject": ["mathematics"],
    "position": ["teacher", "deputy_head", "head"],
    "available": ["1", ""],
    "min_expert": LEVEL_VALUES,
    "min_communicative": LEVEL_VALUES,
    "min_managerial": LEVEL_VALUES,
    "min_research": LEVEL_VALUES,
    "min_project": LEVEL_VALUES,
    "sort": ["relevance", "name", "-certified", "-level"],
    "page": ["1", "2"],
}


@SWEEP
@given(data=fields(REGISTRY, repeatable=("format",)))
def test_registry_page(web, world, data):
    assert_no_server_error(send_get(web, world["registry"].url, data, "registry page"))


@SWEEP
@given(data=fields(REGISTRY, repeatable=("format",)))
def test_registry_api(web, world, data):
    assert_no_server_error(send_get(web, "/api/v1/mentors/", data, "API v1 /mentors/"))


PAGES_API = {
    "type": ["course.CoursePage", "course.ModulePage", "wagtailcore.Page", "mentors.MentorRegistryPage"],
    "fields": ["summary,hours", "*", "-title", "body", "_,id"],
    "offset": ["0", "10"],
    "limit": ["1", "20"],
    "search": ["наставничество"],
    "search_operator": ["and", "or"],
    "order": ["title", "-id", "random"],
    "child_of": ["1", "3"],
    "descendant_of": ["1"],
    "ancestor_of": ["3"],
    "id": ["3"],
    "slug": ["pedagogical-mentoring"],
    "locale": ["ru", "en"],
    "translation_of": ["3"],
    "show_in_menus": ["true", "false"],
    "has_children": ["true"],
}


@SWEEP
@given(data=fields(PAGES_API))
def test_read_api_pages(web, world, data):
    assert_no_server_error(send_get(web, "/api/v2/pages/", data, "API v2 /pages/"))


@SWEEP
@given(data=fields({"offset": ["0"], "limit": ["5"], "search": ["a"], "order": ["title"], "id": ["1"]}))
def test_read_api_images(web, world, data):
    assert_no_server_error(send_get(web, "/api/v2/images/", data, "API v2 /images/"))


@SWEEP
@given(data=fields({"competencies": ["expert", "project"], "format": ["adaptive"], "municipality": ["kazan"],
                    "subject": ["mathematics"]}, repeatable=("competencies",)))  # fmt: skip
def test_match_form(web, world, data):
    assert_no_server_error(send_get(web, f"{world['registry'].url}match/", data, "match form"))


@SWEEP
@given(data=fields({"number": ["НП-2026-000001", "нп-2026-1"]}))
def test_certificate_lookup(web, world, data, mentor_lms_settings):
    mentor_lms_settings(CERTIFICATE_LOOKUP_THROTTLE_ATTEMPTS=10**9)
    assert_no_server_error(send_get(web, "/ru/certificates/", data, "certificate look-up"))


# Accounts ---------------------------------------------------------------------------------------------------------

PERSON = {
    "last_name": ["Гарипова"],
    "first_name": ["Алсу"],
    "patronymic": ["Ринатовна", ""],
    "organisation": ["МБОУ «Гимназия № 7»"],
    "position": ["teacher", "head"],
    "municipality": [],  # filled with the world's municipality id
    "email": ["alsu@example.org"],
}


def person(world) -> dict:
    return {**PERSON, "municipality": [str(world["place"].pk)]}


@SWEEP
@given(data=st.data())
def test_signup(web, world, data):
    spec = {**person(world), "password1": ["Nastavnik-2026!"], "password2": ["Nastavnik-2026!"], "consent": ["on"]}
    values = data.draw(fields(spec))
    assert_no_server_error(send_post(web, "/ru/accounts/signup/", values, "sign-up"))
    web.logout()


@SWEEP
@given(data=fields({"username": ["sweep-learner@example.org", "sweep-learner"], "password": [TEST_PASSWORD]}))
def test_login(web, world, data):
    assert_no_server_error(send_post(web, "/ru/accounts/login/", data, "login"))
    web.logout()


@SWEEP
@given(data=fields({"email": ["sweep-learner@example.org", "nobody@example.org"]}))
def test_password_reset(web, world, data, settings):
    settings.PASSWORD_RESET_THROTTLE_ATTEMPTS = 10**9
    assert_no_server_error(send_post(web, "/ru/accounts/password_reset/", data, "password reset"))


@SWEEP
@given(data=st.data())
def test_profile(learner_web, world, data):
    web = learner_web
    values = data.draw(fields(person(world)))
    assert_no_server_error(send_post(web, "/ru/accounts/profile/", values, "profile"))


# Mentors -----------------------------------------------------------------------------------------------------------


@SWEEP
@given(data=st.data())
def test_request_form(web, world, data, mentor_lms_settings):
    mentor_lms_settings(MENTORING_REQUESTS_PER_EMAIL=10**9)
    spec = {
        "school": ["МАОУ «Лицей № 40»"],
        "municipality": [str(world["place"].pk)],
        "contact_name": ["Сидорова Софья"],
        "email": ["school@example.org"],
        "phone": ["+7 843 123-45-67", ""],
        "mentee_position": ["teacher", "deputy_head"],
        "desired_format": ["adaptive", "expert"],
        "message": ["Нужен наставник.\n\nВторой абзац & ссылки https://example.org"],
        "consent": ["on"],
        "website": [""],
    }
    values = data.draw(fields(spec))
    url = f"{world['registry'].url}{world['mentor'].slug}/"
    assert_no_server_error(send_post(web, url, values, "mentoring request form"))


@SWEEP
@given(
    data=fields({
        "from": ["q=наставник&format=adaptive&format=expert&page=2", "municipality=kazan&sort=name", ""],
        "match": ["competencies=expert&competencies=project&format=adaptive&municipality=kazan", "subject=x"],
    })
)  # fmt: skip
def test_profile_ways_back(web, world, data):
    """A profile opened from a search (``from``) or the matches (``match``): the way back and the prefilled form."""
    url = f"{world['registry'].url}{world['mentor'].slug}/"
    assert_no_server_error(send_get(web, url, data, "profile from a search/match"))


@SWEEP
@given(data=st.data())
def test_mentor_profile_form(mentor_web, world, data):
    web = mentor_web
    spec = {
        "display_name": ["Гарипова Алсу"],
        "position": ["teacher", "head"],
        "organisation": ["МБОУ «Гимназия № 7»"],
        "municipality": [str(world["place"].pk)],
        "subjects": [],
        "expert_areas": [],
        "bio": ["<p>Наставник</p>", "Текст & <b>жирный</b>"],
        "capacity": ["1", "4"],
        "formats": ["adaptive", "reverse"],
        "models_practised": ["reflexive", "teaching"],
        "remove_photo": ["", "on"],
    }
    values = data.draw(fields(spec, repeatable=("subjects", "expert_areas", "formats", "models_practised")))
    assert_no_server_error(send_post(web, "/ru/dashboard/mentor/", values, "mentor profile form"))


# Learner: case analysis and attempts ----------------------------------------------------------------------------


@SWEEP
@given(data=fields({"analysis": ["<p>Мой анализ</p>", "Анализ ситуации"], "action": ["draft", "submit"]}))
def test_case_analysis(learner_web, world, data):
    web = learner_web
    url = f"/ru/cases/{world['case'].pk}/analysis/"
    assert_no_server_error(send_post(web, url, data, "case analysis"))


@SWEEP
@given(data=st.data())
def test_attempt_form_save(learner_web, world, data):
    web = learner_web
    single, multiple, written = world["questions"]
    spec = {
        "sequence": ["1", "100"],
        f"q-{single}": ["0", "1", "2"],
        f"q-{multiple}": ["0", "1", "3"],
        f"q-{multiple}-present": ["1"],
        f"q-{written}": ["Цель проекта — адаптация."],
        "next": ["summary", ""],
    }
    values = data.draw(fields(spec, repeatable=(f"q-{multiple}",)))
    url = f"/ru/attempts/{world['attempt'].pk}/save/"
    assert_no_server_error(send_post(web, url, values, "attempt save (form)"))


json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63 - 2, max_value=2**70),
    st.floats(),
    hostile_text,
)
json_values = st.recursive(
    json_leaves,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(hostile_text, children, max_size=4),
    max_leaves=12,
)


@SWEEP
@given(data=st.data())
def test_attempt_autosave_json(learner_web, world, data):
    web = learner_web
    FIELD_NAMES.update(["question", "value", "sequence"])
    keys = {
        "question": st.one_of(st.sampled_from(world["questions"]), json_values),
        "value": st.one_of(st.sampled_from([0, 1, [0, 1], "Ответ"]), json_values),
        "sequence": st.one_of(st.integers(min_value=1, max_value=10**6), json_values),
    }
    stray = data.draw(st.dictionaries(hostile_text, json_values, max_size=2))
    body = {**stray, **data.draw(st.fixed_dictionaries(keys))}
    # Every key in every example (a missing key is tested in tests/assessments/test_attempts.py).
    raw = data.draw(st.sampled_from(["json", "json", "json", "deep", "broken"]))
    text = {"json": json.dumps(body), "deep": "[" * 100_000, "broken": json.dumps(body)[:-1] + "\ud800"}[raw]
    STRAY.clear()
    STRAY.update(set(stray) - set(keys))
    count("attempt autosave (JSON)", body)
    url = f"/ru/attempts/{world['attempt'].pk}/save/"
    content_type = "application/json" if raw != "broken" else "application/json; charset=utf-7"
    response = web.generic("POST", url, text.encode("utf-8", "surrogatepass"), content_type=content_type, **address())
    assert_no_server_error(response)


def test_the_helpers_send_a_lone_surrogate_as_utf7():
    assert utf7({"a": "x\ud800"}) == "a=x%2B2AA-"
    assert UTF7_HEADER.endswith("utf-7")
