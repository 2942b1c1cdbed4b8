"""The host site's smoke test (``make plugin-check`` runs it in the new site's folder, with its virtualenv): a learner
signs in, enrols in the sample course, does each module's lesson and passes its test, passes the final, is certified
(the check page, the PDF, the Open Badges credential), publishes the mentor profile and is found in the registry;
each step through the site's own URLs."""

import os
import re
import sys

sys.path.insert(0, os.getcwd())  # the host site's packages
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings.dev")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from assessments.models import AssessmentGrade, AssessmentPage, Attempt  # noqa: E402
from course.models import CoursePage, Enrolment, LessonPage, ModulePage, Municipality  # noqa: E402
from mentors.models import Certificate, MentorProfile, MentorRegistryPage  # noqa: E402
from mentors.profiles.forms import MentorProfileForm  # noqa: E402


def expect(response, status: int, what: str):
    if response.status_code != status:
        raise SystemExit(f"{what}: HTTP {response.status_code}, expected {status}\n{response.content[:2000]!r}")
    print(f"ok  {what}", flush=True)
    return response


def pass_assessment(client: Client, user, page: AssessmentPage) -> None:
    expect(client.get(page.url), 200, f"{page.title}: the page")
    expect(client.post(reverse("assessments:start", args=[page.pk])), 302, f"{page.title}: start an attempt")
    attempt = Attempt.objects.filter(user=user, page=page).latest("pk")
    shown = expect(client.get(reverse("assessments:attempt", args=[attempt.pk])), 200, f"{page.title}: the attempt")
    sequence = re.search(r'name="sequence" value="(\d+)"', shown.content.decode())[1]
    # The learner knows the answers: the right option's place in the order this attempt shows them.
    answers = {
        f"q-{item['id']}": str(next(place for place, option in enumerate(item["options"]) if option.get("correct")))
        for item in attempt.items
    }
    submitted = client.post(reverse("assessments:submit", args=[attempt.pk]), {"sequence": sequence, **answers})
    expect(submitted, 302, f"{page.title}: hand in")
    grade = AssessmentGrade.objects.get(user=user, page=page)
    if not grade.passed:
        raise SystemExit(f"{page.title}: not passed ({grade.percent} %)")
    print(f"ok  {page.title}: passed with {grade.percent} %", flush=True)


def main() -> None:
    # The wheel's compiled catalogue is where Django looks for an installed app's translations.
    with translation.override("ru"):
        assert translation.gettext("Enrol in the course") != "Enrol in the course", "no Russian catalogue"
    print("ok  the plugin's Russian catalogue", flush=True)
    course = CoursePage.objects.live().get(slug="sample-course")
    anonymous = Client()
    landing = expect(anonymous.get(course.url), 200, "the course landing, anonymous")
    assert course.title in landing.content.decode()
    assert '<link rel="stylesheet" href="/static/course/mentor-lms.css">' in landing.content.decode()
    expect(anonymous.get("/static/course/mentor-lms.css"), 200, "the plugin's stylesheet")

    user = get_user_model().objects.create_user(
        username="learner", email="learner@example.org", password="a long sample passphrase"
    )
    user.first_name, user.last_name = "Anna", "Petrova"
    user.save()
    client = Client()
    if not client.login(username="learner", password="a long sample passphrase"):
        raise SystemExit("the learner cannot sign in")
    print("ok  the learner signs in", flush=True)

    expect(client.post(course.url + "enrol/"), 302, "enrol")
    assert Enrolment.objects.filter(user=user, course=course).exists()
    # Module by module (a module opens when the one before it is complete), then the final.
    for module in ModulePage.objects.live().child_of(course).order_by("number"):
        lesson = LessonPage.objects.live().child_of(module).get()
        expect(client.get(lesson.url), 200, f"{lesson.title}")
        expect(client.post(lesson.url + "done/"), 302, f"{lesson.title} marked done")
        pass_assessment(client, user, AssessmentPage.objects.live().child_of(module).get())
    pass_assessment(client, user, AssessmentPage.objects.live().child_of(course).get(kind="final"))

    certificate = Certificate.objects.get(user=user, course=course)
    print(f"ok  certified: {certificate.number}", flush=True)
    expect(client.get(reverse("dashboard")), 200, "the dashboard")
    expect(anonymous.get(reverse("mentors:certificate", args=[certificate.code])), 200, "the certificate's check")
    pdf = expect(client.get(reverse("mentors:certificate_pdf", args=[certificate.code])), 200, "the certificate's PDF")
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]).startswith(b"%PDF")
    expect(anonymous.get(reverse("mentors:certificate_badge", args=[certificate.code])), 200, "its Open Badge")

    profile = MentorProfile.objects.get(user=user)
    form = MentorProfileForm(instance=profile)
    data = {name: value for name, value in form.initial.items() if name in form.fields and value not in (None, "")}
    data.update(municipality=Municipality.objects.get(slug="sample-town").pk, formats=["adaptive"])
    data = {name: [str(item) for item in value] if isinstance(value, list) else value for name, value in data.items()}
    expect(client.post(reverse("mentors:mentor_profile"), data), 302, "the mentor profile saved")
    expect(client.post(reverse("mentors:mentor_publish"), {"consent": "on"}), 302, "the profile published")
    registry = MentorRegistryPage.objects.live().get()
    listing = expect(anonymous.get(registry.url), 200, "the registry")
    profile.refresh_from_db()
    if profile.display_name not in listing.content.decode():
        raise SystemExit(f"the registry does not list {profile.display_name!r}")
    print(f"ok  the registry lists {profile.display_name}", flush=True)


if __name__ == "__main__":
    main()
