"""The learner's certification panel and the mentor's own profile: edit, publish with consent, hide."""

import io

from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

import pytest
from PIL import Image as PILImage

from assessments import dashboard as assessments_dashboard
from assessments import evidence
from course.models import Enrolment
from course.progress import course_progress
from mentors.certification import dashboard as certification_dashboard
from mentors.certification.issuing import issue_certificate, revoke
from mentors.models import MentorProfile
from mentors.profiles.services import PUBLICATION_CONSENT_VERSION
from tests.factories import TEST_PASSWORD, UserFactory
from tests.mentors.factories import LEVELS
from tests.mentors.helpers import profile_data

pytestmark = pytest.mark.django_db


def ru(text):
    with translation.override("ru"):
        return str(translation.gettext(text))


def test_a_learner_without_a_certificate_sees_the_checklist(client, course):
    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    client.force_login(user)
    response = client.get("/ru/dashboard/")
    html = response.content.decode()
    assert ru("The certificate is issued automatically once everything below is done.") in html
    assert ru("Final assessment passed") in html
    assert "checklist__item--missing" in html


def test_a_certified_learner_sees_the_certificate_and_its_links(client, certified):
    html = client.get("/ru/dashboard/").content.decode()
    assert certified.number in html
    assert reverse("mentors:certificate", kwargs={"code": certified.code}) in html
    assert reverse("mentors:certificate_pdf", kwargs={"code": certified.code}) in html
    assert reverse("mentors:mentor_profile") in html


def test_the_profile_page_needs_a_login_and_a_profile(client, course):
    url = reverse("mentors:mentor_profile")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_editing_the_profile_saves_it_clean(client, certified):
    response = client.post(reverse("mentors:mentor_profile"), profile_data())
    assert response.status_code == 302
    profile = MentorProfile.objects.get(pk=certified.profile.pk)
    assert sorted(profile.format_codes) == ["adaptive", "reverse"]  # the rows come in no particular order
    assert profile.models_practised == ["reflexive"]
    assert profile.bio == "<p>Наставник молодых учителей.</p><p>Второй абзац &amp; выводы.</p>"
    assert profile.capacity == 3
    assert profile.level_expert == LEVELS["expert"]  # the levels are not the mentor's to change


def test_html_in_the_bio_is_cleaned(client, certified):
    client.post(
        reverse("mentors:mentor_profile"), profile_data(bio="<p onclick='x()'>Текст</p><script>alert(1)</script>")
    )
    bio = MentorProfile.objects.get(pk=certified.profile.pk).bio
    assert "<script" not in bio and "onclick" not in bio and "Текст" in bio


def test_an_invalid_profile_is_refused_and_nothing_changes(client, certified):
    before = MentorProfile.objects.get(pk=certified.profile.pk)
    response = client.post(reverse("mentors:mentor_profile"), profile_data(bio="а" * 3001, capacity=99, formats=[]))
    assert response.status_code == 400
    form = response.context["form"]
    assert {"bio", "capacity", "formats"} <= set(form.errors)
    after = MentorProfile.objects.get(pk=certified.profile.pk)
    assert (after.bio, after.capacity) == (before.bio, before.capacity)


def png(size=(20, 20)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "photo.png"
    return buffer


def test_a_photo_becomes_a_wagtail_image_and_a_non_image_is_refused(client, certified):
    url = reverse("mentors:mentor_profile")
    assert client.post(url, profile_data(photo_upload=png())).status_code == 302
    assert MentorProfile.objects.get(pk=certified.profile.pk).photo is not None
    not_an_image = io.BytesIO(b"%PDF-1.4 not an image")
    not_an_image.name = "photo.png"
    response = client.post(url, profile_data(photo_upload=not_an_image))
    assert response.status_code == 400 and "photo_upload" in response.context["form"].errors


def test_publishing_needs_consent_and_records_it(client, certified):
    client.post(reverse("mentors:mentor_profile"), profile_data())
    client.post(reverse("mentors:mentor_publish"), {})
    profile = MentorProfile.objects.get(pk=certified.profile.pk)
    assert not profile.is_published and not MentorProfile.objects.listed().exists()

    client.post(reverse("mentors:mentor_publish"), {"consent": "on"})
    profile.refresh_from_db()
    assert profile.is_listed and profile.publication_consent_at is not None
    assert profile.publication_consent_version == PUBLICATION_CONSENT_VERSION

    client.post(reverse("mentors:mentor_unpublish"))
    profile.refresh_from_db()
    assert not profile.is_published and not MentorProfile.objects.listed().exists()


def test_publishing_needs_a_place_and_formats_first(client, certified):
    client.post(reverse("mentors:mentor_publish"), {"consent": "on"})
    assert not MentorProfile.objects.get(pk=certified.profile.pk).is_published


def test_a_revoked_certificate_cannot_be_published(client, certified, superuser):
    client.post(reverse("mentors:mentor_profile"), profile_data())
    revoke(certified, by=superuser, reason="Ошибка")
    client.post(reverse("mentors:mentor_publish"), {"consent": "on"})
    assert not MentorProfile.objects.listed().exists()


def test_publish_and_unpublish_are_post_only(client, certified):
    assert client.get(reverse("mentors:mentor_publish")).status_code == 405
    assert client.get(reverse("mentors:mentor_unpublish")).status_code == 405


def test_password_login_reaches_the_profile(client, course):
    user = UserFactory()
    issue_certificate(user, course, LEVELS)
    # The throttle (django-axes) needs the request of every authentication.
    client.login(request=HttpRequest(), username=user.username, password=TEST_PASSWORD)
    assert client.get(reverse("mentors:mentor_profile")).status_code == 200


@pytest.fixture
def profile_calls(monkeypatch):
    """Every computation of a competency profile, whichever app asks for it."""
    calls = []

    def counted(user, course, with_log=True):
        calls.append(course.pk)
        return evidence.competency_profile(user, course, with_log=with_log)

    monkeypatch.setattr(assessments_dashboard, "competency_profile", counted)
    monkeypatch.setattr(certification_dashboard, "competency_profile", counted)
    return calls


def test_the_checklist_reuses_the_competency_profile_of_the_assessments_panel(client, course, profile_calls):
    user = UserFactory()
    Enrolment.objects.create(user=user, course=course)
    client.force_login(user)
    html = client.get("/ru/dashboard/").content.decode()
    assert "checklist__item--missing" in html
    assert profile_calls == [course.pk]


def test_the_checklist_computes_the_profile_when_no_panel_holds_it(rf, course, profile_calls):
    request = rf.get("/ru/dashboard/")
    request.user = UserFactory()
    enrolment = Enrolment.objects.create(user=request.user, course=course)
    panels = []
    certification_dashboard.certification_panels(request, panels, [course_progress(request.user, course, enrolment)])
    assert profile_calls == [course.pk]
    assert not panels[0].context["rows"][0]["eligibility"].eligible
