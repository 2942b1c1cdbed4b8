"""Editors build assessments in the admin: every question type through the page form, and its validation."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from assessments.bank import bank_warnings
from assessments.models import AssessmentDrawRule, AssessmentPage
from assessments.panels import describe
from tests.assessments.factories import AssessmentPageFactory, single_choice
from tests.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory, UserFactory


def list_block(items):
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""} for index, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def options(*items):
    return list_block([{"text": text, "correct": "on" if correct else ""} for text, correct in items])


class AssessmentAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home = CourseIndexPageFactory(parent=Page.get_first_root_node())
        cls.course = CoursePageFactory(parent=home, slug="course")
        cls.module = ModulePageFactory(parent=cls.course, slug="module", number=1)
        cls.admin = UserFactory(username="admin", is_staff=True, is_superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def form_data(self, single_choice_options):
        return nested_form_data(
            {
                "title": "Module test",
                "kind": "module_test",
                "summary": "Five questions.",
                "intro": rich_text("<p>Good luck.</p>"),
                "questions": streamfield(
                    [
                        (
                            "single_choice",
                            {
                                "competency": "expert",
                                "points": 2,
                                "prompt": "Which is mentoring?",
                                "explanation": "",
                                "options": single_choice_options,
                            },
                        ),
                        (
                            "situational",
                            {
                                "competency": "communicative",
                                "points": 3,
                                "scenario": "A mentee misses meetings.",
                                "prompt": "What do you do?",
                                "explanation": "",
                                "options": list_block(
                                    [{"text": "Talk", "credit": 100}, {"text": "Report", "credit": 0}]
                                ),
                            },
                        ),
                        ("likert", {"competency": "research", "statement": "I can diagnose needs."}),
                        (
                            "short_answer",
                            {
                                "competency": "project",
                                "points": 5,
                                "prompt": "Describe a project.",
                                "guidance": "Aim, steps.",
                                "max_length": 2000,
                            },
                        ),
                    ]
                ),
                "attempts_allowed": 2,
                "time_limit_minutes": "",
                "estimated_minutes": 15,
                "attempt_wait_hours": 0,
                "grading_method": "highest",
                "review_correctness": "immediately",
                "review_answers": "after_pass_or_last",
                "shuffle_options": "on",
                "competency_pass_level": 50,
                "pass_level_overrides": inline_formset([{"competency": "project", "level": 40}]),
                "draw_rules": inline_formset([]),
                "overall_pass_level": 60,
            }
        )

    def test_an_editor_builds_a_module_test_with_every_question_type(self):
        data = self.form_data(options(("Coaching", False), ("Mentoring", True), ("Tutoring", False)))
        self.assertCanCreate(self.module, AssessmentPage, data)
        page = AssessmentPage.objects.get(slug="module-test")
        assert [block.block_type for block in page.questions] == [
            "single_choice",
            "situational",
            "likert",
            "short_answer",
        ]
        assert page.pass_levels() == {
            "expert": 50,
            "communicative": 50,
            "managerial": 50,
            "research": 50,
            "project": 40,
        }

    def test_a_single_choice_question_needs_exactly_one_right_option(self):
        data = self.form_data(options(("Coaching", True), ("Mentoring", True)))
        url = f"/admin/pages/add/assessments/assessmentpage/{self.module.pk}/"
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert not AssessmentPage.objects.exists()

    def test_assessments_sit_under_courses_and_modules_only(self):
        self.assertCanCreateAt(self.course.specific_class, AssessmentPage)
        self.assertCanNotCreateAt(AssessmentPage, AssessmentPage)


class ItemBankCheckTests(WagtailPageTestCase):
    """The edit page tells editors what lets a learner score without the course, and refuses a draw too large."""

    @classmethod
    def setUpTestData(cls):
        home = CourseIndexPageFactory(parent=Page.get_first_root_node())
        cls.course = CoursePageFactory(parent=home, slug="course")
        cls.module = ModulePageFactory(parent=cls.course, slug="module", number=1)
        cls.admin = UserFactory(username="admin", is_staff=True, is_superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def test_the_edit_page_lists_the_warnings_of_the_saved_bank(self):
        leaky = single_choice("expert")
        leaky["value"]["options"] = [
            {"text": "Коучинг", "correct": False},
            {"text": "Тьюторство", "correct": False},
            {"text": "Длительное сопровождение профессионального роста педагога опытным коллегой", "correct": True},
        ]
        page = AssessmentPageFactory(parent=self.module, questions=[leaky, single_choice("communicative")])
        AssessmentDrawRule.objects.create(page=page, competency="expert", count=1)
        warnings = bank_warnings(page.bank_items(), page.draw_counts())
        codes = {warning.code for warning in warnings}
        assert codes == {"key_longest", "long_option", "pool_too_small", "never_drawn"}
        html = self.client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        with translation.override("ru"):  # the admin speaks the site's language
            for warning in warnings:
                assert escape(describe(warning)) in html, warning.code

    def test_a_draw_larger_than_its_pool_is_refused(self):
        page = AssessmentPageFactory(parent=self.module, questions=[single_choice("expert")])
        AssessmentDrawRule.objects.create(page=page, competency="expert", count=3)
        page.refresh_from_db()
        with self.assertRaises(ValidationError):
            page.full_clean()

    def test_duplicate_options_are_a_validation_error(self):
        block = AssessmentPage.questions.field.stream_block.child_blocks["single_choice"]
        value = single_choice("expert")["value"]
        value["options"] = [{"text": "Да", "correct": True}, {"text": " да", "correct": False}]
        with self.assertRaises(ValidationError):
            block.clean(block.to_python(value))
