"""Many certified mentors at once, for the demo and the benchmark: the rows the certification makes, built by the same
functions (``build_certificate``, ``build_profile``, ``record_consent``), written in batches (bulk inserts and one
bulk index update per batch) instead of one request each."""

from collections import Counter
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from wagtail.search.backends import get_search_backends

from course.models import CoursePage, ExpertArea, LearnerProfile, Municipality, Subject
from mentors.certification.issuing import build_certificate
from mentors.certification.numbering import take_numbers
from mentors.models.certificates import Certificate
from mentors.models.profiles import MentorFormat, MentorProfile
from mentors.profiles.services import build_profile, record_consent, slug_base

UNUSABLE_PASSWORD = make_password(None)


def create_mentors(people, course: CoursePage, issued_at, *, published: bool = True, batch_size: int = 2000):
    """Users, certificates and (published) profiles for ``people`` (``demo.people.DemoMentor``);
    ``issued_at(index, person) -> datetime``. Returns the number created."""
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    subjects = dict(Subject.objects.values_list("slug", "pk"))
    areas = dict(ExpertArea.objects.values_list("slug", "pk"))
    created = 0
    for start in range(0, len(people), batch_size):
        batch = people[start : start + batch_size]
        with transaction.atomic():
            created += _create_batch(batch, start, course, issued_at, published, municipalities, subjects, areas)
    return created


def _create_batch(batch, offset, course, issued_at, published, municipalities, subjects, areas) -> int:
    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [
            user_model(
                username=person.username,
                email=f"{person.username}@example.org",
                first_name=person.first_name,
                last_name=person.last_name,
                password=UNUSABLE_PASSWORD,
            )
            for person in batch
        ]
    )
    if users and users[0].pk is None:  # backends that do not return ids from bulk inserts
        users = list(user_model.objects.filter(username__in=[p.username for p in batch]).order_by("pk"))
    learners = LearnerProfile.objects.bulk_create(
        [
            LearnerProfile(
                user=user,
                patronymic=person.patronymic,
                organisation=person.organisation,
                position=person.position,
                municipality=municipalities.get(person.municipality_slug),
            )
            for user, person in zip(users, batch, strict=True)
        ]
    )
    for user, learner in zip(users, learners, strict=True):
        user.learner = learner  # the holder's name below reads the patronymic
    dates = [issued_at(offset + index, person) for index, person in enumerate(batch)]
    numbers = numbers_by_year(course.certificate_prefix, dates)
    certificates = Certificate.objects.bulk_create(
        [
            build_certificate(user, course, person.levels, issued_at=when, sequence=number)
            for user, person, when, number in zip(users, batch, dates, numbers, strict=True)
        ]
    )
    if certificates and certificates[0].pk is None:
        by_user = {c.user_id: c for c in Certificate.objects.filter(user__in=users, course=course)}
        certificates = [by_user[user.pk] for user in users]
    profiles = [
        build_mentor_profile(person, certificate, published=published)
        for person, certificate in zip(batch, certificates, strict=True)
    ]
    profiles = MentorProfile.objects.bulk_create(profiles)
    if profiles and profiles[0].pk is None:
        by_user = {p.user_id: p for p in MentorProfile.objects.filter(user__in=users)}
        profiles = [by_user[user.pk] for user in users]
    MentorFormat.objects.bulk_create(
        [
            MentorFormat(profile=profile, format=code)
            for profile, person in zip(profiles, batch, strict=True)
            for code in person.format_codes
        ]
    )
    MentorProfile.subjects.through.objects.bulk_create(
        [
            MentorProfile.subjects.through(mentorprofile_id=profile.pk, subject_id=subjects[slug])
            for profile, person in zip(profiles, batch, strict=True)
            for slug in person.subject_slugs
            if slug in subjects
        ]
    )
    MentorProfile.expert_areas.through.objects.bulk_create(
        [
            MentorProfile.expert_areas.through(mentorprofile_id=profile.pk, expertarea_id=areas[slug])
            for profile, person in zip(profiles, batch, strict=True)
            for slug in person.expert_area_slugs
            if slug in areas
        ]
    )
    index_profiles([profile.pk for profile in profiles])
    return len(profiles)


def build_mentor_profile(person, certificate: Certificate, *, published: bool) -> MentorProfile:
    """The unsaved profile of a generated mentor (``DemoMentor``) with what the mentor would have filled in, and
    published with consent three days after the certificate when ``published``."""
    # The username's number keeps the slugs unique without a query per profile.
    slug = f"{slug_base(certificate.holder_name)}-{person.username.rsplit('-', 1)[-1]}"
    profile = build_profile(certificate, slug=slug)
    profile.models_practised = list(person.model_codes)
    profile.bio = person.bio_html
    profile.capacity = person.capacity
    if published:
        record_consent(profile, at=certificate.issued_at + timedelta(days=3))
    profile.derive_columns()  # what ``save`` would do; bulk inserts skip it
    return profile


def numbers_by_year(prefix: str, dates: list[datetime]) -> list[int]:
    """A certificate number for each date, taken per year in one locked step."""
    years = [timezone.localdate(when).year for when in dates]  # the year of the number, as in ``build_certificate``
    per_year = Counter(years)
    pools = {year: iter(take_numbers(prefix, year, count)) for year, count in sorted(per_year.items())}
    return [next(pools[year]) for year in years]


def index_profiles(profile_ids: list[int]) -> None:
    """One bulk update of the search index for the profiles, with what their search fields read prefetched, and of
    their search documents (``search_vector``: bulk inserts send no ``post_save``)."""
    MentorProfile.objects.filter(pk__in=profile_ids).update_search_vector()
    profiles = list(MentorProfile.get_indexed_objects().filter(pk__in=profile_ids))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(MentorProfile, profiles)
