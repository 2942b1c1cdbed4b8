"""The admin's site-history report lists certificate revocations (issue 10, finding 6): certificates have no edit
view, so their entries link to the inspect view, and the report never fails on them."""

from django.urls import reverse

import pytest

from demo.course import ensure_editors_group
from mentors.certification.issuing import revoke
from tests.factories import UserFactory
from tests.mentors.factories import CertificateFactory

pytestmark = pytest.mark.django_db

SITE_HISTORY = "wagtailadmin_reports:site_history"
INSPECT = "wagtailsnippets_mentors_certificate:inspect"


@pytest.fixture
def revoked(course, superuser):
    certificate = CertificateFactory(course=course)
    return revoke(certificate, by=superuser, reason="Ошибка в данных")


def test_a_superuser_sees_the_revocation_linked_to_the_certificate(client, superuser, revoked):
    client.force_login(superuser)
    response = client.get(reverse(SITE_HISTORY))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ошибка в данных" in html
    assert reverse(INSPECT, args=[revoked.pk]) in html


def test_an_editor_opens_the_report(client, revoked):
    editor = UserFactory(username="editor")
    editor.groups.add(ensure_editors_group())
    client.force_login(editor)
    response = client.get(reverse(SITE_HISTORY))
    assert response.status_code == 200
    # Editors may not look at certificates: no link to one.
    assert reverse(INSPECT, args=[revoked.pk]) not in response.content.decode()


def test_the_results_view_and_the_csv_export_answer_too(client, superuser, revoked):
    client.force_login(superuser)
    assert client.get(reverse("wagtailadmin_reports:site_history_results")).status_code == 200
    assert client.get(reverse(SITE_HISTORY), {"export": "csv"}).status_code == 200
