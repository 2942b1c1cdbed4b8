"""Realistic demo mentors from Tatarstan schools, generated deterministically from a seed.

The mentor directory needs a few hundred believable people to show its filters, its search (with Russian
morphology: bios mention «наставник» in many grammatical forms) and the load it can take (the generator scales to
100 000 people in seconds). Everything here is plain Python over data, with no Django, so the people can be checked
by fast tests and loaded by any command.

The municipalities and the reference slugs (subjects, expert areas, formats, models) are read from
``demo/content/course/`` so that they stay in one place; the phrase tables below must cover them. The files are read
and checked when mentors are first generated, not at import.

Names are in the proper Russian and Tatar forms, with surnames and patronymics agreeing in gender. Patronymics come
from an explicit table because the rules have exceptions (Никита → Никитична, Илья → Ильинична, Лев → Львович).
"""

import csv
import json
import random
import re
from bisect import bisect
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path

DEMO_CONTENT_DIR = Path(__file__).resolve().parent / "content" / "course"
MUNICIPALITIES_FILE = DEMO_CONTENT_DIR / "tatarstan_municipalities.csv"
REFERENCE_FILE = DEMO_CONTENT_DIR / "reference.json"


def _read_municipalities() -> dict[str, tuple[str, str]]:
    """``{slug: (kind, name_ru)}`` in the file's order."""
    with MUNICIPALITIES_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["slug"]: (row["kind"], row["name_ru"]) for row in csv.DictReader(handle)}


@dataclass(frozen=True)
class Reference:
    """What the generator takes from the content files, in the files' order."""

    municipalities: dict[str, tuple[str, str]]  # {slug: (kind, name_ru)}
    subject_slugs: tuple[str, ...]
    expert_area_slugs: tuple[str, ...]
    format_codes: tuple[str, ...]
    model_codes: tuple[str, ...]

    @property
    def municipality_slugs(self) -> tuple[str, ...]:
        return tuple(self.municipalities)


@cache
def reference() -> Reference:
    """The content files, read and checked against the tables below once, when mentors are first generated."""
    data = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    loaded = Reference(
        municipalities=_read_municipalities(),
        subject_slugs=tuple(item["slug"] for item in data["subjects"]),
        expert_area_slugs=tuple(item["slug"] for item in data["expert_areas"]),
        format_codes=tuple(item["code"] for item in data["formats"]),
        model_codes=tuple(item["code"] for item in data["models"]),
    )
    _check_tables(loaded)
    return loaded


KAZAN = "kazan"
NABEREZHNYE_CHELNY = "naberezhnye-chelny"
MANAGEMENT_SUBJECT = "education-management"
POSITIONS = ("teacher", "deputy_head", "head")
LEVEL_KEYS = ("expert", "communicative", "managerial", "research", "project")
# Certification requires 60 in every competency; nobody scores a perfect 100 in a demo.
LEVEL_MIN, LEVEL_MAX = 60, 98
# With n >= 45 * 3 every municipality gets three mentors before the rest is shared out by weight.
MIN_PER_MUNICIPALITY = 3
# Full names stay unique this far; beyond it the name pool would run dry, and namesakes are real life anyway.
UNIQUE_NAMES_LIMIT = 1000
USERNAME_PREFIX = "mentor-"


@dataclass(frozen=True)
class DemoMentor:
    """One demo mentor, ready to become a user and a mentor profile."""

    username: str  # ascii and unique: mentor-0001, ...
    last_name: str
    first_name: str
    patronymic: str
    position: str  # one of POSITIONS
    organisation: str  # a school's name, under 255 characters
    municipality_slug: str
    subject_slugs: tuple[str, ...]  # 1-2, in the reference order
    expert_area_slugs: tuple[str, ...]  # 0-3
    format_codes: tuple[str, ...]  # 1-3
    model_codes: tuple[str, ...]  # 0-3
    bio_html: str  # 1-3 paragraphs with only <p>, <strong> and <em>
    capacity: int  # how many mentees at a time
    levels: dict[str, int] = field(hash=False)  # LEVEL_KEYS -> LEVEL_MIN..LEVEL_MAX; left out so mentors hash
    years_experience: int

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name} {self.patronymic}"


# Drawing -----------------------------------------------------------------------------------------------------------


def _pick(rng: random.Random, items):
    """``rng.choice`` without its overhead, which counts when a single run draws over a million times."""
    return items[int(rng.random() * len(items))]


class Weighted:
    """A table of weighted choices, drawn with a single random number.

    ``Random.choices`` rebuilds its cumulative weights on every call, which would dominate a 100 000-mentor run.
    """

    __slots__ = ("population", "cum_weights", "total")

    def __init__(self, weights: dict):
        self.population = tuple(weights)
        self.cum_weights = tuple(accumulate(weights.values()))
        self.total = self.cum_weights[-1]

    def draw(self, rng: random.Random):
        return self.population[bisect(self.cum_weights, rng.random() * self.total)]

    def draw_some(self, rng: random.Random, k: int) -> tuple:
        """``k`` distinct items, in the table's order so that equal sets compare equal.

        Redrawing the ones already chosen gives the same odds as drawing without replacement, and ``k`` is small.
        """
        chosen = set()
        while len(chosen) < k:
            chosen.add(self.draw(rng))
        return tuple(item for item in self.population if item in chosen)


# Names -------------------------------------------------------------------------------------------------------------

# Male forms; the female ones are derived by _feminine_surname, which knows exactly these endings.
RUSSIAN_SURNAMES = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
    "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
    "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
    "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
    "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов",
    "Жуков", "Баранов", "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев",
    "Покровский", "Успенский", "Троицкий", "Вознесенский",
)  # fmt: skip
TATAR_SURNAMES = (
    "Гарипов", "Хайруллин", "Сафин", "Галиев", "Хабибуллин", "Гилязов", "Валиев", "Закиров", "Ахметов", "Шарипов",
    "Садыков", "Мухаметзянов", "Нуриев", "Хасанов", "Гайнуллин", "Фахрутдинов", "Зарипов", "Гимадиев", "Мингазов",
    "Шайхутдинов", "Зиннатуллин", "Абдуллин", "Гатауллин", "Ибрагимов", "Юсупов", "Латыпов", "Камалов", "Сабиров",
    "Яруллин", "Насыров", "Салихов", "Хуснутдинов", "Файзуллин", "Исмагилов", "Низамов", "Гиниятуллин", "Каримов",
    "Мустафин", "Ганиев", "Багаутдинов", "Вафин", "Шакиров", "Халиуллин", "Газизов", "Сулейманов", "Арсланов",
    "Сагдиев", "Гарифуллин", "Сибгатуллин", "Нигматуллин", "Фаттахов", "Хайдаров", "Рахимов", "Ситдиков",
)  # fmt: skip

RUSSIAN_MALE_NAMES = (
    "Александр", "Сергей", "Андрей", "Алексей", "Дмитрий", "Евгений", "Игорь", "Олег", "Владимир", "Михаил", "Павел",
    "Максим", "Роман", "Денис", "Антон", "Кирилл", "Никита", "Илья", "Константин", "Вячеслав", "Артём", "Иван",
    "Николай", "Юрий", "Виктор",
)  # fmt: skip
TATAR_MALE_NAMES = (
    "Ильдар", "Рустем", "Марат", "Ринат", "Рамиль", "Айдар", "Азат", "Дамир", "Ильнур", "Булат", "Айрат", "Ильнар",
    "Нияз", "Тимур", "Руслан", "Ильгиз", "Радик", "Ренат", "Камиль", "Салават", "Ирек", "Альберт",
)  # fmt: skip
RUSSIAN_FEMALE_NAMES = (
    "Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана", "Марина", "Юлия", "Анна", "Екатерина", "Мария",
    "Надежда", "Людмила", "Галина", "Оксана", "Валентина", "Лариса", "Вера", "Любовь", "Анастасия", "Евгения",
    "Дарья", "Ксения", "Алёна", "Виктория",
)  # fmt: skip
TATAR_FEMALE_NAMES = (
    "Айгуль", "Алсу", "Гульнара", "Лилия", "Гульшат", "Резеда", "Ильсияр", "Альфия", "Лейсан", "Гузель", "Динара",
    "Эльвира", "Рамиля", "Чулпан", "Венера", "Розалия", "Ландыш", "Гульназ", "Зульфия", "Миляуша", "Фания",
    "Айсылу", "Гульфия", "Фарида", "Диляра", "Регина",
)  # fmt: skip
# The fathers of people now in their thirties to sixties: an older generation of names than their children's.
RUSSIAN_FATHER_NAMES = (
    "Иван", "Сергей", "Николай", "Владимир", "Александр", "Виктор", "Анатолий", "Юрий", "Михаил", "Пётр", "Василий",
    "Геннадий", "Валерий", "Борис", "Алексей", "Дмитрий", "Андрей", "Евгений", "Олег", "Игорь", "Павел", "Григорий",
    "Фёдор", "Никита", "Илья", "Лев", "Константин", "Леонид", "Вячеслав", "Степан",
)  # fmt: skip
TATAR_FATHER_NAMES = (
    "Ильдар", "Рустем", "Марат", "Ринат", "Рамиль", "Айдар", "Фарит", "Рафаэль", "Ильгиз", "Азат", "Дамир", "Рашид",
    "Ильнур", "Радик", "Равиль", "Наиль", "Фанис", "Ильшат", "Ренат", "Тагир", "Зуфар", "Шамиль", "Камиль",
    "Салават", "Булат", "Мансур", "Ильфат", "Фарид", "Тимур", "Рифат", "Альберт", "Руслан",
)  # fmt: skip

# name: (his son's patronymic, his daughter's). Written out because no simple rule covers Никита, Илья or Лев.
PATRONYMICS = {
    "Александр": ("Александрович", "Александровна"),
    "Алексей": ("Алексеевич", "Алексеевна"),
    "Анатолий": ("Анатольевич", "Анатольевна"),
    "Андрей": ("Андреевич", "Андреевна"),
    "Антон": ("Антонович", "Антоновна"),
    "Артём": ("Артёмович", "Артёмовна"),
    "Борис": ("Борисович", "Борисовна"),
    "Валерий": ("Валерьевич", "Валерьевна"),
    "Василий": ("Васильевич", "Васильевна"),
    "Виктор": ("Викторович", "Викторовна"),
    "Владимир": ("Владимирович", "Владимировна"),
    "Вячеслав": ("Вячеславович", "Вячеславовна"),
    "Геннадий": ("Геннадьевич", "Геннадьевна"),
    "Григорий": ("Григорьевич", "Григорьевна"),
    "Денис": ("Денисович", "Денисовна"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
    "Евгений": ("Евгеньевич", "Евгеньевна"),
    "Иван": ("Иванович", "Ивановна"),
    "Игорь": ("Игоревич", "Игоревна"),
    "Илья": ("Ильич", "Ильинична"),
    "Кирилл": ("Кириллович", "Кирилловна"),
    "Константин": ("Константинович", "Константиновна"),
    "Лев": ("Львович", "Львовна"),
    "Леонид": ("Леонидович", "Леонидовна"),
    "Максим": ("Максимович", "Максимовна"),
    "Михаил": ("Михайлович", "Михайловна"),
    "Никита": ("Никитич", "Никитична"),
    "Николай": ("Николаевич", "Николаевна"),
    "Олег": ("Олегович", "Олеговна"),
    "Павел": ("Павлович", "Павловна"),
    "Пётр": ("Петрович", "Петровна"),
    "Роман": ("Романович", "Романовна"),
    "Сергей": ("Сергеевич", "Сергеевна"),
    "Степан": ("Степанович", "Степановна"),
    "Фёдор": ("Фёдорович", "Фёдоровна"),
    "Юрий": ("Юрьевич", "Юрьевна"),
    "Айдар": ("Айдарович", "Айдаровна"),
    "Айрат": ("Айратович", "Айратовна"),
    "Азат": ("Азатович", "Азатовна"),
    "Альберт": ("Альбертович", "Альбертовна"),
    "Булат": ("Булатович", "Булатовна"),
    "Дамир": ("Дамирович", "Дамировна"),
    "Зуфар": ("Зуфарович", "Зуфаровна"),
    "Ильгиз": ("Ильгизович", "Ильгизовна"),
    "Ильдар": ("Ильдарович", "Ильдаровна"),
    "Ильнар": ("Ильнарович", "Ильнаровна"),
    "Ильнур": ("Ильнурович", "Ильнуровна"),
    "Ильфат": ("Ильфатович", "Ильфатовна"),
    "Ильшат": ("Ильшатович", "Ильшатовна"),
    "Ирек": ("Ирекович", "Ирековна"),
    "Камиль": ("Камилевич", "Камилевна"),
    "Мансур": ("Мансурович", "Мансуровна"),
    "Марат": ("Маратович", "Маратовна"),
    "Наиль": ("Наилевич", "Наилевна"),
    "Нияз": ("Ниязович", "Ниязовна"),
    "Радик": ("Радикович", "Радиковна"),
    "Равиль": ("Равилевич", "Равилевна"),
    "Рамиль": ("Рамилевич", "Рамилевна"),
    "Ренат": ("Ренатович", "Ренатовна"),
    "Ринат": ("Ринатович", "Ринатовна"),
    "Рифат": ("Рифатович", "Рифатовна"),
    "Рафаэль": ("Рафаэлевич", "Рафаэлевна"),
    "Руслан": ("Русланович", "Руслановна"),
    "Рустем": ("Рустемович", "Рустемовна"),
    "Рашид": ("Рашидович", "Рашидовна"),
    "Салават": ("Салаватович", "Салаватовна"),
    "Тагир": ("Тагирович", "Тагировна"),
    "Тимур": ("Тимурович", "Тимуровна"),
    "Фанис": ("Фанисович", "Фанисовна"),
    "Фарид": ("Фаридович", "Фаридовна"),
    "Фарит": ("Фаритович", "Фаритовна"),
    "Шамиль": ("Шамилевич", "Шамилевна"),
}


def _feminine_surname(surname: str) -> str:
    """Иванов → Иванова, Сафин → Сафина, Троицкий → Троицкая; other endings are not in the lists."""
    if surname.endswith("кий"):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    raise ValueError(f"no feminine form known for {surname!r}")


# (is_tatar, is_female) -> (surnames, first names, fathers' names)
NAME_POOLS = {
    (False, False): (RUSSIAN_SURNAMES, RUSSIAN_MALE_NAMES, RUSSIAN_FATHER_NAMES),
    (False, True): (tuple(map(_feminine_surname, RUSSIAN_SURNAMES)), RUSSIAN_FEMALE_NAMES, RUSSIAN_FATHER_NAMES),
    (True, False): (TATAR_SURNAMES, TATAR_MALE_NAMES, TATAR_FATHER_NAMES),
    (True, True): (tuple(map(_feminine_surname, TATAR_SURNAMES)), TATAR_FEMALE_NAMES, TATAR_FATHER_NAMES),
}

# Share of Tatar names among the mentors of a municipality: most districts are mixed, some mostly Russian or Tatar.
TATAR_SHARE_DEFAULT = 0.55
TATAR_SHARE = {
    **dict.fromkeys(
        (
            "alexeyevsky", "verkhneuslonsky", "kamsko-ustyinsky", "laishevsky", "spassky", "tetyushsky",
            "chistopolsky", "zelenodolsky", "bugulminsky", "novosheshminsky", "cheremshansky",
        ),
        0.3,
    ),
    **dict.fromkeys(
        (
            "aktanyshsky", "atninsky", "baltasinsky", "sarmanovsky", "kukmorsky", "muslyumovsky", "sabinsky",
            "tyulyachinsky", "arsky", "apastovsky", "buinsky", "kaybitsky", "aznakayevsky", "drozhzhanovsky",
        ),
        0.85,
    ),
    KAZAN: 0.5,
}  # fmt: skip
# Schools are mostly staffed by women, a little less so at the top.
FEMALE_SHARE = {"teacher": 0.85, "deputy_head": 0.8, "head": 0.6}


# Organisations -----------------------------------------------------------------------------------------------------

# How many mentors each municipality gets beyond its minimum, roughly after its number of schools.
MUNICIPALITY_WEIGHTS = {
    KAZAN: 30,
    NABEREZHNYE_CHELNY: 13,
    "nizhnekamsky": 6,
    "almetyevsky": 5,
    "zelenodolsky": 4,
    "bugulminsky": 3,
    "yelabuzhsky": 2.5,
    "leninogorsky": 2.5,
    "chistopolsky": 2,
}
# Highest school number in a town: Kazan's go well past a hundred, a district centre has a handful.
SCHOOL_NUMBERS = {KAZAN: 180, NABEREZHNYE_CHELNY: 70, "nizhnekamsky": 35, "almetyevsky": 28, "zelenodolsky": 18}
SCHOOL_NUMBERS_DEFAULT = 8
KAZAN_DISTRICTS = (
    "Авиастроительного",
    "Вахитовского",
    "Кировского",
    "Московского",
    "Ново-Савиновского",
    "Приволжского",
    "Советского",
)
# Towns that name their own schools; the genitive is what the name needs.
TOWNS = {
    "almetyevsky": "г. Альметьевска",
    "nizhnekamsky": "г. Нижнекамска",
    "zelenodolsky": "г. Зеленодольска",
    "bugulminsky": "г. Бугульмы",
    "yelabuzhsky": "г. Елабуги",
    "leninogorsky": "г. Лениногорска",
    "chistopolsky": "г. Чистополя",
    "buinsky": "г. Буинска",
    "zainsky": "г. Заинска",
    "mendeleyevsky": "г. Менделеевска",
    "menzelinsky": "г. Мензелинска",
}
# Village schools. The names are typical of the republic but not tied to a district: the organisation is decoration.
RUSSIAN_VILLAGES = (
    "Никольская", "Покровская", "Михайловская", "Александровская", "Сосновская", "Берёзовская", "Ключевская",
    "Октябрьская", "Красноярская", "Богородская", "Троицкая", "Успенская", "Дубровская", "Ивановская", "Петровская",
)  # fmt: skip
TATAR_VILLAGES = (
    "Ташлиярская", "Сарабашская", "Урманаевская", "Тимяшевская", "Каратаевская", "Шумбутская", "Бакрчинская",
    "Субашская", "Сатышевская", "Старокишитская", "Новокишитская", "Верхнеошминская", "Большеатнинская",
    "Кутлушкинская", "Курмашевская", "Тюрнясевская", "Кульбаевская", "Чалпинская", "Ямашевская", "Кзыл-Юлдузская",
)  # fmt: skip
CITY_SCHOOLS = (
    "МБОУ «Средняя общеобразовательная школа № {n}»",
    "МБОУ «Средняя общеобразовательная школа № {n} с углублённым изучением отдельных предметов»",
    "МБОУ «Школа № {n}»",
    "МБОУ «Гимназия № {n}»",
    "МАОУ «Гимназия № {n}»",
    "МБОУ «Лицей № {n}»",
    "МАОУ «Лицей № {n}»",
    "МБОУ «Татарская гимназия № {n}»",
)
VILLAGE_SCHOOLS = (
    "МБОУ «{village} средняя общеобразовательная школа»",
    "МБОУ «{village} СОШ»",
    "МБОУ «{village} основная общеобразовательная школа»",
    "МБОУ «{village} ООШ»",
)
VILLAGE_SHARE = 0.45  # of a district's mentors who work outside its town


def _district_genitive(name_ru: str) -> str:
    """«Альметьевский муниципальный район» → «Альметьевского муниципального района» (all names end in -ий)."""
    adjective = name_ru.removesuffix(" муниципальный район")
    return f"{adjective[:-2]}ого муниципального района"


def _organisation(rng: random.Random, slug: str, ref: Reference) -> str:
    if slug == KAZAN:
        school = _pick(rng, CITY_SCHOOLS).format(n=rng.randint(1, SCHOOL_NUMBERS[KAZAN]))
        if rng.random() < 0.3:  # the short form schools use on their own sites
            return school.replace("»", " г. Казани»")
        return f"{school} {_pick(rng, KAZAN_DISTRICTS)} района г. Казани"
    if slug == NABEREZHNYE_CHELNY:
        return f"{_pick(rng, CITY_SCHOOLS).format(n=rng.randint(1, SCHOOL_NUMBERS[slug]))} г. Набережные Челны"
    district = _district_genitive(ref.municipalities[slug][1])
    if rng.random() < VILLAGE_SHARE:
        tatar = rng.random() < TATAR_SHARE.get(slug, TATAR_SHARE_DEFAULT)
        village = _pick(rng, TATAR_VILLAGES if tatar else RUSSIAN_VILLAGES)
        return f"{_pick(rng, VILLAGE_SCHOOLS).format(village=village)} {district}"
    school = _pick(rng, CITY_SCHOOLS[:6]).format(n=rng.randint(1, SCHOOL_NUMBERS.get(slug, SCHOOL_NUMBERS_DEFAULT)))
    if slug in TOWNS and rng.random() < 0.5:  # half of the town schools put the town in their name
        return school.replace("»", f" {TOWNS[slug]}»")
    return f"{school} {district}"


# Subjects, formats, models, expert areas ---------------------------------------------------------------------------

POSITION_WEIGHTS = {"teacher": 60, "deputy_head": 25, "head": 15}
# How common each subject is among teachers: there are many more primary and Russian teachers than music ones.
SUBJECT_WEIGHTS = {
    "primary-school": 12, "russian-language": 10, "mathematics": 10, "foreign-language": 8, "tatar-language": 6,
    "history": 6, "biology": 5, "physical-education": 5, "physics": 4, "chemistry": 4, "computer-science": 4,
    "literature": 3, "geography": 3, "social-studies": 3, "technology": 3, "music": 2, "fine-arts": 2,
    "safety-fundamentals": 2, "tatar-literature": 1,
}  # fmt: skip
# Subjects that one teacher commonly teaches together.
SUBJECT_PARTNERS = {
    "russian-language": ("literature",),
    "literature": ("russian-language",),
    "tatar-language": ("tatar-literature",),
    "tatar-literature": ("tatar-language",),
    "mathematics": ("computer-science", "physics"),
    "physics": ("mathematics", "computer-science"),
    "computer-science": ("mathematics",),
    "history": ("social-studies",),
    "social-studies": ("history",),
    "biology": ("chemistry", "geography"),
    "chemistry": ("biology",),
    "geography": ("biology",),
    "fine-arts": ("technology",),
    "technology": ("fine-arts",),
    "music": ("fine-arts",),
    "physical-education": ("safety-fundamentals",),
    "safety-fundamentals": ("physical-education",),
}
SUBJECT_PAIR_SHARE = 0.5
MANAGEMENT_SHARE = 0.7  # of heads and deputies who list management among their subjects
SUBJECT_GENITIVE = {
    "russian-language": "русского языка",
    "literature": "литературы",
    "tatar-language": "татарского языка",
    "tatar-literature": "татарской литературы",
    "foreign-language": "иностранного языка",
    "mathematics": "математики",
    "computer-science": "информатики",
    "physics": "физики",
    "chemistry": "химии",
    "biology": "биологии",
    "geography": "географии",
    "history": "истории",
    "social-studies": "обществознания",
    "fine-arts": "изобразительного искусства",
    "music": "музыки",
    "technology": "труда (технологии)",
    "physical-education": "физической культуры",
    "safety-fundamentals": "основ безопасности и защиты Родины",
    "primary-school": "начальных классов",
}
# In reverse mentoring the mentor is the younger colleague with the newer skill (seed 004, module 5 of the course):
# only young teachers mentor in it, and every one of them does. Nobody else draws it (weight 0).
FORMAT_WEIGHTS = {
    "teacher": {"adaptive": 6, "accompanying": 3, "developmental": 3, "reverse": 0, "expert": 1},
    "deputy_head": {"adaptive": 3, "accompanying": 5, "developmental": 3, "reverse": 0, "expert": 3},
    "head": {"adaptive": 2, "accompanying": 4, "developmental": 3, "reverse": 0, "expert": 5},
}
REVERSE = "reverse"
# Young teachers: a share of the teachers, with a few years of service, who teach a subject close to the digital tools
# they help older colleagues master (computer science, technology, physics, mathematics, a foreign language).
YOUNG_TEACHER_SHARE = 0.15
YOUNG_YEARS = (5, 9)
YOUNG_SUBJECT_WEIGHTS = {
    "computer-science": 5, "technology": 2, "physics": 2, "mathematics": 2, "foreign-language": 2, "primary-school": 1,
}  # fmt: skip
# Besides the reverse format a young mentor may also support newcomers or join developmental projects.
YOUNG_FORMAT_WEIGHTS = {"adaptive": 3, "developmental": 2}
YOUNG_FORMAT_COUNT_WEIGHTS = {0: 5, 1: 3}
# Models that fit a younger mentor of older colleagues: practice, resources, reflection of the mentee's own.
YOUNG_MODEL_CODES = ("competence", "development", "educator")
FORMAT_COUNT_WEIGHTS = {1: 5, 2: 4, 3: 1}
MODEL_COUNT_WEIGHTS = {0: 2, 1: 4, 2: 3, 3: 1}
EXPERT_AREA_WEIGHTS = {
    "teacher": {
        "state-education-policy": 1, "upbringing": 4, "career-guidance": 3, "mentoring": 5, "digital-didactics": 4,
        "inclusive-education": 3, "psycho-pedagogical-support": 3,
    },
    "deputy_head": {
        "state-education-policy": 3, "upbringing": 4, "career-guidance": 3, "mentoring": 5, "digital-didactics": 3,
        "inclusive-education": 3, "psycho-pedagogical-support": 3,
    },
    "head": {
        "state-education-policy": 6, "upbringing": 3, "career-guidance": 3, "mentoring": 5, "digital-didactics": 2,
        "inclusive-education": 2, "psycho-pedagogical-support": 2,
    },
}  # fmt: skip
# Expert mentors are the ones with areas of expertise; the others have few or none.
EXPERT_AREA_COUNT_WEIGHTS = {False: {0: 5, 1: 4, 2: 2, 3: 1}, True: {1: 4, 2: 4, 3: 2}}
# A mentor works with 3-4 mentees at a time, the optimum the course teaches (seed 002).
CAPACITY_WEIGHTS = {3: 25, 4: 75}
# (lowest, highest, most common) years of experience: one becomes a head after years of teaching.
EXPERIENCE = {"teacher": (5, 35, 16), "deputy_head": (10, 35, 22), "head": (12, 35, 25)}
LEVEL_MEANS = {
    "teacher": {"expert": 78, "communicative": 80, "managerial": 70, "research": 74, "project": 75},
    "deputy_head": {"expert": 82, "communicative": 80, "managerial": 84, "research": 78, "project": 79},
    "head": {"expert": 84, "communicative": 81, "managerial": 90, "research": 76, "project": 82},
}
LEVEL_SPREAD = 6.0  # per competency
STRENGTH_SPREAD = 4.0  # per person: a strong mentor tends to be strong across the board


POSITION_TABLE = Weighted(POSITION_WEIGHTS)
SUBJECT_TABLE = Weighted(SUBJECT_WEIGHTS)
CAPACITY_TABLE = Weighted(CAPACITY_WEIGHTS)
FORMAT_COUNT_TABLE = Weighted(FORMAT_COUNT_WEIGHTS)
FORMAT_TABLES = {position: Weighted(weights) for position, weights in FORMAT_WEIGHTS.items()}
MODEL_COUNT_TABLE = Weighted(MODEL_COUNT_WEIGHTS)
YOUNG_SUBJECT_TABLE = Weighted(YOUNG_SUBJECT_WEIGHTS)
YOUNG_FORMAT_TABLE = Weighted(YOUNG_FORMAT_WEIGHTS)
YOUNG_FORMAT_COUNT_TABLE = Weighted(YOUNG_FORMAT_COUNT_WEIGHTS)
YOUNG_MODEL_TABLE = Weighted(dict.fromkeys(YOUNG_MODEL_CODES, 1))
EXPERT_AREA_COUNT_TABLES = {key: Weighted(weights) for key, weights in EXPERT_AREA_COUNT_WEIGHTS.items()}
EXPERT_AREA_TABLES = {position: Weighted(weights) for position, weights in EXPERT_AREA_WEIGHTS.items()}


def _subjects(rng: random.Random, position: str, ref: Reference, young: bool = False) -> tuple[str, ...]:
    if young:
        return (YOUNG_SUBJECT_TABLE.draw(rng),)
    if position != "teacher" and rng.random() < MANAGEMENT_SHARE:
        # Most heads and deputies still teach a class or two.
        chosen = {MANAGEMENT_SUBJECT, SUBJECT_TABLE.draw(rng)} if rng.random() < 0.6 else {MANAGEMENT_SUBJECT}
    else:
        subject = SUBJECT_TABLE.draw(rng)
        chosen = {subject}
        if subject in SUBJECT_PARTNERS and rng.random() < SUBJECT_PAIR_SHARE:
            chosen.add(_pick(rng, SUBJECT_PARTNERS[subject]))
    return tuple(slug for slug in ref.subject_slugs if slug in chosen)


def _levels(rng: random.Random, position: str, years: int) -> dict[str, int]:
    # On top of the position, each year of experience beyond a typical 18 adds a little to every score.
    strength = rng.gauss(0, STRENGTH_SPREAD) + (years - 18) * 0.15
    return {key: _fold(mean + strength + rng.gauss(0, LEVEL_SPREAD)) for key, mean in LEVEL_MEANS[position].items()}


def _fold(score: float) -> int:
    """A score within the range. Certified mentors all passed the threshold: a draw below it is mirrored above it
    rather than clamped, which would pile weak teachers up at exactly 60."""
    if score < LEVEL_MIN:
        score = 2 * LEVEL_MIN - score
    return min(LEVEL_MAX, max(LEVEL_MIN, round(score)))


# Bios --------------------------------------------------------------------------------------------------------------
# Templates mark gendered words as [masculine|feminine]; both variants are resolved once, at import time.

ROLE_TITLES = {
    "teacher": ("Учитель",),
    "deputy_head": (
        "Заместитель директора по учебно-воспитательной работе",
        "Заместитель директора по научно-методической работе",
        "Заместитель директора по воспитательной работе",
    ),
    "head": ("Директор школы",),
}
POSITION_SENTENCES = {
    "teacher": (
        "Руководит школьным методическим объединением.",
        "Классный руководитель, много лет ведёт выпускные классы.",
        "",
        "",
    ),
    # A primary-school teacher has no graduating classes (11th or 9th); the young have not led anything for years.
    "primary-school": (
        "Руководит методическим объединением учителей начальных классов.",
        "Классный руководитель, много лет ведёт классы с первого по четвёртый.",
        "",
        "",
    ),
    "young": (
        "Отвечает в школе за цифровые сервисы и помогает коллегам с ними.",
        "Ведёт кружок робототехники и 3D-моделирования.",
        "",
    ),
    "deputy_head": (
        "Координирует работу наставников школы и следит за профессиональными затруднениями молодых специалистов.",
        "Отвечает за методическую работу: организует открытые уроки, педагогические мастерские и взаимопосещения.",
        "Курирует школьную программу наставничества и каждый год анализирует её результаты.",
        "Помогает учителям проектировать индивидуальные траектории профессионального развития.",
    ),
    "head": (
        "[Выстроил|Выстроила] в школе систему, в которой у каждого молодого учителя есть наставник.",
        "Под [его|её] руководством школа стала стажировочной площадкой по наставничеству.",
        "Считает, что сильная школа начинается с поддержки молодых учителей в первые годы работы.",
        "Развивает управленческую команду школы: готовит заместителей и руководителей методических объединений.",
    ),
}
FORMAT_SENTENCES = {
    "adaptive": (
        "Работает в формате адаптивного наставничества: помогает молодым учителям освоиться в школе и остаться "
        "в профессии.",
        "Участвует в проекте «Учитель 2.0» и сопровождает начинающих педагогов в первые годы работы.",
    ),
    "accompanying": (
        "Выбирает сопровождающий формат: начинает с диагностики компетенций и вместе с коллегой проектирует "
        "индивидуальную траекторию развития.",
        "Сопровождает педагогов на портале развития профессиональных компетенций и помогает им составить план роста.",
    ),
    "developmental": (
        "Придерживается развивающего наставничества и опирается на инструменты недирективного лидерства.",
        "Помогает коллегам развивать личностные компетенции: умение договариваться, принимать решения и брать "
        "ответственность.",
    ),
    # The mentor is the younger colleague with the newer skill; the mentees are the more experienced ones.
    "reverse": (
        "Работает в реверсивном формате: как молодой педагог помогает опытным коллегам осваивать цифровые "
        "инструменты, а сам[|а] учится у них методике и классному руководству.",
        "Реверсивный наставник: помогает старшим коллегам работать с цифровыми сервисами, 3D-моделированием и "
        "робототехникой на уроках.",
    ),
    "expert": (
        "Входит в экспертно-профессиональное сообщество и консультирует педагогов и руководителей школ.",
        "Как эксперт проводит консультации для коллег из других школ муниципалитета.",
    ),
}
# "Подопечные" of a young reverse mentor are older colleagues; the phrases fit either.
MODEL_PHRASES = {
    "teaching": "передаёт подопечным профессиональные ценности и традиции школы",
    "competence": "добивается того, чтобы новое сразу находило применение на уроке",
    "reflexive": "после каждого посещения урока даёт подробную и доброжелательную обратную связь",
    "development": "не даёт готовых решений, а помогает анализировать собственный опыт",
    "sponsor": "знакомит подопечных с профессиональными сообществами района и республики",
    "educator": "подбирает для подопечных курсы, стажировки и методические материалы",
}
# {model} is one of MODEL_PHRASES; most of these sentences name the mentor's role in a different grammatical form.
MODEL_SENTENCES = (
    "Как наставник {model}.",
    "В наставнической работе {model}.",
    "Считает, что наставнику важно не контролировать, а поддерживать, поэтому {model}.",
    "Работая с молодыми коллегами, {model}.",
    "В работе с молодыми специалистами {model}.",
)
# A young mentor's mentees are older colleagues: none of the sentences about "young colleagues".
YOUNG_MODEL_SENTENCES = MODEL_SENTENCES[:3]
MENTORING_SENTENCES = (
    "За годы работы [подготовил|подготовила] не одного молодого учителя; некоторые из бывших подопечных сами стали "
    "наставниками.",
    "Член Республиканского совета наставников.",
    "Делится опытом наставничества на муниципальных семинарах и стажировочных площадках.",
    "Молодые коллеги ценят [его|её] как внимательного и требовательного наставника.",
    "[Стал|Стала] наставником, чтобы помочь молодым учителям пройти трудный первый год и остаться в профессии.",
    "Проводит встречи для наставников и молодых специалистов муниципалитета.",
    "[Уверен|Уверена]: наставничество — это партнёрство, в котором растут оба участника.",
    "Помогает наставникам других школ выстраивать программы сопровождения.",
    "Автор методических рекомендаций по организации наставничества в школе.",
    "[Прошёл|Прошла] обучение и сертификацию компетенций наставника.",
    "Проводит открытые уроки вместе с подопечными, а затем подробно разбирает их.",
    "Считает главным в работе с молодым учителем доверие и честную обратную связь.",
    "Считает, что наставники нужны не только новичкам, но и опытным учителям, которые осваивают новое.",
)
# What a mentor with a few years of service can say of themselves (the others speak of years of mentoring).
YOUNG_MENTORING_SENTENCES = (
    "[Прошёл|Прошла] обучение и сертификацию компетенций наставника.",
    "Считает, что наставники нужны не только новичкам, но и опытным учителям, которые осваивают новое.",
    "[Уверен|Уверена]: наставничество — это партнёрство, в котором растут оба участника.",
    "Проводит для коллег короткие практикумы по цифровым сервисам и разбирает с ними уроки, где эти сервисы помогают.",
)
EXPERT_AREA_PHRASES = {
    "state-education-policy": "государственной политики в сфере образования",
    "upbringing": "воспитательной работы и классного руководства",
    "career-guidance": "профориентации школьников",
    "mentoring": "организации наставничества в образовательной организации",
    "digital-didactics": "цифровой дидактики",
    "inclusive-education": "инклюзивного образования",
    "psycho-pedagogical-support": "психолого-педагогической поддержки детей и семей",
}
EXPERT_AREA_SENTENCES = (
    "Консультирует коллег по вопросам {areas}.",
    "Сфера экспертизы — вопросы {areas}.",
    "[Приглашён|Приглашена] экспертом по вопросам {areas}.",
)
# The topics of the third paragraph; those about senior pupils are left out for primary-school teachers.
TOPIC_SENTENCES = (
    "Руководит проектной деятельностью учащихся; [его|её] ученики — призёры республиканских конкурсов.",
    "Ведёт исследовательскую работу со школьниками и помогает молодым коллегам выстраивать её на уроке.",
    "Занимается функциональной грамотностью: составляет задания на основе реальных жизненных ситуаций.",
    "Много лет работает с детьми с ОВЗ и делится с коллегами опытом инклюзии.",
    "Отвечает за профориентацию старшеклассников и сотрудничество с предприятиями района.",
    "Активно использует цифровые инструменты: электронные тренажёры, онлайн-опросы, виртуальные лаборатории.",
    "Особое внимание уделяет работе с родителями: проводит семейные проектные мастерские и открытые уроки.",
    "Готовит учащихся к олимпиадам и научно-практическим конференциям.",
    "Автор методических разработок по формированию читательской и математической грамотности.",
    "Член жюри муниципального этапа конкурса «Учитель года».",
    "[Победитель|Победительница] муниципального этапа конкурса «Учитель года».",
    "Руководит сетевым проектом школ района по развитию естественно-научной грамотности.",
)
SENIOR_TOPICS = {
    "Отвечает за профориентацию старшеклассников и сотрудничество с предприятиями района.",
    "Готовит учащихся к олимпиадам и научно-практическим конференциям.",
}
PRIMARY_TOPIC_SENTENCES = tuple(sentence for sentence in TOPIC_SENTENCES if sentence not in SENIOR_TOPICS)
MOTTOS = (
    "Учитель живёт, пока учится.",
    "Лучший способ научиться — научить другого.",
    "Каждый урок — маленькое исследование.",
    "Не давать готовых ответов, а помогать их находить.",
    "Ошибка — это шаг к открытию.",
    "Учим не предмету, а мышлению.",
    "Вместе мы сильнее.",
)
MOTTO_INTROS = ("Педагогическое кредо:", "Девиз в работе:", "Любимые слова:")
MOTTO_SHARE = 0.4  # of the bios with a third paragraph
PARAGRAPH_COUNT_WEIGHTS = {1: 2, 2: 5, 3: 3}
# Not every bio talks about mentoring in so many words, so that a search for «наставник» has something to tell apart.
MENTORING_SENTENCE_SHARE = 0.5
PARAGRAPH_COUNT_TABLE = Weighted(PARAGRAPH_COUNT_WEIGHTS)
YEAR_FORMS = ("год", "года", "лет")

_GENDERED = re.compile(r"\[([^|\]]*)\|([^|\]]*)\]")


def _both_genders(text: str) -> tuple[str, str]:
    """(masculine, feminine) variants of a template with [masculine|feminine] marks."""
    return _GENDERED.sub(r"\1", text), _GENDERED.sub(r"\2", text)


def _resolve(templates):
    """Tuples of templates, or dicts of them, with every template split into its two genders."""
    if isinstance(templates, dict):
        return {key: _resolve(value) for key, value in templates.items()}
    return tuple(_both_genders(text) for text in templates)


POSITION_SENTENCES_G = _resolve(POSITION_SENTENCES)
YOUNG_MENTORING_SENTENCES_G = _resolve(YOUNG_MENTORING_SENTENCES)
PRIMARY_TOPIC_SENTENCES_G = _resolve(PRIMARY_TOPIC_SENTENCES)
FORMAT_SENTENCES_G = _resolve(FORMAT_SENTENCES)
MENTORING_SENTENCES_G = _resolve(MENTORING_SENTENCES)
EXPERT_AREA_SENTENCES_G = _resolve(EXPERT_AREA_SENTENCES)
TOPIC_SENTENCES_G = _resolve(TOPIC_SENTENCES)


def _plural(number: int, forms: tuple[str, str, str]) -> str:
    """Russian noun agreement: 21 год, 23 года, 25 лет, 11 лет."""
    if number % 10 == 1 and number % 100 != 11:
        return forms[0]
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return forms[1]
    return forms[2]


def _join_ru(items: list[str]) -> str:
    """«а», «а и б», «а, б и в»."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} и {items[-1]}"


def _role(rng: random.Random, position: str, subjects: tuple[str, ...], years: int) -> str:
    title = _pick(rng, ROLE_TITLES[position])
    taught = [SUBJECT_GENITIVE[slug] for slug in subjects if slug in SUBJECT_GENITIVE]
    if taught:
        title = f"{title} {_join_ru(taught)}" if position == "teacher" else f"{title}, учитель {_join_ru(taught)}"
    return f"<strong>{title}</strong>, педагогический стаж — {years} {_plural(years, YEAR_FORMS)}."


def _bio(rng: random.Random, mentor: dict, female: bool) -> str:
    """One to three paragraphs: who the mentor is, how they mentor, what else they do."""
    g = int(female)
    position = mentor["position"]
    young = REVERSE in mentor["format_codes"]
    primary = "primary-school" in mentor["subject_slugs"]
    sentences_key = "young" if young else "primary-school" if primary and position == "teacher" else position
    first = [_role(rng, position, mentor["subject_slugs"], mentor["years_experience"])]
    first.append(_pick(rng, POSITION_SENTENCES_G[sentences_key])[g])
    # A young mentor's bio always says that they mentor older colleagues, not the other way round.
    shown_format = REVERSE if young else _pick(rng, mentor["format_codes"])
    first.append(_pick(rng, FORMAT_SENTENCES_G[shown_format])[g])
    paragraphs = [first]
    count = PARAGRAPH_COUNT_TABLE.draw(rng)
    if count >= 2:
        second = []
        if mentor["model_codes"]:
            model = MODEL_PHRASES[_pick(rng, mentor["model_codes"])]
            second.append(_pick(rng, YOUNG_MODEL_SENTENCES if young else MODEL_SENTENCES).format(model=model))
        if not second or rng.random() < MENTORING_SENTENCE_SHARE:
            second.append(_pick(rng, YOUNG_MENTORING_SENTENCES_G if young else MENTORING_SENTENCES_G)[g])
        if mentor["expert_area_slugs"]:
            areas = _join_ru([EXPERT_AREA_PHRASES[slug] for slug in mentor["expert_area_slugs"]])
            second.append(_pick(rng, EXPERT_AREA_SENTENCES_G)[g].format(areas=areas))
        paragraphs.append(second)
    if count >= 3:
        third = [_pick(rng, PRIMARY_TOPIC_SENTENCES_G if primary else TOPIC_SENTENCES_G)[g]]
        if rng.random() < MOTTO_SHARE:
            third.append(f"{_pick(rng, MOTTO_INTROS)} <em>«{_pick(rng, MOTTOS)[:-1]}»</em>.")
        paragraphs.append(third)
    return "".join(f"<p>{' '.join(filter(None, sentences))}</p>" for sentences in paragraphs)


# People ------------------------------------------------------------------------------------------------------------


def _allocate_municipalities(rng: random.Random, count: int, slugs: tuple[str, ...]) -> list[str]:
    """A municipality per mentor, shuffled: the minimum for each when there are enough mentors, the rest by weight.

    Shares are apportioned rather than drawn so that Kazan and Naberezhnye Chelny lead for every seed.
    """
    minimum = MIN_PER_MUNICIPALITY if count >= MIN_PER_MUNICIPALITY * len(slugs) else 0
    weights = {slug: MUNICIPALITY_WEIGHTS.get(slug, 1) for slug in slugs}
    shares = _apportion(count - minimum * len(slugs), weights)
    allocated = [slug for slug in slugs for _ in range(minimum + shares[slug])]
    rng.shuffle(allocated)
    return allocated


def _apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Whole shares of ``total`` proportional to ``weights`` (largest remainder; ties go to the earlier key)."""
    weight_sum = sum(weights.values())
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    by_remainder = sorted(exact, key=lambda key: exact[key] - shares[key], reverse=True)
    for key in by_remainder[: total - sum(shares.values())]:
        shares[key] += 1
    return shares


def _name(rng: random.Random, tatar: bool, female: bool, taken: set | None) -> tuple[str, str, str]:
    """(last, first, patronymic), not in ``taken`` when it is given."""
    surnames, first_names, fathers = NAME_POOLS[tatar, female]
    while True:
        name = (_pick(rng, surnames), _pick(rng, first_names), PATRONYMICS[_pick(rng, fathers)][female])
        if taken is None or name not in taken:
            return name


def _mentor(
    rng: random.Random, username: str, slug: str, taken: set | None, ref: Reference, model_table: Weighted
) -> DemoMentor:
    position = POSITION_TABLE.draw(rng)
    female = rng.random() < FEMALE_SHARE[position]
    tatar = rng.random() < TATAR_SHARE.get(slug, TATAR_SHARE_DEFAULT)
    last_name, first_name, patronymic = _name(rng, tatar, female, taken)
    if taken is not None:
        taken.add((last_name, first_name, patronymic))
    young = position == "teacher" and rng.random() < YOUNG_TEACHER_SHARE
    if young:
        years = rng.randint(*YOUNG_YEARS)
        extra = YOUNG_FORMAT_TABLE.draw_some(rng, YOUNG_FORMAT_COUNT_TABLE.draw(rng))
        formats = tuple(code for code in ref.format_codes if code in {REVERSE, *extra})
        models = YOUNG_MODEL_TABLE.draw_some(rng, min(2, MODEL_COUNT_TABLE.draw(rng)))
    else:
        low, high, mode = EXPERIENCE[position]
        years = round(rng.triangular(low, high, mode))
        formats = FORMAT_TABLES[position].draw_some(rng, FORMAT_COUNT_TABLE.draw(rng))
        models = model_table.draw_some(rng, MODEL_COUNT_TABLE.draw(rng))
    area_count = EXPERT_AREA_COUNT_TABLES["expert" in formats].draw(rng)
    details = {
        "position": position,
        "subject_slugs": _subjects(rng, position, ref, young),
        "expert_area_slugs": EXPERT_AREA_TABLES[position].draw_some(rng, area_count),
        "format_codes": formats,
        "model_codes": models,
        "years_experience": years,
    }
    return DemoMentor(
        username=username,
        last_name=last_name,
        first_name=first_name,
        patronymic=patronymic,
        organisation=_organisation(rng, slug, ref),
        municipality_slug=slug,
        bio_html=_bio(rng, details, female),
        capacity=CAPACITY_TABLE.draw(rng),
        levels=_levels(rng, position, years),
        **details,
    )


def generate_demo_mentors(count: int = 300, seed: int = 2026) -> list[DemoMentor]:
    """``count`` demo mentors, the same ones for the same ``(count, seed)``.

    Usernames are ``mentor-0001`` and up (wider when ``count`` needs it); full names are unique for the first
    ``UNIQUE_NAMES_LIMIT`` mentors. With ``count >= 135`` every municipality has at least three mentors.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    ref = reference()
    model_table = Weighted(dict.fromkeys(ref.model_codes, 1))
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    width = max(4, len(str(count)))
    taken: set = set()
    mentors = []
    for number, slug in enumerate(_allocate_municipalities(rng, count, ref.municipality_slugs), start=1):
        unique = taken if number <= UNIQUE_NAMES_LIMIT else None
        mentors.append(_mentor(rng, f"{USERNAME_PREFIX}{number:0{width}d}", slug, unique, ref, model_table))
    return mentors


def _check_covers(table_name: str, keys, expected, *, exact: bool = True) -> None:
    unknown, missing = set(keys) - set(expected), set(expected) - set(keys)
    if unknown or (exact and missing):
        raise ValueError(f"{table_name} does not match the reference data: {sorted(unknown | missing)}")


def _check_tables(ref: Reference) -> None:
    """The tables must cover the reference data exactly (overrides may only name known keys): a new subject or
    municipality in the content files then fails loudly before the first mentor rather than as a KeyError halfway
    through a load."""
    _check_covers("SUBJECT_GENITIVE", [*SUBJECT_GENITIVE, MANAGEMENT_SUBJECT], ref.subject_slugs)
    _check_covers("SUBJECT_WEIGHTS", SUBJECT_WEIGHTS, SUBJECT_GENITIVE)
    partners = [*SUBJECT_PARTNERS, *(slug for slugs in SUBJECT_PARTNERS.values() for slug in slugs)]
    _check_covers("SUBJECT_PARTNERS", partners, SUBJECT_GENITIVE, exact=False)
    _check_covers("EXPERT_AREA_PHRASES", EXPERT_AREA_PHRASES, ref.expert_area_slugs)
    _check_covers("FORMAT_SENTENCES", FORMAT_SENTENCES, ref.format_codes)
    _check_covers("MODEL_PHRASES", MODEL_PHRASES, ref.model_codes)
    for position in POSITIONS:
        _check_covers(f"FORMAT_WEIGHTS[{position}]", FORMAT_WEIGHTS[position], ref.format_codes)
        _check_covers(f"EXPERT_AREA_WEIGHTS[{position}]", EXPERT_AREA_WEIGHTS[position], ref.expert_area_slugs)
    for table_name, table in (
        ("MUNICIPALITY_WEIGHTS", MUNICIPALITY_WEIGHTS),
        ("TATAR_SHARE", TATAR_SHARE),
        ("SCHOOL_NUMBERS", SCHOOL_NUMBERS),
        ("TOWNS", TOWNS),
    ):
        _check_covers(table_name, table, ref.municipality_slugs, exact=False)
    _check_covers("fathers' names", [*RUSSIAN_FATHER_NAMES, *TATAR_FATHER_NAMES], PATRONYMICS, exact=False)
