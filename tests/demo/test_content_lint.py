"""A linter of the demo content in ``demo/content/course/``: what a methodologist would check before publishing.

Every lesson names its sources, the hours stated anywhere agree with the curriculum plan, every case names its
mentoring format in its title, the rubrics cover the competencies, and the Russian text passes a spell check
(pymorphy3's dictionary of Russian beside the project's own word list, ``spelling_ru.txt``). It reads the files,
not the database, so it runs in a moment and tells the editor which file to fix.
"""

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from course.models import ACADEMIC_HOUR_MINUTES

CONTENT_DIR = Path(__file__).resolve().parents[2] / "demo" / "content" / "course"
WORD_LIST = Path(__file__).resolve().parent / "spelling_ru.txt"
COMPETENCIES = ("expert", "communicative", "managerial", "research", "project")
MIN_CRITERIA_PER_COMPETENCY = 7
MIN_CASES = 10
# The rubric bands of a criterion must not be named like a competency (the expert one) or the levels of the profile.
FORBIDDEN_BAND_LABELS = {"Экспертный", "Экспертно"}
# "72 академических часа", "7 академических часов", "(72 ак. ч.)": any number of hours the text states.
STATED_HOURS = re.compile(r"(\d+)\s*(?:академическ\w+\s+час\w*|ак\.\s*ч\.)", re.IGNORECASE)
STATED_HOURS_EN = re.compile(r"(\d+)\s*academic\s+hours?", re.IGNORECASE)
WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
TAG = re.compile(r"<[^>]+>")


def read(name: str):
    return json.loads((CONTENT_DIR / name).read_text(encoding="utf-8"))


@cache
def modules() -> tuple[dict, ...]:
    return tuple(read(f"modules/{path.name}") for path in sorted((CONTENT_DIR / "modules").glob("*.json")))


def lessons() -> list[tuple[int, dict]]:
    return [(module["number"], lesson) for module in modules() for lesson in module["lessons"]]


def cases() -> list[tuple[int, dict]]:
    return [(module["number"], case) for module in modules() for case in module["cases"]]


@cache
def formats() -> dict[str, str]:
    """Format code -> its Russian name in lower case («адаптивное наставничество»)."""
    return {item["code"]: item["name_ru"].lower() for item in read("reference.json")["formats"]}


@cache
def bibliography() -> list[str]:
    """The titles of the course's sources (the seeds), as the landing page lists them."""
    return [item["title"] for item in read("course.json")["course"]["ru"]["bibliography"]["items"]]


def format_of(title: str) -> list[str]:
    return [code for code, name in formats().items() if name in title.lower()]


# Sources -----------------------------------------------------------------------------------------------------------


def test_the_course_lists_its_sources():
    assert len(bibliography()) == 5
    english = read("course.json")["course"]["en"]["bibliography"]["items"]
    assert len(english) == len(bibliography())


@pytest.mark.parametrize(
    ("number", "lesson"), lessons(), ids=lambda value: getattr(value, "get", lambda _k: None)("slug")
)
def test_every_lesson_ends_with_its_sources(number, lesson):
    blocks = [block for block in lesson["body"] if block["type"] == "sources"]
    assert len(blocks) == 1, f"module {number}, {lesson['slug']}: one sources block"
    assert lesson["body"][-1]["type"] == "sources", f"module {number}, {lesson['slug']}: sources come last"
    items = blocks[0]["value"]["items"]
    assert items, lesson["slug"]
    for item in items:
        assert item["title"] in bibliography(), f"{lesson['slug']}: “{item['title']}” is not in the bibliography"
        assert item["note"].strip(), f"{lesson['slug']}: say what the lesson takes from “{item['title']}”"


# The people quoted in the sources: a quotation names one of them (the text itself is checked against the sources by
# the editor; the product does not read the sources).
QUOTED_AUTHORS = ("Пронькин", "Поляков", "Нугуманов", "Шайхутдинов")


def test_nothing_is_quoted_from_nowhere():
    """A quotation is attributed to an author of the sources, never to a made-up "principle"."""
    for number, lesson in lessons():
        for block in lesson["body"]:
            if block["type"] == "quote":
                attribution = block["value"].get("attribution", "")
                assert any(author in attribution for author in QUOTED_AUTHORS), (number, lesson["slug"], attribution)


# Hours -------------------------------------------------------------------------------------------------------------


def module_hours(module: dict) -> int:
    return sum(module["hours"].values())


def test_the_curriculum_plan_adds_up_to_the_stated_total():
    course = read("course.json")["course"]
    capstone = read("capstone.json")
    capstone_hours = capstone["estimated_minutes"] / ACADEMIC_HOUR_MINUTES
    assert capstone_hours == int(capstone_hours), "the capstone takes whole academic hours"
    planned = sum(module_hours(module) for module in modules()) + capstone_hours + course["assessment_hours"]
    assert planned == course["hours"]
    assert [module["number"] for module in modules()] == list(range(1, len(modules()) + 1))


@pytest.mark.parametrize("module", modules(), ids=lambda module: f"module-{module['number']}")
def test_module_hours_match_its_lessons_and_cases(module):
    hours = module["hours"]
    assert set(hours) == {"lectures", "practice", "cases", "independent"}
    assert "estimated_hours" not in module, "the module's hours are the sum of its forms of work"
    lesson_minutes = sum(lesson["estimated_minutes"] for lesson in module["lessons"])
    case_minutes = sum(case["estimated_minutes"] for case in module["cases"])
    assert lesson_minutes == hours["lectures"] * ACADEMIC_HOUR_MINUTES, "lectures: the lessons' minutes"
    assert case_minutes == hours["cases"] * ACADEMIC_HOUR_MINUTES, "case work: the cases' minutes"


def all_text(obj, skip=("en",)):
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key not in skip:
                yield from all_text(value, skip)
    elif isinstance(obj, list):
        for value in obj:
            yield from all_text(value, skip)
    elif isinstance(obj, str):
        yield TAG.sub(" ", obj)


def test_no_page_states_hours_that_disagree_with_the_plan():
    course = read("course.json")["course"]
    total = course["hours"]
    allowed = {total: "the course"}
    for module in modules():
        allowed.setdefault(module_hours(module), f"module {module['number']}")
    capstone = read("capstone.json")
    allowed.setdefault(capstone["estimated_minutes"] // ACADEMIC_HOUR_MINUTES, "the capstone")
    documents = {f"modules/{module['number']:02d}.json": module for module in modules()}
    documents |= {"capstone.json": capstone, "course.json (ru)": course["ru"]}
    for name, document in documents.items():
        for text in all_text(document):
            for hours in STATED_HOURS.findall(text):
                assert int(hours) in allowed, f"{name}: “{hours} академических часов” is not in the curriculum plan"
    for text in all_text(course["en"], skip=()):
        for hours in STATED_HOURS_EN.findall(text):
            assert int(hours) in allowed, f"course.json (en): {hours} academic hours is not in the plan"
    # The landing page states the total.
    assert any(str(total) in found for found in STATED_HOURS.findall(TAG.sub(" ", course["ru"]["format"])))


# Cases -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "case"), cases(), ids=lambda value: getattr(value, "get", lambda _k: None)("slug"))
def test_every_case_names_its_format_in_the_title(number, case):
    assert case["title"].startswith("Кейс: "), case["title"]
    assert len(format_of(case["title"])) == 1, f"module {number}: “{case['title']}” names no single format"


def test_cases_cover_every_format_and_the_network():
    assert len(cases()) >= MIN_CASES
    per_format = Counter(code for _number, case in cases() for code in format_of(case["title"]))
    assert set(per_format) == set(formats()), per_format
    assert any("«Район — району»" in case["title"] for _number, case in cases()), "a district-to-district case"


def test_case_analysis_is_taught_before_the_first_case():
    first = modules()[0]
    assert first["cases"], "module 1 has a case"
    assert any(lesson["slug"] == "case-analysis-method" for lesson in first["lessons"])


def rubrics() -> list[tuple[str, dict]]:
    criteria = [(case["slug"], criterion) for _number, case in cases() for criterion in case["rubric"]]
    capstone = read("capstone.json")
    return criteria + [(capstone["slug"], criterion) for criterion in capstone["rubric"]]


def test_every_competency_is_assessed_in_enough_rubric_criteria():
    per_competency = Counter(criterion["competency"] for _slug, criterion in rubrics())
    assert set(per_competency) == set(COMPETENCIES)
    assert min(per_competency.values()) >= MIN_CRITERIA_PER_COMPETENCY, per_competency


def test_rubric_bands_do_not_clash_with_the_competencies():
    for slug, criterion in rubrics():
        for level in criterion["levels"]:
            assert level["label"] not in FORBIDDEN_BAND_LABELS, (slug, criterion["title"], level["label"])


# Language ----------------------------------------------------------------------------------------------------------


@cache
def word_list() -> frozenset[str]:
    lines = WORD_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def russian_documents():
    for path in sorted(CONTENT_DIR.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        yield path.relative_to(CONTENT_DIR), all_text(data, skip=("en", "slug", "code", "competency", "type"))


def test_the_russian_text_passes_the_spell_check():
    pymorphy3 = pytest.importorskip("pymorphy3")
    morph = pymorphy3.MorphAnalyzer()
    known = word_list()
    unknown: dict[str, set[str]] = {}
    for name, texts in russian_documents():
        for text in texts:
            for word in WORD.findall(text):
                for part in word.lower().split("-"):
                    if len(part) > 1 and part not in known and not morph.word_is_known(part):
                        unknown.setdefault(part, set()).add(str(name))
    assert not unknown, "unknown words (fix them, or add correct ones to tests/demo/spelling_ru.txt): " + "; ".join(
        f"{word} ({', '.join(sorted(files))})" for word, files in sorted(unknown.items())
    )


def test_known_misspellings_and_coinages_are_gone():
    banned = ["ассесмент", "условийн", "контракт сессии", "быстрая победа", "быструю победу", "Арского района"]
    for name, texts in russian_documents():
        for text in texts:
            for phrase in banned:
                assert phrase.lower() not in text.lower(), f"{name}: “{phrase}”"


# The English mirrors (demo/content/en/) --------------------------------------------------------------------------

DEMO_CONTENT = CONTENT_DIR.parent
ENGLISH_DIR = DEMO_CONTENT / "en"
CYRILLIC = re.compile("[А-Яа-яЁё]")
HTML_TAG = re.compile(r"</?[a-z0-9]+")


def english_mirrors() -> list[Path]:
    return sorted(path.relative_to(ENGLISH_DIR) for path in ENGLISH_DIR.rglob("*.json"))


def mirror_differences(russian, english, where: str = "") -> list[str]:
    """Where ``english`` does not mirror ``russian``: keys, list lengths, codes and numbers, HTML tags per text."""
    if isinstance(russian, dict):
        if not isinstance(english, dict) or list(russian) != list(english):
            return [f"{where}: other keys"]
        return [
            problem for key in russian for problem in mirror_differences(russian[key], english[key], f"{where}.{key}")
        ]
    if isinstance(russian, list):
        if not isinstance(english, list) or len(russian) != len(english):
            found = len(english) if isinstance(english, list) else "none"
            return [f"{where}: {len(russian)} items in Russian, {found} in English"]
        return [
            problem
            for index, (ru, en) in enumerate(zip(russian, english, strict=True))
            for problem in mirror_differences(ru, en, f"{where}[{index}]")
        ]
    if isinstance(russian, str) and isinstance(english, str):
        if not CYRILLIC.search(russian):  # a code, slug or URL: the same in both languages
            return [] if russian == english else [f"{where}: {english!r} should stay {russian!r}"]
        if HTML_TAG.findall(russian) != HTML_TAG.findall(english):
            return [f"{where}: other HTML tags"]
        return []
    return [] if russian == english else [f"{where}: {english!r} should stay {russian!r}"]


def test_every_page_of_the_course_has_its_english_mirror():
    russian = {path.relative_to(DEMO_CONTENT) for path in DEMO_CONTENT.glob("course/modules/*.json")}
    russian |= {path.relative_to(DEMO_CONTENT) for path in DEMO_CONTENT.glob("assessments/**/*.json")}
    russian.add(Path("course/capstone.json"))
    assert russian <= set(english_mirrors())


@pytest.mark.parametrize("relative", english_mirrors(), ids=str)
def test_the_english_file_mirrors_the_russian_one(relative):
    """The loader pairs the two languages segment by segment: the structure, codes and markup must be the same."""
    russian = json.loads((DEMO_CONTENT / relative).read_text(encoding="utf-8"))
    english = json.loads((ENGLISH_DIR / relative).read_text(encoding="utf-8"))
    assert mirror_differences(russian, english) == []


@pytest.mark.parametrize("relative", english_mirrors(), ids=str)
def test_the_english_text_is_english(relative):
    text = (ENGLISH_DIR / relative).read_text(encoding="utf-8")
    assert not CYRILLIC.search(text), CYRILLIC.search(text) and text[CYRILLIC.search(text).start() - 60 :][:120]


def test_the_mirror_check_finds_what_would_break_the_pairing():
    russian = {"slug": "case", "text": "<p>Один.</p><p>Два.</p>", "items": ["Раз", "Два"], "points": 3}
    assert mirror_differences(russian, {**russian, "text": "<p>One.</p><p>Two.</p>", "items": ["One", "Two"]}) == []
    broken = {"slug": "case-en", "text": "<p>One. Two.</p>", "items": ["One"], "points": 4}
    assert len(mirror_differences(russian, broken)) == 4


# Proper names, abbreviations and addresses stay in Latin script without a language of their own (WCAG 3.1.2's
# exception); any other English phrase in the Russian text is said in Russian («гибкие навыки», not «soft skills») or
# marked as English. (wagtail-localize refuses attributes on inline tags of translated rich text, so a lang="en"
# there would stop the English course from loading: in rich text, say it in Russian.)
LATIN_NAMES = frozenset({"TeachMeet", "URL", "IT", "V"})  # V: a roman numeral ("V Всероссийская конференция")
# Left for now: an English article's title in a Russian bibliographic entry (a plain-text field; it needs a language
# per source).
UNMARKED_TITLES = frozenset(
    {"Mentoring in the Field of Education", "Its Essence and Differences from Other Learning Technologies"}
)
LATIN_PHRASE = re.compile(r"(?<![0-9])[A-Za-z]+(?:[ -][A-Za-z]+)*")
ADDRESS = re.compile(r"https?://\S+")
MARKED_ENGLISH = re.compile(r'<(\w+) lang="en">.*?</\1>')


def raw_strings(obj, skip):
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key not in skip and not key.endswith("_en"):
                yield from raw_strings(value, skip)
    elif isinstance(obj, list):
        for value in obj:
            yield from raw_strings(value, skip)
    elif isinstance(obj, str) and CYRILLIC.search(obj):
        yield obj


def test_english_phrases_in_the_russian_text_are_marked_as_english():
    unmarked = []
    for path in sorted(CONTENT_DIR.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for text in raw_strings(data, skip=("en", "slug", "code", "competency", "type", "url")):
            plain = ADDRESS.sub(" ", TAG.sub(" ", MARKED_ENGLISH.sub(" ", text)))
            unmarked += [
                f"{path.name}: {phrase}"
                for phrase in LATIN_PHRASE.findall(plain)
                if phrase not in LATIN_NAMES | UNMARKED_TITLES
            ]
    assert not unmarked, unmarked
