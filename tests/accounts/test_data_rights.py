"""The person's data rights: the JSON copy of their data, the deletion of their account, and the same erasure by
staff in the admin on a written request."""

import io
import json

from django.contrib.auth import authenticate
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry

import pytest
from PIL import Image as PILImage

from accounts.consent import record_consent
from accounts.data_rights import ERASE_ACTION, PLACEHOLDER_DOMAIN
from accounts.models import User
from assessments import attempts, cases
from assessments.models import Answer, Attempt, CaseReview, CaseSubmission, CaseSubmissionVersion, CompetencyEvidence
from course.models import Enrolment, LessonCompletion
from mentors.models import Certificate, MentoringRequest, MentorProfile, RequestStatus
from mentors.profiles.photos import photo_collection
from tests.assessments.factories import AssessmentPageFactory, short_answer, single_choice
from tests.factories import TEST_PASSWORD, MunicipalityFactory, UserFactory
from tests.mentors.factories import MentorProfileFactory, MentorRegistryPageFactory

pytestmark = pytest.mark.django_db

DATA_URL = "/ru/accounts/data/"
DELETE_URL = "/ru/accounts/delete/"
# What only the other learner wrote or is called: none of it may reach Alsu's export.
OTHER_MARKERS = ["Посторонний", "Чужой", "other@example.org", "ЧУЖОЙ ОТВЕТ", "ЧУЖОЙ АНАЛИЗ", "stranger@school.example"]


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path, monkeypatch):
    """Files of this test's own, so that the sweep sees no other test's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # The PDFs' storage is bound to the field when the model is defined.
    monkeypatch.setattr(
        Certificate._meta.get_field("pdf"), "storage", FileSystemStorage(location=tmp_path / "private")
    )


def png() -> ContentFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 40), "teal").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="0123456789abcdef.png")


def request_to(profile, email, status, place, **fields):
    return MentoringRequest.objects.create(
        profile=profile,
        school=fields.pop("school", "МБОУ «Школа № 3»"),
        municipality=place,
        contact_name=fields.pop("contact_name", "Петрова Полина"),
        email=email,
        phone="+7 843 200-30-40",
        mentee_position="teacher",
        desired_format="adaptive",
        message="<p>Нужен наставник для молодого учителя.</p>",
        status=status,
        confirmed_at=None if status == RequestStatus.UNCONFIRMED else timezone.now(),
        **fields,
    )


def learner_record(user, course, lesson, case_study, test, reviewer, *, answer, analysis):
    """An enrolment, a lesson done, a graded attempt with a reviewed written answer, an accepted analysis."""
    Enrolment.objects.create(user=user, course=course)
    LessonCompletion.objects.create(user=user, lesson=lesson)
    attempt = attempts.start_attempt(user, test)
    for item in attempt.items:
        value = answer if item["type"] == "short_answer" else 1
        attempts.save_answer(attempt, item["id"], value, sequence=1)
    attempts.submit_attempt(attempt)
    written = Answer.objects.get(attempt=attempt, value=answer)
    attempts.review_written_answer(written, reviewer, 4, f"Отзыв на ответ: {answer}")
    cases.submit_analysis(user, case_study, f"<p>{analysis}</p>")
    submission = CaseSubmission.objects.get(user=user, case=case_study)
    criterion = case_study.rubric[0].id
    cases.review_submission(submission, reviewer, {criterion: 7}, f"<p>Отзыв на анализ: {analysis}</p>", "accepted")


@pytest.fixture
def world(home, course, module, lesson, case_study, superuser):
    """Alsu (a certified, listed mentor with a photo, who has also sent a request to another mentor) and another
    learner with a record of their own."""
    MentorRegistryPageFactory(parent=home)
    place = MunicipalityFactory(name="Казань", slug="kazan")
    test = AssessmentPageFactory(parent=module, slug="module-test", questions=[single_choice(), short_answer()])

    alsu = UserFactory(
        username="alsu",
        email="Alsu@Example.org",
        first_name="Алсу",
        last_name="Сафина",
        patronymic="Ринатовна",
        organisation="Гимназия № 7",
        position="teacher",
        municipality=place,
    )
    record_consent(alsu.learner)
    alsu.learner.save()
    photo = get_image_model().objects.create(title="Сафина Алсу", file=png(), collection=photo_collection())
    profile = MentorProfileFactory(
        certificate__user=alsu,
        certificate__course=course,
        slug="safina-alsu",
        display_name="Сафина Алсу Ринатовна",
        photo=photo,
        bio="<p>Учитель математики.</p>",
        publication_consent_at=timezone.now(),
        publication_consent_version="2026-11",
    )
    learner_record(alsu, course, lesson, case_study, test, superuser, answer="МОЙ ОТВЕТ", analysis="МОЙ АНАЛИЗ")

    other = UserFactory(username="other", email="other@example.org", first_name="Чужой", last_name="Посторонний")
    other_profile = MentorProfileFactory(
        certificate__user=other, certificate__course=course, slug="other-mentor", display_name="Посторонний Чужой"
    )
    learner_record(other, course, lesson, case_study, test, superuser, answer="ЧУЖОЙ ОТВЕТ", analysis="ЧУЖОЙ АНАЛИЗ")
    request_to(other_profile, "stranger@school.example.org", RequestStatus.PENDING, place)

    mentor3 = MentorProfileFactory(certificate__course=course, slug="third-mentor", display_name="Третий Наставник")
    mentor3.user.email = "third@example.org"
    mentor3.user.save()
    requests = {
        "pending": request_to(profile, "school1@example.org", RequestStatus.PENDING, place),
        "accepted": request_to(profile, "school2@example.org", RequestStatus.ACCEPTED, place),
        "unconfirmed": request_to(profile, "school3@example.org", RequestStatus.UNCONFIRMED, place),
        "declined": request_to(profile, "school4@example.org", RequestStatus.DECLINED, place),
        "sent": request_to(mentor3, "alsu@example.org", RequestStatus.PENDING, place, contact_name="Сафина Алсу"),
    }
    mail.outbox.clear()
    return {
        "alsu": alsu,
        "profile": profile,
        "photo": photo,
        "other": other,
        "other_profile": other_profile,
        "mentor3": mentor3,
        "requests": requests,
        "certificate": profile.certificate,
    }


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The copy of one's data ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [DATA_URL, DATA_URL + "?format=json", DELETE_URL])
def test_the_pages_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/ru/accounts/login/")


def test_the_page_explains_and_offers_the_download(world):
    response = logged_in(world["alsu"]).get(DATA_URL)
    assert response.status_code == 200
    assert 'href="?format=json"' in response.content.decode()
    profile_page = logged_in(world["alsu"]).get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:data") in profile_page and reverse("accounts:delete") in profile_page


def export(user) -> dict:
    response = logged_in(user).get(DATA_URL + "?format=json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return json.loads(response.content)


def test_the_download_holds_every_part(world):
    data = export(world["alsu"])
    assert data["account"]["email"] == "Alsu@Example.org" and data["learner_profile"]["patronymic"] == "Ринатовна"
    assert data["learner_profile"]["municipality"] == "Казань"
    assert [consent["consent"] for consent in data["consents"]] == [
        "personal_data_processing",
        "mentor_profile_publication",
    ]
    assert len(data["enrolments"]) == 1 and len(data["lessons_done"]) == 1
    [attempt] = data["attempts"]
    assert attempt["status"] == "graded" and attempt["percent"] is not None
    written = next(question for question in attempt["questions"] if question["type"] == "short_answer")
    assert written["prompt"] == "Опишите проект." and written["answer"] == "МОЙ ОТВЕТ"
    assert written["review"]["feedback"] == "Отзыв на ответ: МОЙ ОТВЕТ"
    choice = next(question for question in attempt["questions"] if question["type"] == "single_choice")
    assert choice["answer_text"] == "Вариант 2" and "correct" not in json.dumps(choice)
    [analysis] = data["case_analyses"]
    [version] = analysis["versions"]
    assert version["body"] == "<p>МОЙ АНАЛИЗ</p>" and version["review"]["decision"] == "accepted"
    assert version["review"]["criteria"][0]["points"] is not None
    assert data["competency_evidence"] and data["assessment_grades"]
    [certificate] = data["certificates"]
    assert certificate["number"] == world["certificate"].number and certificate["holder_name"]
    assert data["mentor_profile"]["slug"] == "safina-alsu" and data["mentor_profile"]["photo"]
    received = data["mentoring_requests_received"]
    assert sorted(item["status"] for item in received) == ["accepted", "declined", "pending"]
    assert "school1@example.org" not in json.dumps(received)  # the schools' contacts are theirs
    [sent] = data["mentoring_requests_sent"]
    assert sent["email"] == "alsu@example.org" and sent["contact_name"] == "Сафина Алсу"


def test_the_download_holds_nothing_of_anybody_else(world):
    text = json.dumps(export(world["alsu"]), ensure_ascii=False)
    for marker in OTHER_MARKERS:
        assert marker not in text
    assert world["other_profile"].certificate.number not in text


# --- Deleting one's account ------------------------------------------------------------------------------------------


def test_a_wrong_password_is_a_form_error_and_changes_nothing(world):
    response = logged_in(world["alsu"]).post(DELETE_URL, {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200 and response.context["form"].errors["password"]
    alsu = User.objects.get(pk=world["alsu"].pk)
    assert alsu.is_active and alsu.last_name == "Сафина" and alsu.check_password(TEST_PASSWORD)
    assert MentorProfile.objects.filter(pk=world["profile"].pk).exists()
    assert MentoringRequest.objects.count() == 6 and not mail.outbox


def test_without_the_confirmation_nothing_happens(world):
    response = logged_in(world["alsu"]).post(DELETE_URL, {"password": TEST_PASSWORD})
    assert response.status_code == 200 and response.context["form"].errors["confirm"]
    assert User.objects.get(pk=world["alsu"].pk).is_active


@pytest.fixture
def delete_account(world, django_capture_on_commit_callbacks):
    """Alsu deletes her account in her browser, which is returned; what waits for the commit (the letters, the
    deletion of files) runs."""

    def delete() -> Client:
        client = logged_in(world["alsu"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(DELETE_URL, {"password": TEST_PASSWORD, "confirm": "on"})
        assert response.status_code == 302 and response.url == reverse("accounts:deleted")
        return client

    return delete


def test_the_account_is_anonymised_and_nobody_can_log_in(world, client, delete_account):
    other_session = logged_in(world["alsu"])
    browser = delete_account()
    alsu = User.objects.get(pk=world["alsu"].pk)
    learner = alsu.learner
    assert (alsu.first_name, alsu.last_name, learner.patronymic, learner.organisation, learner.position) == ("",) * 5
    assert learner.municipality is None
    assert alsu.email.endswith("@" + PLACEHOLDER_DOMAIN) and "alsu" not in alsu.username
    # The record of the consent stays: when and to which text the person agreed.
    assert learner.personal_data_consent_at is not None
    assert not alsu.is_active and not alsu.has_usable_password() and alsu.personal_data_erased_at is not None
    assert authenticate(RequestFactory().post("/"), username="Alsu@Example.org", password=TEST_PASSWORD) is None
    response = client.post("/ru/accounts/login/", {"username": "Alsu@Example.org", "password": TEST_PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    # Every session of the account has ended: this browser and the other one.
    for session in (browser, other_session):
        assert session.get("/ru/dashboard/").status_code == 302


def test_the_mentor_leaves_the_registry_and_the_api(world, client, delete_account):
    assert client.get("/ru/mentors/safina-alsu/").status_code == 200
    delete_account()
    assert not MentorProfile.objects.filter(user=world["alsu"]).exists()
    assert client.get("/ru/mentors/safina-alsu/").status_code == 404
    assert "Сафина" not in client.get("/ru/mentors/").content.decode()
    slugs = [item["slug"] for item in client.get("/api/v1/mentors/").json()["results"]]
    assert "safina-alsu" not in slugs and "other-mentor" in slugs
    assert not get_image_model().objects.filter(pk=world["photo"].pk).exists()
    assert not world["photo"].file.storage.exists(world["photo"].file.name)


def test_the_certificate_check_page_says_the_data_were_removed(world, client, delete_account):
    certificate = world["certificate"]
    delete_account()
    certificate.refresh_from_db()
    assert certificate.holder_name == "" and certificate.holder_data_removed_at is not None
    assert certificate.number and certificate.course_title and certificate.hours == 72
    page = client.get(certificate.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200 and certificate.number in text
    assert "Сафина" not in text and "Алсу" not in text
    assert "данные владельца удалены" in text or "removed at their request" in text
    badge = client.get(reverse("mentors:certificate_badge", kwargs={"code": certificate.code}))
    credential = json.loads(badge.content)
    assert "Сафина" not in badge.content.decode() and "identifier" not in credential["credentialSubject"]
    assert client.get(reverse("mentors:certificate_pdf", kwargs={"code": certificate.code})).status_code == 410


def test_open_requests_are_closed_and_the_other_side_told_without_personal_data(world, delete_account):
    delete_account()
    assert not MentoringRequest.objects.filter(profile=world["profile"].pk).exists()
    assert not MentoringRequest.objects.filter(email__iexact="alsu@example.org").exists()
    assert MentoringRequest.objects.filter(profile=world["other_profile"]).count() == 1  # somebody else's
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["school1@example.org", "school2@example.org", "third@example.org"]
    for message in mail.outbox:
        for personal in ("Сафина", "Алсу", "alsu@", "Гимназия"):
            assert personal not in message.subject + message.body


def test_written_work_is_deleted_and_the_scores_stay(world, delete_account):
    evidence = CompetencyEvidence.objects.filter(user=world["alsu"]).count()
    delete_account()
    attempt = Attempt.objects.get(user=world["alsu"])
    assert attempt.percent is not None and attempt.status == "graded"
    written = Answer.objects.get(attempt=attempt, manual_points__isnull=False)
    assert written.value is None and written.feedback == "" and written.manual_points == 4
    assert CaseSubmission.objects.get(user=world["alsu"]).draft == ""
    versions = CaseSubmissionVersion.objects.filter(submission__user=world["alsu"])
    assert set(versions.values_list("body", flat=True)) == {""}
    review = CaseReview.objects.get(version__submission__user=world["alsu"])
    assert review.feedback == "" and review.total == 7
    assert CompetencyEvidence.objects.filter(user=world["alsu"]).count() == evidence
    # The other learner's work is untouched.
    assert Answer.objects.filter(value="ЧУЖОЙ ОТВЕТ").exists()


def test_self_deletion_is_logged_without_a_name(world, delete_account):
    delete_account()
    entry = ModelLogEntry.objects.get(action=ERASE_ACTION)
    assert entry.object_id == str(world["alsu"].pk) and "Сафина" not in entry.label
    assert entry.data["by_request_of"] == "holder" and entry.data["counts"]["mentor_profiles_deleted"] == 1


# --- Staff, on a written request -------------------------------------------------------------------------------------


def erase_url(user) -> str:
    return reverse("wagtailusers_users:erase", args=[user.pk])


def test_staff_erase_an_account_from_the_admin_with_a_log_entry(world, superuser):
    admin = logged_in(superuser)
    # The erasure in the admin runs the same service; its letters are tested above.
    listing = admin.get(reverse("wagtailusers_users:index")).content.decode()
    assert erase_url(world["alsu"]) in listing
    assert admin.get(erase_url(world["alsu"])).status_code == 200
    refused = admin.post(erase_url(world["alsu"]), {"reference": "вх. № 12 от 01.12.2026"})
    assert refused.status_code == 400 and User.objects.get(pk=world["alsu"].pk).is_active
    response = admin.post(erase_url(world["alsu"]), {"reference": "вх. № 12 от 01.12.2026", "confirm": "on"})
    assert response.status_code == 302
    alsu = User.objects.get(pk=world["alsu"].pk)
    assert not alsu.is_active and alsu.last_name == "" and alsu.personal_data_erased_at is not None
    entry = ModelLogEntry.objects.get(action=ERASE_ACTION, object_id=str(alsu.pk))
    assert entry.user_id == superuser.pk and entry.data["reference"] == "вх. № 12 от 01.12.2026"
    assert Certificate.objects.get(user=alsu).holder_data_removed_at is not None
    history = admin.get(reverse("wagtailusers_users:history", args=[alsu.pk]))
    assert history.status_code == 200 and "вх. № 12" in history.content.decode()
    # Once erased, there is nothing left to erase.
    assert admin.get(erase_url(alsu)).status_code == 302
    assert erase_url(alsu) not in admin.get(reverse("wagtailusers_users:index")).content.decode()


def test_only_staff_who_may_delete_users_may_erase(world):
    editor = UserFactory(username="editor", is_staff=True)
    editor.user_permissions.add(
        *User._meta.get_field("user_permissions").related_model.objects.filter(codename="access_admin")
    )
    response = logged_in(editor).post(erase_url(world["alsu"]), {"reference": "x", "confirm": "on"})
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
    assert User.objects.get(pk=world["alsu"].pk).is_active
