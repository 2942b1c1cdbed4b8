import pytest

from mentors.filters import forget_reference_choices
from tests.mentors.factories import MentorProfileFactory, MentorRegistryPageFactory


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
