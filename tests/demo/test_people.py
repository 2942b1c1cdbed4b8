"""The demo mentor generator in ``demo/people.py``: pure Python, so no database is needed.

The reference data is read here independently of the module, so that the generator is checked against the files
rather than against its own copy of them.
"""

import csv
import json
import random
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import FrozenInstanceError
from html.parser import HTMLParser
from pathlib import Path
from statistics import mean

import pytest

from demo import people as demo_people
from demo.people import DemoMentor, generate_demo_mentors

DEMO_CONTENT_DIR = Path(__file__).resolve().parents[2] / "demo" / "content" / "course"
FORMAT_CODES = {"adaptive", "accompanying", "developmental", "reverse", "expert"}
MODEL_CODES = {"teaching", "competence", "reflexive", "development", "sponsor", "educator"}
POSITIONS = {"teacher", "deputy_head", "head"}
LEVEL_KEYS = {"expert", "communicative", "managerial", "research", "project"}
ALLOWED_TAGS = {"p", "strong", "em"}
# Past-tense verbs and short adjectives of the bio templates, which must agree with the mentor's gender.
MASCULINE_WORDS = re.compile(r"\b(Стал|Прошёл|Выстроил|подготовил|Приглашён|Уверен|Победитель)\b")
FEMININE_WORDS = re.compile(r"\b(Стала|Прошла|Выстроила|подготовила|Приглашена|Уверена|Победительница)\b")


@pytest.fixture(scope="module")
def municipalities() -> dict[str, str]:
    with (DEMO_CONTENT_DIR / "tatarstan_municipalities.csv").open(encoding="utf-8", newline="") as handle:
        return {row["slug"]: row["kind"] for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads((DEMO_CONTENT_DIR / "reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mentors() -> list[DemoMentor]:
    return generate_demo_mentors(300)


@pytest.fixture(scope="module")
def many_mentors() -> list[DemoMentor]:
    return generate_demo_mentors(3000)


def full_name(mentor: DemoMentor) -> str:
    # Spelled out rather than DemoMentor.full_name, so that the property is checked too.
    name = f"{mentor.last_name} {mentor.first_name} {mentor.patronymic}"
    assert mentor.full_name == name
    return name


# Determinism and size ----------------------------------------------------------------------------------------------


def test_same_seed_gives_the_same_people(mentors):
    assert generate_demo_mentors(300, seed=2026) == mentors


def test_another_seed_gives_other_people(mentors):
    others = generate_demo_mentors(300, seed=1)
    assert others != mentors
    assert [full_name(m) for m in others] != [full_name(m) for m in mentors]


def test_the_global_random_state_is_left_alone():
    random.seed(5)
    expected = random.random()
    random.seed(5)
    generate_demo_mentors(50)
    assert random.random() == expected


@pytest.mark.parametrize("count", [0, 1, 7, 134, 135, 300, 1001])
def test_count(count):
    assert len(generate_demo_mentors(count)) == count


def test_negative_count_is_refused():
    with pytest.raises(ValueError):
        generate_demo_mentors(-1)


def test_mentors_are_immutable_and_hashable(mentors):
    with pytest.raises(FrozenInstanceError):
        mentors[0].username = "someone-else"
    assert len(set(mentors)) == len(mentors)


# Identity ----------------------------------------------------------------------------------------------------------


def test_usernames_are_unique_ascii(mentors):
    usernames = [m.username for m in mentors]
    assert len(set(usernames)) == len(usernames)
    assert all(re.fullmatch(r"mentor-\d{4}", username) for username in usernames)
    assert usernames[0] == "mentor-0001"


@pytest.mark.parametrize("count", [300, 1000])
def test_full_names_are_unique(count):
    names = [full_name(m) for m in generate_demo_mentors(count)]
    assert len(set(names)) == count


def test_name_lists_are_large_enough():
    surnames = demo_people.RUSSIAN_SURNAMES + demo_people.TATAR_SURNAMES
    assert len(set(surnames)) >= 60
    assert len(set(demo_people.RUSSIAN_MALE_NAMES + demo_people.TATAR_MALE_NAMES)) >= 40
    assert len(set(demo_people.RUSSIAN_FEMALE_NAMES + demo_people.TATAR_FEMALE_NAMES)) >= 40


@pytest.mark.parametrize(
    ("father", "son", "daughter"),
    [
        ("Ильдар", "Ильдарович", "Ильдаровна"),
        ("Рустем", "Рустемович", "Рустемовна"),
        ("Никита", "Никитич", "Никитична"),
        ("Илья", "Ильич", "Ильинична"),
        ("Лев", "Львович", "Львовна"),
        ("Сергей", "Сергеевич", "Сергеевна"),
        ("Юрий", "Юрьевич", "Юрьевна"),
        ("Рамиль", "Рамилевич", "Рамилевна"),
        ("Пётр", "Петрович", "Петровна"),
    ],
)
def test_patronymics(father, son, daughter):
    assert demo_people.PATRONYMICS[father] == (son, daughter)


def test_every_father_has_a_patronymic():
    for name in demo_people.RUSSIAN_FATHER_NAMES + demo_people.TATAR_FATHER_NAMES:
        assert name in demo_people.PATRONYMICS


def test_names_agree_in_gender(many_mentors):
    female_names = set(demo_people.RUSSIAN_FEMALE_NAMES + demo_people.TATAR_FEMALE_NAMES)
    male_names = set(demo_people.RUSSIAN_MALE_NAMES + demo_people.TATAR_MALE_NAMES)
    for mentor in many_mentors:
        female = mentor.last_name.endswith(("ова", "ева", "ёва", "ина", "ая", "а"))
        assert female == mentor.patronymic.endswith(("вна", "чна")), full_name(mentor)
        if female:
            assert mentor.first_name in female_names, full_name(mentor)
        else:
            assert mentor.last_name.endswith(("ов", "ев", "ёв", "ин", "ий")), full_name(mentor)
            assert mentor.patronymic.endswith("ич"), full_name(mentor)
            assert mentor.first_name in male_names, full_name(mentor)


def test_both_genders_and_both_name_traditions_occur(mentors):
    female = sum(m.patronymic.endswith(("вна", "чна")) for m in mentors)
    tatar = sum(m.last_name.removesuffix("а") in demo_people.TATAR_SURNAMES for m in mentors)
    assert 0.6 < female / len(mentors) < 0.95
    assert 0.3 < tatar / len(mentors) < 0.75


# Municipalities and reference data ---------------------------------------------------------------------------------


def test_every_municipality_has_at_least_three_mentors(mentors, municipalities):
    assert len(municipalities) == 45
    per_municipality = Counter(m.municipality_slug for m in mentors)
    assert set(per_municipality) == set(municipalities)
    assert min(per_municipality.values()) >= 3


def test_kazan_and_naberezhnye_chelny_lead(mentors):
    per_municipality = Counter(m.municipality_slug for m in mentors)
    leaders = [slug for slug, _count in per_municipality.most_common(2)]
    assert leaders == ["kazan", "naberezhnye-chelny"]


def test_slugs_and_codes_are_valid(many_mentors, municipalities, reference):
    subjects = {item["slug"] for item in reference["subjects"]}
    areas = {item["slug"] for item in reference["expert_areas"]}
    assert {item["code"] for item in reference["formats"]} == FORMAT_CODES
    assert {item["code"] for item in reference["models"]} == MODEL_CODES
    for mentor in many_mentors:
        assert mentor.municipality_slug in municipalities
        assert mentor.position in POSITIONS
        assert 1 <= len(mentor.subject_slugs) <= 2 and set(mentor.subject_slugs) <= subjects
        assert len(mentor.expert_area_slugs) <= 3 and set(mentor.expert_area_slugs) <= areas
        assert 1 <= len(mentor.format_codes) <= 3 and set(mentor.format_codes) <= FORMAT_CODES
        assert len(mentor.model_codes) <= 3 and set(mentor.model_codes) <= MODEL_CODES
        for codes in (mentor.subject_slugs, mentor.expert_area_slugs, mentor.format_codes, mentor.model_codes):
            assert isinstance(codes, tuple) and len(set(codes)) == len(codes)


def test_positions_are_spread_as_in_schools(many_mentors):
    counts = Counter(m.position for m in many_mentors)
    shares = {position: count / len(many_mentors) for position, count in counts.items()}
    assert shares["teacher"] == pytest.approx(0.60, abs=0.05)
    assert shares["deputy_head"] == pytest.approx(0.25, abs=0.05)
    assert shares["head"] == pytest.approx(0.15, abs=0.04)


def test_management_is_a_leaders_subject(many_mentors):
    teachers = [m for m in many_mentors if m.position == "teacher"]
    leaders = [m for m in many_mentors if m.position != "teacher"]
    assert not any("education-management" in m.subject_slugs for m in teachers)
    assert sum("education-management" in m.subject_slugs for m in leaders) > len(leaders) / 2


def test_organisations(many_mentors):
    for mentor in many_mentors:
        assert 0 < len(mentor.organisation) <= 255
        assert mentor.organisation.count("«") == mentor.organisation.count("»") == 1
        if mentor.municipality_slug == "kazan":
            assert "г. Казани" in mentor.organisation
        elif mentor.municipality_slug == "naberezhnye-chelny":
            assert mentor.organisation.endswith("г. Набережные Челны")
    assert len({m.organisation for m in many_mentors}) > len(many_mentors) / 2


# Numbers -----------------------------------------------------------------------------------------------------------


def test_levels_are_those_of_certified_mentors(many_mentors):
    for mentor in many_mentors:
        assert set(mentor.levels) == LEVEL_KEYS
        assert all(isinstance(value, int) and 60 <= value <= 98 for value in mentor.levels.values())
    # A spread, not a pile-up at the threshold.
    assert len({m.levels["research"] for m in many_mentors}) > 20
    assert sum(m.levels["managerial"] == 60 for m in many_mentors) < len(many_mentors) / 20


def test_heads_are_stronger_managers(many_mentors):
    def managerial(position):
        return mean(m.levels["managerial"] for m in many_mentors if m.position == position)

    assert managerial("head") > managerial("deputy_head") > managerial("teacher") + 5


def test_capacity_and_experience(many_mentors):
    # The course teaches 3-4 mentees at a time as the optimum (seed 002): nobody takes more, or fewer.
    capacities = Counter(m.capacity for m in many_mentors)
    assert set(capacities) == {3, 4}
    assert capacities.most_common(1)[0][0] == 4
    assert all(5 <= m.years_experience <= 35 for m in many_mentors)


# What the course teaches -------------------------------------------------------------------------------------------


def test_reverse_mentors_are_the_young_colleagues_with_the_newer_skill(many_mentors):
    """In reverse mentoring the younger colleague mentors the more experienced ones (seed 004, module 5)."""
    reverse = [m for m in many_mentors if "reverse" in m.format_codes]
    assert len(reverse) > len(many_mentors) / 20
    for mentor in reverse:
        assert mentor.position == "teacher", full_name(mentor)
        assert mentor.years_experience <= 9, full_name(mentor)
        assert "expert" not in mentor.format_codes
        bio = mentor.bio_html.lower()
        assert "реверсивн" in bio, mentor.bio_html
        assert re.search(r"(опытным|старшим) коллегам", bio), mentor.bio_html
    experienced = [m.years_experience for m in many_mentors if "reverse" not in m.format_codes]
    assert mean(experienced) > max(m.years_experience for m in reverse)


def test_nobody_is_written_as_the_mentee_of_a_reverse_mentor(many_mentors):
    for mentor in many_mentors:
        bio = mentor.bio_html.lower()
        assert not re.search(r"молодые коллеги (помогают|учат) (ему|ей|его|её)", bio), mentor.bio_html
        if "reverse" not in mentor.format_codes:
            assert "реверсивн" not in bio, mentor.bio_html


def test_young_mentors_do_not_claim_years_of_mentoring_young_teachers(many_mentors):
    for mentor in many_mentors:
        if "reverse" in mentor.format_codes:
            assert "за годы работы" not in mentor.bio_html.lower(), mentor.bio_html
            assert "молодыми коллегами" not in mentor.bio_html and "молодыми специалистами" not in mentor.bio_html


def test_primary_school_teachers_have_no_graduating_classes(many_mentors):
    primary = [m for m in many_mentors if "primary-school" in m.subject_slugs]
    assert primary
    for mentor in primary:
        bio = mentor.bio_html.lower()
        assert "выпускн" not in bio and "старшеклассник" not in bio, mentor.bio_html


# Bios --------------------------------------------------------------------------------------------------------------


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list = []
        self.depth = 0
        self.top_level_text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)
        self.depth += 1

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0:
            self.top_level_text += data


def parse(html: str) -> TagCollector:
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector


def test_bios_use_only_the_allowed_tags(many_mentors):
    for mentor in many_mentors:
        parsed = parse(mentor.bio_html)
        assert set(parsed.tags) <= ALLOWED_TAGS, mentor.bio_html
        assert 1 <= parsed.tags.count("p") <= 3
        assert not parsed.attributes and not parsed.top_level_text.strip() and parsed.depth == 0
        assert mentor.bio_html.startswith("<p>") and mentor.bio_html.endswith("</p>")
        # No template marks left behind.
        assert not re.search(r"[\[\]{}|]", mentor.bio_html), mentor.bio_html


def test_bios_mention_mentoring_in_various_forms(mentors):
    mentioning = [m for m in mentors if "наставни" in m.bio_html.lower()]
    assert len(mentioning) >= 0.3 * len(mentors)
    forms = {word for m in mentors for word in re.findall(r"наставни\w*", m.bio_html.lower())}
    assert {"наставник", "наставника", "наставником", "наставники", "наставникам", "наставничество"} <= forms
    assert "наставничества" in forms


def test_bios_vary(mentors):
    assert len({m.bio_html for m in mentors}) > 0.95 * len(mentors)
    assert len(Counter(m.bio_html.count("<p>") for m in mentors)) == 3


def test_bios_agree_with_the_mentors_gender(many_mentors):
    for mentor in many_mentors:
        female = mentor.patronymic.endswith(("вна", "чна"))
        wrong = MASCULINE_WORDS if female else FEMININE_WORDS
        assert not wrong.search(mentor.bio_html), (full_name(mentor), mentor.bio_html)


# Experience runs from 5 to 35 years, so these are all the numbers the bios can need.
YEARS_WORDS = {
    **dict.fromkeys(range(5, 36), "лет"),
    **dict.fromkeys((21, 31), "год"),
    **dict.fromkeys((22, 23, 24, 32, 33, 34), "года"),
}


def test_bios_state_the_experience_with_agreement(many_mentors):
    for mentor in many_mentors:
        years = mentor.years_experience
        assert f"стаж — {years} {YEARS_WORDS[years]}." in mentor.bio_html


# Scale -------------------------------------------------------------------------------------------------------------


def test_a_hundred_thousand_mentors_are_quick_and_unique():
    # CPU time, not wall time: the suite shares its cores with other runs, which said nothing about the generator.
    started = time.process_time()
    mentors = generate_demo_mentors(100_000)
    elapsed = time.process_time() - started
    assert len(mentors) == 100_000
    assert len({m.username for m in mentors}) == 100_000
    assert all(m.username.isascii() for m in mentors)
    assert len({full_name(m) for m in mentors[:1000]}) == 1000
    # About 3 s of CPU on a development machine; the margin is for slow CI runners.
    assert elapsed < 10


def test_importing_the_generator_reads_no_content_file():
    # A broken content file must fail ``load_demo`` with a clear message, never an import (issue 14).
    script = (
        "import io; seen = []; real_open = io.open\n"
        "def spy(file, *args, **kwargs):\n"
        "    seen.append(str(file))\n"
        "    return real_open(file, *args, **kwargs)\n"
        "io.open = spy\n"
        "import demo.people\n"
        "print([name for name in seen if 'content' in name])\n"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter, a fixed script)
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_content_the_tables_do_not_cover_fails_before_the_first_mentor(tmp_path, monkeypatch, reference):
    changed = {**reference, "subjects": [*reference["subjects"], {"slug": "astronomy", "name_ru": "Астрономия"}]}
    path = tmp_path / "reference.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(demo_people, "REFERENCE_FILE", path)
    demo_people.reference.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"SUBJECT_GENITIVE does not match the reference data: \['astronomy'\]"):
            generate_demo_mentors(1)
    finally:
        demo_people.reference.cache_clear()
