"""Mentor profiles: made at certification, published only with the mentor's recorded consent."""

import re

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from wagtail.search import index

from course.codes import Position
from course.people import learner_of
from mentors.models.profiles import RESERVED_SLUGS, MentorProfile
from mentors.models.requests import MentoringRequest, RequestStatus

# The version of the text the mentor agrees to when publishing; bump it when the wording of the consent
# (``PublicationForm.consent`` in ``mentors/profiles/forms.py``) changes.
PUBLICATION_CONSENT_VERSION = "2026-11"

LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", LATIN.split(" "), strict=True))
TRANSLIT.update({"ъ": "", "ь": "", "ә": "a", "ө": "o", "ү": "u", "җ": "zh", "ң": "n", "һ": "h"})


def slug_base(name: str) -> str:
    """A Latin slug from a Russian name (simplified GOST transliteration): «Сафина Алсу» -> ``safina-alsu``."""
    latin = "".join(TRANSLIT.get(char, char) for char in name.lower())
    return re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:60] or "mentor"


def unique_slug(name: str) -> str:
    base = slug_base(name)
    taken = set(MentorProfile.objects.filter(slug__startswith=base).values_list("slug", flat=True)) | RESERVED_SLUGS
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def build_profile(certificate, *, slug: str | None = None) -> MentorProfile:
    """An unsaved, unpublished profile filled from the learner's details, with the certificate's levels (read-only
    from now on). ``slug`` is for bulk inserts, which cannot ask the database for a free one per row."""
    learner = learner_of(certificate.user)
    profile = MentorProfile(
        user=certificate.user,
        certificate=certificate,
        slug=slug or unique_slug(certificate.holder_name),
        display_name=certificate.holder_name,
        position=(learner.position if learner else "") or Position.TEACHER,
        organisation=learner.organisation if learner else "",
        municipality=learner.municipality if learner else None,
        certified_at=certificate.issued_at,
        expires_on=certificate.expires_on,
    )
    profile.set_levels(certificate.levels)
    return profile


def create_profile_for(certificate) -> MentorProfile:
    profile = build_profile(certificate)
    profile.save()
    return profile


def record_consent(profile: MentorProfile, *, at) -> None:
    """Mark the profile published with the mentor's consent, its time and text version; the caller saves."""
    profile.is_published = True
    profile.published_at = at
    profile.publication_consent_at = at
    profile.publication_consent_version = PUBLICATION_CONSENT_VERSION


def publish(profile: MentorProfile) -> MentorProfile:
    """Show the profile in the registry; the consent is recorded with its time and text version."""
    record_consent(profile, at=timezone.now())
    profile.save()
    return profile


def unpublish(profile: MentorProfile) -> MentorProfile:
    profile.is_published = False
    profile.save()
    return profile


def reindex(profile: MentorProfile) -> None:
    """Refresh the search entry once related rows (subjects, areas) have changed; saving alone sees only columns."""
    transaction.on_commit(lambda: index.insert_or_update_object(profile))


def refresh_active_mentees(profile: MentorProfile) -> int:
    """Active mentees are the accepted requests not yet closed; availability follows from them."""
    counts = MentoringRequest.objects.filter(profile=profile).aggregate(
        active=Count("pk", filter=Q(status=RequestStatus.ACCEPTED))
    )
    MentorProfile.objects.filter(pk=profile.pk).update(active_mentees=counts["active"])
    profile.active_mentees = counts["active"]
    return profile.active_mentees
