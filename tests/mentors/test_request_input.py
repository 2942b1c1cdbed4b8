"""The mentor's answers to requests refuse text that cannot be stored (issue 10, finding 6)."""

from django.urls import reverse

import pytest

from mentors.models import RequestStatus
from tests.mentors.helpers import pending

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_decline_reason_is_refused_and_changes_nothing(client, mentor, place):
    mentoring_request = pending(mentor, place)
    client.force_login(mentor.user)
    response = client.post(reverse("mentors:request_decline", args=[mentoring_request.pk]), {"reason": "Нет\x00мест"})
    assert response.status_code == 302
    mentoring_request.refresh_from_db()
    assert mentoring_request.status == RequestStatus.PENDING and mentoring_request.decline_reason == ""
