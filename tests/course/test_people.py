"""People as the plugin sees them: names in Russian order with the learner profile's patronymic, and the profile made
when first needed, whatever the site's user model."""

from types import SimpleNamespace

from django.core.exceptions import ObjectDoesNotExist

import pytest

from course.models import Enrolment, LearnerProfile
from course.people import full_name, learner_of, short_name
from course.services import learner_profile
from tests.factories import UserFactory


class NamelessUser(SimpleNamespace):
    """A user model of a host site without Django's name fields and without a learner profile yet."""

    @property
    def learner(self):
        raise ObjectDoesNotExist

    def get_username(self) -> str:
        return self.email


def test_a_user_model_without_names_or_profile_is_called_by_its_username():
    person = NamelessUser(email="teacher@example.org")
    assert learner_of(person) is None
    assert full_name(person) == short_name(person) == "teacher@example.org"


@pytest.mark.django_db
def test_the_full_name_is_last_first_patronymic_from_the_profile():
    person = UserFactory(last_name="Гарипова", first_name="Алсу", patronymic="Ринатовна")
    assert full_name(person) == "Гарипова Алсу Ринатовна"
    assert short_name(person) == "Алсу Ринатовна"
    assert full_name(UserFactory(last_name="Смирнов", first_name="Андрей")) == "Смирнов Андрей"


@pytest.mark.django_db
def test_learner_profile_makes_one_profile_once():
    person = UserFactory()
    first = learner_profile(person)
    assert first.pk is not None and first.patronymic == ""
    fresh = type(person).objects.get(pk=person.pk)
    assert learner_profile(fresh) == first
    assert LearnerProfile.objects.filter(user=person).count() == 1


@pytest.mark.django_db
def test_the_first_enrolment_makes_the_learner_profile(course):
    person = UserFactory()
    Enrolment.objects.enrol(person, course)
    Enrolment.objects.enrol(person, course)
    assert LearnerProfile.objects.filter(user=person).count() == 1


@pytest.mark.django_db
def test_an_enrolment_keeps_the_details_of_an_existing_profile(course):
    person = UserFactory(organisation="Гимназия № 7")
    Enrolment.objects.enrol(person, course)
    assert LearnerProfile.objects.get(user=person).organisation == "Гимназия № 7"
