"""Factories of certificates and mentor profiles (published and listed unless told otherwise)."""

from django.utils import timezone

from wagtail.search import index

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from mentors.models import Certificate, MentorFormat, MentorProfile, MentorRegistryPage
from tests.factories import UserFactory

LEVELS = {"expert": 80, "communicative": 75, "managerial": 70, "research": 65, "project": 60}


class MentorRegistryPageFactory(wagtail_factories.PageFactory):
    title = "Реестр наставников"
    slug = "mentors"

    class Meta:
        model = MentorRegistryPage


class CertificateFactory(DjangoModelFactory):
    """Needs ``course=``; numbers come from a sequence (the locked counter is tested with the certification)."""

    user = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: f"НП-2026-{n + 1:06d}")
    year = 2026
    sequence = factory.Sequence(lambda n: n + 1)
    holder_name = factory.LazyAttribute(lambda obj: obj.user.get_full_name())
    course_title = factory.LazyAttribute(lambda obj: obj.course.title)
    hours = 72
    levels = factory.LazyFunction(lambda: dict(LEVELS))
    issued_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Certificate


class MentorProfileFactory(DjangoModelFactory):
    """``MentorProfileFactory(certificate__course=course, formats=["adaptive"], levels={...})``."""

    certificate = factory.SubFactory(CertificateFactory)
    user = factory.LazyAttribute(lambda obj: obj.certificate.user)
    slug = factory.Sequence(lambda n: f"mentor-{n}")
    display_name = factory.LazyAttribute(lambda obj: obj.certificate.holder_name)
    position = "teacher"
    organisation = "МБОУ «Гимназия № 1»"
    certified_at = factory.LazyAttribute(lambda obj: obj.certificate.issued_at)
    is_published = True

    class Meta:
        model = MentorProfile
        skip_postgeneration_save = True

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        self.set_levels(extracted or self.certificate.levels)
        if extracted:
            self.certificate.levels = {**self.certificate.levels, **extracted}
            self.certificate.save(update_fields=["levels"])
        self.save()

    @factory.post_generation
    def formats(self, create, extracted, **kwargs):
        for code in extracted or []:
            MentorFormat.objects.create(profile=self, format=code)

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        if extracted:
            self.subjects.set(extracted)

    @factory.post_generation
    def search_index(self, create, extracted, **kwargs):
        # Saving indexes the columns; related rows (subjects) are added after, so index once more with them.
        index.insert_or_update_object(self)
