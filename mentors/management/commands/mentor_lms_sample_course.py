"""A small real course for a new host: a catalogue, a course of two modules (each a lesson and its test), the final
assessment that certification asks for, the mentor registry and one municipality, under the default site's home
page.

``python manage.py mentor_lms_sample_course``: the pages are created once and published; run again, it changes
nothing. Every question is a single choice tagged with one of the five competencies, so that a learner who answers
well reaches every competency's level and is certified.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Site

from assessments.models import AssessmentPage
from course.codes import CompetencyCode
from course.models import CourseIndexPage, CoursePage, LessonPage, ModuleCompetency, ModulePage, Municipality, Region
from mentors.models import MentorRegistryPage

CATALOGUE_SLUG = "mentor-lms"


def question(competency: str, number: int) -> dict:
    return {
        "type": "single_choice",
        "value": {
            "competency": competency,
            "points": 1,
            "prompt": f"Sample question {number} ({competency}): which statement is right?",
            "explanation": "The lesson says so.",
            "options": [
                {"text": f"Statement {number}.1, as the lesson explains it", "correct": True},
                {"text": f"Statement {number}.2, as the lesson does not", "correct": False},
                {"text": f"Statement {number}.3, as nobody says", "correct": False},
            ],
        },
    }


def questions() -> list[dict]:
    return [question(code, number) for number, code in enumerate(CompetencyCode.values, start=1)]


def assessment(title: str, slug: str, kind: str) -> AssessmentPage:
    return AssessmentPage(
        title=title,
        slug=slug,
        kind=kind,
        summary="Five questions, one per competency.",
        questions=questions(),
        attempts_allowed=3,
        attempt_wait_hours=0,
        review_correctness="immediately",
        review_answers="immediately",
    )


class Command(BaseCommand):
    help = "Create a small sample course (two modules of a lesson and a test, the final) and the mentor registry."

    @transaction.atomic
    def handle(self, *args, **options):
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if CourseIndexPage.objects.child_of(home).filter(slug=CATALOGUE_SLUG).exists():
            self.stdout.write("The sample course is already there.")
            return
        catalogue = home.add_child(instance=CourseIndexPage(title="Courses", slug=CATALOGUE_SLUG))
        course = catalogue.add_child(
            instance=CoursePage(
                title="Sample course",
                slug="sample-course",
                summary="<p>A short course to try Mentor LMS.</p>",
                hours=2,
                issues_certificates=True,
                certificate_prefix="SC",
            )
        )
        # Two modules, each with a lesson and a test, and the final: every competency's level rests on three graded
        # pieces of work (assessments.policy.MIN_EVIDENCE_ITEMS), as a real course's does.
        for number, topic in ((1, "What a mentor does"), (2, "Planning the mentoring")):
            module = course.add_child(
                instance=ModulePage(
                    title=f"Module {number}",
                    slug=f"module-{number}",
                    number=number,
                    estimated_hours=1,
                    competency_tags=[ModuleCompetency(competency=code) for code in CompetencyCode.values],
                )
            )
            module.add_child(
                instance=LessonPage(
                    title=f"Lesson {number}",
                    slug=f"lesson-{number}",
                    summary=f"{topic}.",
                    estimated_minutes=20,
                    body=[{"type": "paragraph", "value": f"<p>{topic}: a mentor supports a new colleague.</p>"}],
                )
            )
            module.add_child(instance=assessment(f"Module {number} test", f"module-{number}-test", "module_test"))
        course.add_child(instance=assessment("Final assessment", "final-assessment", "final"))
        catalogue.add_child(instance=MentorRegistryPage(title="Mentor registry", slug="mentors"))
        # A graduate's profile names a municipality before it is published in the registry.
        region, _created = Region.objects.get_or_create(slug="sample-region", defaults={"name": "Sample region"})
        Municipality.objects.get_or_create(slug="sample-town", defaults={"name": "Sample town", "region": region})
        self.stdout.write(self.style.SUCCESS(f"Created the sample course at {course.url}"))
