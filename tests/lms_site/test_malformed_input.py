"""Malformed input is a 400, a 404 or a form error, never a 500 (issue 10, finding 6)."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/ru/assessments/{n}/start/",
        "/ru/cases/{n}/analysis/",
        "/ru/attempts/{n}/",
        "/ru/certificates/achievements/{n}/",
        "/ru/dashboard/requests/{n}/accept/",
        "/badges/status/{n}",
    ],
)
@pytest.mark.parametrize("number", [2**63, 10**20])
def test_ids_beyond_64_bits_are_not_found(client, home, url, number):
    client.force_login(UserFactory())
    assert client.get(url.format(n=number), follow=True).status_code == 404
    assert client.post(url.format(n=number), follow=True).status_code in (404, 405)
