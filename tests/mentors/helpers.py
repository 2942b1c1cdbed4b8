"""Data the mentors' tests share: the registry's three mentors, a profile form's and a request form's data."""

from course.models import Subject
from mentors.models import MentoringRequest, RequestStatus
from tests.factories import MunicipalityFactory, RegionFactory

SCHOOL_EMAIL = "head@school40.example.org"
SCHOOL_PHONE = "+7 855 777-88-99"
MENTOR_EMAIL = "rustem.private@example.org"
CONTACTS = (SCHOOL_EMAIL, SCHOOL_PHONE, "777-88-99", MENTOR_EMAIL)

# The contract's parameters (DESIGN.md, "Public URLs and codes"); ``page`` belongs to the pagination.
PARAMETERS = [
    "q", "region", "municipality", "format", "subject", "position", "available", "min_expert",
    "min_communicative", "min_managerial", "min_research", "min_project", "sort", "page",
]  # fmt: skip


def create_places() -> dict:
    tatarstan = RegionFactory(name="Республика Татарстан", name_en="Republic of Tatarstan", slug="tatarstan")
    other = RegionFactory(name="Другой регион", name_en="Another region", slug="other-region")
    return {
        "kazan": MunicipalityFactory(region=tatarstan, name="Казань", name_en="Kazan", slug="kazan"),
        "arsk": MunicipalityFactory(region=tatarstan, name="Арский район", name_en="Arsky district", slug="arsky"),
        "far": MunicipalityFactory(region=other, name="Далёкий район", name_en="Far district", slug="far"),
    }


def create_mentors(make_mentor, places) -> dict:
    """Three mentors who differ in every filtered attribute; A and C write «наставник» (in some form), B does not."""
    maths = Subject.objects.create(name="Математика", name_en="Mathematics", slug="mathematics")
    physics = Subject.objects.create(name="Физика", name_en="Physics", slug="physics")
    return {
        "a": make_mentor(
            display_name="Абрамова Анна",
            municipality=places["kazan"],
            formats=["adaptive"],
            subjects=[maths],
            position="teacher",
            levels={"expert": 90, "communicative": 60, "managerial": 60, "research": 60, "project": 60},
            bio="<p>Опытный наставник молодых учителей.</p>",
            capacity=4,
        ),
        "b": make_mentor(
            display_name="Борисов Булат",
            municipality=places["arsk"],
            formats=["reverse", "expert"],
            subjects=[physics],
            position="head",
            levels={"expert": 70, "communicative": 95, "managerial": 92, "research": 70, "project": 80},
            bio="<p>Руковожу школой, веду проекты.</p>",
            capacity=1,
        ),
        "c": make_mentor(
            display_name="Валиева Венера",
            municipality=places["far"],
            formats=["accompanying"],
            position="deputy_head",
            levels={"expert": 65, "communicative": 70, "managerial": 75, "research": 88, "project": 66},
            bio="<p>Исследую вместе с наставниками и их подопечными.</p>",
        ),
    }


def profile_data(**overrides):
    """The mentor's profile form, filled in."""
    municipality = overrides.pop("municipality", None) or MunicipalityFactory()
    data = {
        "display_name": "Гарипова Алсу Ринатовна",
        "position": "teacher",
        "organisation": "МБОУ «Гимназия № 7»",
        "municipality": municipality.pk,
        "formats": ["adaptive", "reverse"],
        "models_practised": ["reflexive"],
        "bio": "Наставник молодых учителей.\n\nВторой абзац & выводы.",
        "capacity": 3,
    }
    return data | overrides


def profile_url(registry, mentor) -> str:
    return f"{registry.url}{mentor.slug}/"


def request_data(place, **overrides):
    """A school's mentoring request form, filled in."""
    return {
        "school": "МАОУ «Лицей № 40»",
        "municipality": place.pk,
        "contact_name": "Сидорова Софья",
        "email": SCHOOL_EMAIL,
        "phone": SCHOOL_PHONE,
        "mentee_position": "deputy_head",
        "desired_format": "developmental",
        "message": "Заместителю директора нужен наставник по управленческой компетенции.",
        "consent": "on",
        "website": "",
    } | overrides


def pending(mentor, place, **overrides):
    """A confirmed request waiting for the mentor's answer."""
    values = request_data(place) | overrides
    for name in ("consent", "website"):
        values.pop(name)
    values["municipality"] = place
    values.setdefault("status", RequestStatus.PENDING)
    return MentoringRequest.objects.create(profile=mentor, **values)
