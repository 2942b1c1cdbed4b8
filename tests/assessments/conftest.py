import pytest

from course.models import Enrolment
from tests.assessments.factories import AssessmentPageFactory
from tests.factories import UserFactory


@pytest.fixture
def module_test(module):
    return AssessmentPageFactory(parent=module, title="Тест по модулю 1", slug="module-1-test")


@pytest.fixture
def learner(course):
    user = UserFactory(username="learner-a", email="a@example.org")
    Enrolment.objects.create(user=user, course=course)
    return user


@pytest.fixture
def other_learner(course):
    user = UserFactory(username="learner-b", email="b@example.org")
    Enrolment.objects.create(user=user, course=course)
    return user
