import pytest

from course.models import Enrolment
from mentors.certification.issuing import issue_certificate
from mentors.registry.filters import forget_reference_choices
from tests.factories import MunicipalityFactory, UserFactory
from tests.mentors.factories import LEVELS, MentorProfileFactory, MentorRegistryPageFactory
from tests.mentors.helpers import MENTOR_EMAIL, create_mentors, create_places


@pytest.fixture
def registry(home):
    return MentorRegistryPageFactory(parent=home)


@pytest.fixture
def make_mentor(course):
    """``make_mentor(display_name=..., formats=[...], levels={...}, municipality=..., ...)``: a listed mentor."""

    def make(**kwargs):
        kwargs.setdefault("certificate__course", course)
        return MentorProfileFactory(**kwargs)

    return make


@pytest.fixture(autouse=True)
def _fresh_reference_choices():
    """The registry's choices are cached (per language): a rolled-back test's regions must not show in the next."""
    forget_reference_choices()
    yield
    forget_reference_choices()


@pytest.fixture
def places(db):
    """Kazan and the Arsky district in Tatarstan, a far district in another region."""
    return create_places()


@pytest.fixture
def mentors(registry, make_mentor, places):
    """The registry's three mentors A, B, C (``create_mentors``)."""
    return create_mentors(make_mentor, places)


@pytest.fixture
def certified(client, course):
    """A certificate (and its unpublished profile) of a learner the client is logged in as."""
    user = UserFactory(first_name="Алсу", last_name="Гарипова", patronymic="Ринатовна")
    Enrolment.objects.create(user=user, course=course)
    certificate = issue_certificate(user, course, LEVELS)
    client.force_login(user)
    return certificate


@pytest.fixture
def place(db):
    return MunicipalityFactory(name="Набережные Челны", slug="chelny")


@pytest.fixture
def mentor(registry, make_mentor):
    """A listed mentor with one free place who takes requests for the developmental format."""
    profile = make_mentor(display_name="Зарипов Рустем", formats=["developmental"], capacity=1)
    profile.user.email = MENTOR_EMAIL
    profile.user.save()
    return profile
