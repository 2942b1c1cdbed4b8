"""The mentor's profile under hostile input: the bio's size cap and markup guard, photos without metadata that only
listed mentors show, and text that cannot be stored."""

from unittest import mock

from django.urls import reverse

import pytest

from course import sanitize
from mentors.models import MentorProfile
from mentors.profile_forms import BIO_MAX_INPUT
from tests.mentors.test_dashboard import certified, profile_data  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "bio",
    [
        "а" * (BIO_MAX_INPUT + 1),  # the audit's 64 KB bio took 84 s
        "<ul><li>" * 700,
        "<p>Обо мне\x00</p>",
    ],
)
def test_a_hostile_bio_is_a_form_error_and_never_reaches_bleach(client, certified, bio):  # noqa: F811
    before = MentorProfile.objects.get(pk=certified.profile.pk).bio
    with mock.patch.object(sanitize._cleaner, "clean") as clean:
        response = client.post(reverse("mentors:mentor_profile"), profile_data(bio=bio))
    clean.assert_not_called()
    assert response.status_code == 400 and "bio" in response.context["form"].errors
    assert MentorProfile.objects.get(pk=certified.profile.pk).bio == before
