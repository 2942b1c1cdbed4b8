"""Factories of the course page tree, the reference snippets and users.

Pages are built with wagtail_factories' ``PageFactory`` (``parent=`` adds the page under its parent and saves it);
StreamFields take raw stream data, which Wagtail converts on assignment.
"""

from django.conf import settings
from django.contrib.auth import get_user_model

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from course.models import (
    CaseStudyPage,
    Competency,
    CourseIndexPage,
    CoursePage,
    LearnerProfile,
    LessonPage,
    ModuleCompetency,
    ModulePage,
)

TEST_PASSWORD = "correct-horse-battery-staple"
LEARNER_PROFILE_FIELDS = (
    "patronymic",
    "organisation",
    "position",
    "municipality",
    "personal_data_consent_at",
    "personal_data_consent_version",
)


def rubric_criterion(*, title="Анализ проблемы", competency="expert", max_points=10, levels=None):
    """The raw value of a RubricCriterionBlock; the default levels cover 0..max_points without gaps."""
    if levels is None:
        middle = max_points // 2
        levels = [(0, middle), (middle + 1, max_points)]
    return {
        "title": title,
        "description": "Что оценивается.",
        "competency": competency,
        "max_points": max_points,
        "levels": [
            {"label": f"Уровень {number}", "min_points": low, "max_points": high, "descriptor": "Описание уровня."}
            for number, (low, high) in enumerate(levels, start=1)
        ],
    }


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Каталог курсов"
    slug = "catalogue"
    intro = "<p>Курсы института развития образования.</p>"

    class Meta:
        model = CourseIndexPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Курс {n}")
    summary = "<p>Интенсив для будущих наставников.</p>"
    hours = 72

    class Meta:
        model = CoursePage


class ModulePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Модуль {n}")
    number = factory.Sequence(lambda n: n + 1)
    estimated_hours = 4
    competency_tags = factory.LazyAttribute(
        lambda obj: [ModuleCompetency(competency=code) for code in obj.competencies]
    )

    class Params:
        competencies = ("expert",)

    class Meta:
        model = ModulePage


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Урок {n}")
    summary = "О чём этот урок."
    estimated_minutes = 30
    body = factory.LazyFunction(lambda: [{"type": "paragraph", "value": "<p>Текст урока.</p>"}])

    class Meta:
        model = LessonPage


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Кейс {n}")
    summary = "Профессиональная ситуация."
    estimated_minutes = 60
    situation = "<p>Молодой учитель не справляется с классом.</p>"
    questions = factory.LazyFunction(lambda: [{"type": "question", "value": "Что происходит?"}])
    rubric = factory.LazyFunction(lambda: [{"type": "criterion", "value": rubric_criterion()}])

    class Meta:
        model = CaseStudyPage


class CompetencyFactory(DjangoModelFactory):
    code = "expert"
    name = factory.LazyAttribute(lambda obj: f"Компетенция {obj.code}")

    class Meta:
        model = Competency


class UserFactory(DjangoModelFactory):
    """A user of the site's user model; the learner profile's fields (``patronymic=``, ``organisation=``,
    ``position=``, ``municipality=``, the consent's) make one with them."""

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda obj: f"{obj.username}@example.org")
    first_name = "Алсу"
    last_name = "Гарипова"
    password = factory.django.Password(TEST_PASSWORD)

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        learner = {name: kwargs.pop(name) for name in LEARNER_PROFILE_FIELDS if name in kwargs}
        user = super()._create(model_class, *args, **kwargs)
        if learner:
            user.learner = LearnerProfile.objects.create(user=user, **learner)
        return user


class RegionFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Регион {n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")

    class Meta:
        model = "course.Region"


class MunicipalityFactory(DjangoModelFactory):
    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Муниципалитет {n}")
    name_en = factory.Sequence(lambda n: f"Municipality {n}")
    slug = factory.Sequence(lambda n: f"municipality-{n}")

    class Meta:
        model = "course.Municipality"


REVIEWER_PERMISSIONS = ("wagtailadmin.access_admin", "assessments.change_casesubmission", "assessments.change_answer")


class ReviewerFactory(UserFactory):
    """A tutor who works the review queues in the admin; ``permissions=[...]`` ("app_label.codename") gives others."""

    username = factory.Sequence(lambda n: f"reviewer{n}")
    first_name = "Рустам"
    last_name = "Шайхутдинов"

    @factory.post_generation
    def permissions(obj, create, extracted, **kwargs):
        if not create:
            return
        permission_model = get_user_model()._meta.get_field("user_permissions").related_model
        for name in REVIEWER_PERMISSIONS if extracted is None else extracted:
            app_label, codename = name.split(".")
            obj.user_permissions.add(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )
