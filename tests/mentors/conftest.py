import pytest

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
