"""Certificates in the Wagtail admin: the read-only listing, the revocation with a reason, the report."""

import csv
import io
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

import pytest

from mentors.certification.admin_views import CertificatePermissionPolicy
from mentors.certification.issuing import revoke
from mentors.models import Certificate, CertificateStatus, MentorProfile
from tests.factories import ReviewerFactory, UserFactory
from tests.mentors.factories import CertificateFactory

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_mentors_certificate:list"
INSPECT = "wagtailsnippets_mentors_certificate:inspect"
HISTORY = "wagtailsnippets_mentors_certificate:history"
REVOKE = "mentors_certificate_revoke"
REPORT = "mentors_reports:certificates"


def ru(text: str) -> str:
    with translation.override("ru"):
        return translation.gettext(text)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def certificate(course):
    return CertificateFactory(course=course)


def test_the_urls_are_where_the_brief_says(certificate):
    assert reverse(LIST) == "/admin/certificates/"
    assert reverse(REVOKE, args=[certificate.pk]) == f"/admin/certificates/{certificate.pk}/revoke/"
    assert reverse(REPORT) == "/admin/reports/certificates/"


@pytest.mark.parametrize("url_name", [LIST, INSPECT, REVOKE])
def test_anonymous_visitors_are_sent_to_the_admin_login(client, certificate, url_name):
    url = reverse(url_name) if url_name == LIST else reverse(url_name, args=[certificate.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("url_name", [LIST, INSPECT, REVOKE])
def test_a_learner_cannot_open_the_admin_screens(client, certificate, url_name):
    client.force_login(UserFactory())
    url = reverse(url_name) if url_name == LIST else reverse(url_name, args=[certificate.pk])
    response = client.get(url)
    # Wagtail sends who may not use the admin to its login page.
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_staff_without_the_permission_cannot_revoke(client, certificate):
    client.force_login(ReviewerFactory(permissions=["wagtailadmin.access_admin", "mentors.view_certificate"]))
    assert client.get(reverse(LIST)).status_code == 200
    for response in (
        client.get(reverse(REVOKE, args=[certificate.pk])),
        client.post(reverse(REVOKE, args=[certificate.pk]), {"reason": "Нет"}),
    ):
        # Wagtail turns PermissionDenied in the admin into a redirect to the dashboard with a message.
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_staff_without_any_certificate_permission_do_not_see_the_listing(client, certificate):
    client.force_login(ReviewerFactory(permissions=["wagtailadmin.access_admin"]))
    response = client.get(reverse(LIST))
    assert response.status_code in (302, 403)


def test_staff_with_the_change_permission_may_revoke(client, certificate):
    client.force_login(ReviewerFactory(permissions=["wagtailadmin.access_admin", "mentors.change_certificate"]))
    response = client.post(reverse(REVOKE, args=[certificate.pk]), {"reason": "Ошибка в данных"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED


def test_nobody_may_add_or_delete_certificates(superuser, certificate):
    policy = CertificatePermissionPolicy(Certificate)
    assert policy.user_has_permission(superuser, "change")
    assert not policy.user_has_permission(superuser, "add")
    assert not policy.user_has_permission(superuser, "delete")
    assert not policy.user_has_permission_for_instance(superuser, "delete", certificate)
    assert not policy.users_with_permission("delete").exists()
    assert not policy.user_has_permission(AnonymousUser(), "change")


def test_the_listing_has_no_add_edit_or_delete(admin_client, certificate):
    html = admin_client.get(reverse(LIST)).content.decode()
    assert certificate.number in html and certificate.holder_name in html
    assert reverse(INSPECT, args=[certificate.pk]) in html
    assert reverse(REVOKE, args=[certificate.pk]) in html
    for path in ("/add/", "/edit/", "/delete/"):
        assert f"/admin/certificates{path}" not in html
        assert f"/admin/certificates/{certificate.pk}{path}" not in html


def test_the_listing_searches_and_filters(admin_client, course, superuser):
    anna = CertificateFactory(course=course, holder_name="Анна Сергеевна Ильина", year=2025)
    boris = CertificateFactory(course=course, holder_name="Борис Петрович Юсупов")
    revoke(boris, by=superuser, reason="Ошибка")

    def numbers(**params):
        response = admin_client.get(reverse(LIST), params)
        assert response.status_code == 200
        return {certificate.number for certificate in response.context["object_list"]}

    assert numbers(q="Ильина") == {anna.number}
    assert numbers(q=boris.number) == {boris.number}
    assert numbers(status="revoked") == {boris.number}
    assert numbers(status="valid") == {anna.number}
    assert numbers(year="2025") == {anna.number}
    assert numbers(year="not-a-year") == {anna.number, boris.number}  # an invalid filter is shown, not applied


def test_the_listing_costs_the_same_queries_for_2_and_12_certificates(admin_client, course):
    def count() -> int:
        admin_client.get(reverse(LIST))
        with CaptureQueriesContext(connection) as context:
            assert admin_client.get(reverse(LIST)).status_code == 200
        return len(context)

    CertificateFactory.create_batch(2, course=course)
    few = count()
    CertificateFactory.create_batch(10, course=course)
    assert count() == few


def test_the_inspect_view_shows_every_field_and_the_revoke_button(admin_client, certificate):
    html = admin_client.get(reverse(INSPECT, args=[certificate.pk])).content.decode()
    assert certificate.number in html and certificate.code in html and certificate.holder_name in html
    assert reverse(REVOKE, args=[certificate.pk]) in html
    assert certificate.get_absolute_url() in html


def test_a_superuser_revokes_with_a_reason(admin_client, superuser, registry, make_mentor, client):
    profile = make_mentor(display_name="Ильдар Сафин")
    certificate = profile.certificate
    assert MentorProfile.objects.listed().filter(pk=profile.pk).exists()

    form = admin_client.get(reverse(REVOKE, args=[certificate.pk]))
    assert form.status_code == 200
    assert 'name="reason"' in form.content.decode()

    response = admin_client.post(
        reverse(REVOKE, args=[certificate.pk]), {"reason": "  Подложный документ об образовании "}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(LIST)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revocation_reason == "Подложный документ об образовании"
    assert certificate.revoked_by == superuser
    entry = ModelLogEntry.objects.get(action="mentors.certificate.revoke", object_id=str(certificate.pk))
    assert entry.user == superuser
    assert not MentorProfile.objects.listed().filter(pk=profile.pk).exists()

    check = client.get(certificate.get_absolute_url()).content.decode()
    assert "certificate-status--revoked" in check and "Подложный документ об образовании" in check

    history = admin_client.get(reverse(HISTORY, args=[certificate.pk])).content.decode()
    assert "Подложный документ об образовании" in history


def test_the_log_action_is_registered(db):
    assert log_registry.action_exists("mentors.certificate.revoke")


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_a_bad_reason_is_refused_and_nothing_changes(admin_client, certificate, reason):
    response = admin_client.post(reverse(REVOKE, args=[certificate.pk]), {"reason": reason})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID and certificate.revocation_reason == ""
    assert not ModelLogEntry.objects.filter(action="mentors.certificate.revoke").exists()


def test_revoking_twice_shows_a_message_instead(admin_client, certificate, superuser):
    admin_client.post(reverse(REVOKE, args=[certificate.pk]), {"reason": "Первая причина"})
    response = admin_client.post(reverse(REVOKE, args=[certificate.pk]), {"reason": "Вторая причина"}, follow=True)
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Первая причина"
    assert ModelLogEntry.objects.filter(action="mentors.certificate.revoke").count() == 1
    messages = [str(message) for message in response.context["messages"]]
    assert any(certificate.number in message for message in messages)
    assert admin_client.get(reverse(REVOKE, args=[certificate.pk])).status_code == 302


def test_an_unknown_certificate_is_404(admin_client, db):
    assert admin_client.get(reverse(REVOKE, args=[999999])).status_code == 404


# --- Report ---------------------------------------------------------------------------------------------------------


def test_the_report_counts_certificates_per_month_and_course(admin_client, course, superuser):
    may = timezone.make_aware(datetime(2026, 5, 14, 12))
    june = timezone.make_aware(datetime(2026, 6, 2, 12))
    CertificateFactory.create_batch(3, course=course, issued_at=may)
    revoked, *_rest = CertificateFactory.create_batch(2, course=course, issued_at=june)
    revoke(revoked, by=superuser, reason="Ошибка")

    response = admin_client.get(reverse(REPORT))
    assert response.status_code == 200
    assert course.title in response.content.decode()

    export = admin_client.get(reverse(REPORT), {"export": "csv"})
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[1:] == [["2026-06", course.title, "2", "1"], ["2026-05", course.title, "3", "0"]]


def test_the_report_is_in_the_reports_menu(admin_client, db):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(REPORT) in html


def test_a_learner_cannot_open_the_report(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse(REPORT))
    assert response.status_code in (302, 403)
