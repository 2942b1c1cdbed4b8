"""The shape of the page tree: which page goes under which, that every type renders and can be made in the admin."""

from django.utils.text import slugify

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from assessments.models import AssessmentPage
from course.models import CaseStudyPage, CourseIndexPage, CoursePage, LessonPage, ModulePage
from mentors.models import MentorRegistryPage
from tests.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    ModulePageFactory,
    UserFactory,
    rubric_criterion,
)


def list_block(items):
    """ListBlock form data (inside ``nested_form_data``), the counterpart of ``streamfield`` for lists."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""} for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def rubric_form_value(criterion: dict) -> dict:
    return {**criterion, "levels": list_block(criterion["levels"])}


class PageTreeRulesTests(WagtailPageTestCase):
    def test_catalogue_sits_at_the_top_and_holds_courses_and_the_registry(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {Page})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage, MentorRegistryPage})

    def test_course_holds_modules_and_course_level_assessments(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        # A case study under the course is its capstone project.
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage, CaseStudyPage, AssessmentPage})

    def test_module_holds_lessons_case_studies_and_tests(self):
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage, CaseStudyPage, AssessmentPage})

    def test_assessments_sit_under_courses_and_modules(self):
        self.assertAllowedParentPageTypes(AssessmentPage, {CoursePage, ModulePage})
        self.assertAllowedSubpageTypes(AssessmentPage, set())

    def test_lessons_and_case_studies_are_leaves_under_modules(self):
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertAllowedParentPageTypes(CaseStudyPage, {ModulePage, CoursePage})  # the capstone under the course
        for model in (LessonPage, CaseStudyPage):
            with self.subTest(model=model.__name__):
                self.assertAllowedSubpageTypes(model, set())

    def test_no_skipping_levels(self):
        self.assertCanNotCreateAt(Page, CoursePage)
        self.assertCanNotCreateAt(Page, ModulePage)
        self.assertCanNotCreateAt(CourseIndexPage, ModulePage)
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertCanNotCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(CoursePage, CoursePage)
        self.assertCanNotCreateAt(ModulePage, ModulePage)


@pytest.mark.parametrize(
    ("fixture", "model", "url"),
    [
        ("home", CourseIndexPage, "/ru/"),
        ("course", CoursePage, "/ru/pedagogical-mentoring/"),
        ("module", ModulePage, "/ru/pedagogical-mentoring/module-1/"),
        ("lesson", LessonPage, "/ru/pedagogical-mentoring/module-1/what-is-mentoring/"),
        ("case_study", CaseStudyPage, "/ru/pedagogical-mentoring/module-1/young-teacher/"),
    ],
)
def test_every_page_type_renders_at_its_url(reader, request, fixture, model, url):
    client = reader
    page = request.getfixturevalue(fixture)
    assert page.url == url
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].specific_class is model
    assert response.context["page"].pk == page.pk
    html = response.content.decode()
    assert f"<h1>{page.title}</h1>" in html


class AdminCreationTests(WagtailPageTestCase):
    """Every page type can be created and published through the admin's add form."""

    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = CourseIndexPageFactory(parent=root)
        cls.course = CoursePageFactory(parent=cls.home, slug="course")
        cls.module = ModulePageFactory(parent=cls.course, slug="module", number=1)
        cls.admin = UserFactory(username="admin", is_staff=True, is_superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def created(self, model, title):
        return model.objects.get(slug=slugify(title))

    def test_create_catalogue(self):
        data = nested_form_data({"title": "Catalogue two", "slug": "catalogue-two", "intro": rich_text("<p>Hi</p>")})
        self.assertCanCreate(Page.get_first_root_node(), CourseIndexPage, data)
        page = CourseIndexPage.objects.get(slug="catalogue-two")
        self.assertTrue(page.live)
        self.assertIn("Hi", page.intro)

    def test_create_course(self):
        data = nested_form_data(
            {
                "title": "Mentoring basics",
                "summary": rich_text("<p>A short course.</p>"),
                "audience": rich_text(""),
                "delivery_format": rich_text(""),
                "hours": 36,
                "assessment_hours": 2,
                "outcomes": streamfield([("outcome", {"competency": "expert", "text": "Explains mentoring."})]),
                "bibliography": streamfield([]),
                "enrolment_open": "on",
                "sequential_modules": "on",
                "certification_level": 50,
                "overall_pass_level": 60,
                "band_basic": 50,
                "band_advanced": 70,
                "band_expert": 85,
                "issues_certificates": "on",
                "certificate_prefix": "НП",
            }
        )
        self.assertCanCreate(self.home, CoursePage, data)
        page = self.created(CoursePage, "Mentoring basics")
        self.assertEqual(page.hours, 36)
        self.assertEqual(page.outcomes[0].value["competency"], "expert")

    def test_create_module(self):
        data = nested_form_data(
            {
                "title": "Module two",
                "number": 2,
                "intro": rich_text("<p>About the module.</p>"),
                "objectives": streamfield([("objective", "Tell mentoring from coaching")]),
                "competency_tags": inline_formset([{"competency": "research"}], min=1, max=5),
                "hours_lectures": 3,
                "hours_practice": 1,
                "hours_cases": 2,
                "hours_independent": 1,
                "estimated_hours": 6,
            }
        )
        self.assertCanCreate(self.course, ModulePage, data)
        page = self.created(ModulePage, "Module two")
        self.assertEqual(page.competency_codes, ["research"])
        self.assertEqual(page.number, 2)
        self.assertEqual(page.estimated_hours, 7)  # the sum of the hours per form of work
        self.assertEqual(page.hours, 7)

    def test_create_lesson(self):
        data = nested_form_data(
            {
                "title": "What is mentoring",
                "summary": "The idea in brief.",
                "estimated_minutes": 25,
                "required": "on",
                "body": streamfield(
                    [
                        ("heading", {"text": "Definitions", "level": "h2"}),
                        ("paragraph", rich_text("<p>Mentoring is a relationship.</p>")),
                        ("reflection", {"prompt": "Who was your mentor?", "hint": ""}),
                    ]
                ),
            }
        )
        self.assertCanCreate(self.module, LessonPage, data)
        page = self.created(LessonPage, "What is mentoring")
        self.assertEqual([block.block_type for block in page.body], ["heading", "paragraph", "reflection"])

    def test_create_case_study(self):
        data = nested_form_data(
            {
                "title": "A difficult class",
                "kind": "case",
                "summary": "",
                "estimated_minutes": 60,
                "situation": rich_text("<p>The class does not listen.</p>"),
                "participants": streamfield([("participant", {"role": "Mentee", "description": "A new teacher"})]),
                "context": rich_text(""),
                "questions": streamfield([("question", "What would you do first?")]),
                "rubric": streamfield([("criterion", rubric_form_value(rubric_criterion(max_points=10)))]),
            }
        )
        self.assertCanCreate(self.module, CaseStudyPage, data)
        page = self.created(CaseStudyPage, "A difficult class")
        self.assertEqual(page.rubric_max_points, 10)

    def test_case_study_with_a_gap_in_the_rubric_is_refused(self):
        criterion = rubric_criterion(max_points=10, levels=[(0, 3), (5, 10)])
        data = nested_form_data(
            {
                "title": "Broken rubric",
                "slug": "broken-rubric",
                "estimated_minutes": 60,
                "situation": rich_text("<p>Text.</p>"),
                "participants": streamfield([]),
                "context": rich_text(""),
                "questions": streamfield([("question", "Why?")]),
                "rubric": streamfield([("criterion", rubric_form_value(criterion))]),
                "action-publish": "action-publish",
            }
        )
        response = self.client.post(f"/admin/pages/add/course/casestudypage/{self.module.pk}/", data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("rubric", response.context["form"].errors)
        self.assertFalse(CaseStudyPage.objects.filter(slug="broken-rubric").exists())

    def test_module_without_a_competency_is_refused(self):
        data = nested_form_data(
            {
                "title": "No competency",
                "slug": "no-competency",
                "number": 3,
                "intro": rich_text(""),
                "objectives": streamfield([]),
                "competency_tags": inline_formset([], min=1, max=5),
                "estimated_hours": 4,
                "action-publish": "action-publish",
            }
        )
        response = self.client.post(f"/admin/pages/add/course/modulepage/{self.course.pk}/", data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].formsets["competency_tags"].non_form_errors())
        self.assertFalse(ModulePage.objects.filter(slug="no-competency").exists())
