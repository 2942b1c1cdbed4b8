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


@pytest.mark.parametrize(
    "query",
    [
        "offset=²",  # str.isdigit() says yes, int() refuses it
        "id=" + "9" * 5000,  # int() refuses more than 4 300 digits
        "child_of=" + "9" * 20,
        "child_of=" + "٣" * 20,  # int() reads Arabic-Indic digits
        "id=9_999_999_999_999_999_999",  # and underscores
    ],
)
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_read_api_numbers_no_integer_can_take_are_a_400(client, home, endpoint, query):
    assert client.get(f"/api/v2/{endpoint}/?{query}").status_code == 400
