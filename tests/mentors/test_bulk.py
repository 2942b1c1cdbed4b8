"""Many mentors at once (the demo, the benchmark): the same rows, through the same builders, as one certification."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from mentors.certification.bulk import create_mentors
from mentors.certification.issuing import revoke
from mentors.certification.numbering import take_number
from mentors.models import Certificate, MentorProfile
from mentors.profiles import services
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

# A minute into the new year in Moscow, still the old year in UTC: the number's year is the local one.
NEW_YEAR = datetime(2026, 12, 31, 21, 1, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def people():
    """Three generated mentors (the shape of the demo's ``DemoMentor``), each in a municipality of their own."""
    return [
        SimpleNamespace(
            username=f"mentor-{number:04d}",
            last_name="Сафина",
            first_name=f"Алсу {number}",
            patronymic="Ринатовна",
            position="teacher",
            organisation=f"Школа № {number}",
            municipality_slug=MunicipalityFactory().slug,
            subject_slugs=(),
            expert_area_slugs=(),
            format_codes=("adaptive",),
            model_codes=(),
            bio_html="<p>Учитель.</p>",
            capacity=2,
            levels={"expert": 80.4, "communicative": 75, "managerial": 70, "research": 65, "project": 60},
        )
        for number in (1, 2, 3)
    ]


@pytest.fixture
def certified_course(course):
    course.certificate_prefix = "НП"
    course.certificate_validity_years = 3
    course.save()
    return course


def test_bulk_certificates_are_numbered_after_single_ones_in_the_local_year(people, certified_course):
    take_number("НП", 2027)
    assert create_mentors(people, certified_course, issued_at=lambda index, person: NEW_YEAR) == 3
    certificates = list(Certificate.objects.order_by("sequence"))
    assert [c.number for c in certificates] == ["НП-2027-000002", "НП-2027-000003", "НП-2027-000004"]
    assert {c.year for c in certificates} == {2027}
    assert {c.expires_on for c in certificates} == {date(2030, 1, 1)}
    # The snapshot of a single issue: every competency, rounded.
    assert {c.levels["expert"] for c in certificates} == {80}


def test_bulk_profiles_are_listed_as_saving_them_would_list_them(people, certified_course, superuser):
    create_mentors(people, certified_course, issued_at=lambda index, person: NEW_YEAR)
    profiles = list(MentorProfile.objects.select_related("municipality", "certificate").order_by("pk"))
    assert [p.is_listed for p in profiles] == [True, True, True]
    assert all(p.region_id == p.municipality.region_id for p in profiles)
    assert all(
        (p.position, p.organisation) == (p.user.learner.position, p.user.learner.organisation) for p in profiles
    )
    revoke(profiles[0].certificate, by=superuser, reason="Ошибка в данных")
    listed = list(MentorProfile.objects.order_by("pk").values_list("is_listed", flat=True))
    assert listed == [False, True, True]


def test_bulk_consent_is_the_version_publishing_records(people, certified_course, monkeypatch):
    monkeypatch.setattr(services, "PUBLICATION_CONSENT_VERSION", "2099-01")
    create_mentors(people, certified_course, issued_at=lambda index, person: NEW_YEAR)
    assert set(MentorProfile.objects.values_list("publication_consent_version", flat=True)) == {"2099-01"}


def test_unpublished_bulk_profiles_carry_no_consent(people, certified_course):
    create_mentors(people, certified_course, issued_at=lambda index, person: NEW_YEAR, published=False)
    profiles = MentorProfile.objects.all()
    assert {(p.is_published, p.is_listed, p.publication_consent_version, p.published_at) for p in profiles} == {
        (False, False, "", None)
    }
