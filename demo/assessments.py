"""The assessments part of ``manage.py load_demo``: the assessment pages from ``demo/content/assessments/``, the
Reviewers' permissions, and the five demo learners at different points of the course.

Run by ``demo.loader`` once the course, its modules and the users exist. Idempotent like the rest of the loader:

* assessment pages are matched by slug; missing ones are created and published, existing ones are updated from the
  files only with ``refresh=True``. Each question's block id is derived from the page slug and its position in the
  file, so reloading keeps the ids (and the learners' answers attached to them) as long as no question is inserted
  before it;
* a learner is set up only while they have no records at all (no enrolment, lesson, attempt or analysis); a learner
  who already has some is left as they are.

Learners go through the same services as the site (``start_attempt``/``save_answer``/``submit_attempt``,
``submit_analysis``/``review_submission``), so their evidence, progress and completion are what a real learner's
would be. Answers come from a generator seeded per learner: every fresh load gives the same profiles. The e-mails
that tell learners of a review are not sent (with the default immediate task backend) to the made-up addresses.
"""

import json
import logging
import random
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.utils import override_settings

from wagtail.models import Locale, Page

from assessments.attempts import review_written_answer, save_answer, start_attempt, submit_attempt
from assessments.bank import questions_per_attempt, to_question
from assessments.cases import review_submission, submit_analysis
from assessments.models import Answer, AssessmentDrawRule, AssessmentKind, AssessmentPage, Attempt, CaseSubmission
from assessments.scoring import Question, QuestionKind, evaluate_pass, grade_attempt, score_question
from course.codes import CompetencyCode
from course.models import CaseKind, CaseStudyPage, CoursePage, Enrolment, LessonCompletion, LessonPage, ModulePage
from course.models.records import EnrolmentClosed
from course.services import refresh_completion
from course.signals import announce_evidence
from demo.course import REVIEWERS_GROUP, DemoReport, ensure_child, translate_page
from demo.english import read_english, translate_from_fields

logger = logging.getLogger(__name__)

CONTENT_DIR = Path(__file__).resolve().parent / "content" / "assessments"
DIAGNOSTIC_FILE = "entry-diagnostic.json"
FINAL_FILE = "final-assessment.json"
MODULE_TESTS_DIR = "module-tests"
# Block ids of the demo questions are uuid5 in this namespace of "<page slug>:<question index>[:<option index>]".
ID_NAMESPACE = uuid.UUID("5d0c9a52-3f3e-4f6b-9a53-7c1f0e2d4b18")
REVIEWER_PERMISSIONS = ["change_casesubmission", "view_casesubmission", "change_answer", "view_answer"]
REVIEWER = "reviewer"
# Question fields a content file may leave out: the block's default is used.
OPTIONAL_FIELDS = {"explanation", "scoring", "guidance", "max_length", "fixed"}


class DemoContentError(ValueError):
    """A content file does not fit the question blocks; the message names the file and the question."""


def load_demo_assessments(*, course: CoursePage, refresh: bool, report: DemoReport) -> None:
    """Assessments, reviewers' permissions, then the demo learners."""
    with transaction.atomic():
        ensure_reviewer_permissions()
    if not CONTENT_DIR.is_dir():
        logger.warning("No assessment content in %s: the demo assessments and learners are skipped.", CONTENT_DIR)
        return
    pages = ensure_assessments(course, refresh=refresh, report=report)
    translate_assessments(pages, refresh=refresh, report=report)
    records = ensure_learners(course, pages)
    if records:
        report.count("demo learner records", records)


# Permissions ---------------------------------------------------------------------------------------------------


def ensure_reviewer_permissions() -> Group:
    """Reviewers score case analyses and written answers in the admin."""
    group, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="assessments", codename__in=REVIEWER_PERMISSIONS)
    )
    return group


# Assessment pages ----------------------------------------------------------------------------------------------


@dataclass
class DemoAssessments:
    """The assessment pages of the demo course, as loaded."""

    diagnostic: AssessmentPage | None = None
    final: AssessmentPage | None = None
    capstone: CaseStudyPage | None = None
    module_tests: dict[int, AssessmentPage] = field(default_factory=dict)  # by module number

    def complete(self, module_numbers) -> bool:
        return (
            self.diagnostic is not None
            and self.final is not None
            and all(number in self.module_tests for number in module_numbers)
        )


def block_id(*parts) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, ":".join(str(part) for part in parts)))


def question_stream(slug: str, questions: list[dict], source: str) -> list[dict]:
    """The raw stream of a page's questions (``{"type", "value", "id"}``), checked against the blocks."""
    stream_block = AssessmentPage.questions.field.stream_block
    if not isinstance(questions, list) or not questions:
        raise DemoContentError(f"{source}: “questions” must be a non-empty list")
    stream = []
    for index, question in enumerate(questions):
        where = f"{source}: question {index + 1}"
        if not isinstance(question, dict):
            raise DemoContentError(f"{where}: not an object")
        kind = question.get("type")
        block = stream_block.child_blocks.get(kind)
        if block is None:
            raise DemoContentError(f"{where}: unknown type {kind!r} (one of {', '.join(stream_block.child_blocks)})")
        value = {name: item for name, item in question.items() if name != "type"}
        unknown = sorted(set(value) - set(block.child_blocks))
        if unknown:
            raise DemoContentError(f"{where} ({kind}): unknown fields {', '.join(unknown)}")
        for name, child in block.child_blocks.items():
            if name not in value:
                if name not in OPTIONAL_FIELDS:
                    raise DemoContentError(f"{where} ({kind}): “{name}” is missing")
                value[name] = child.get_default()
        if "options" in value:
            if not isinstance(value["options"], list):
                raise DemoContentError(f"{where} ({kind}): “options” must be a list")
            value["options"] = [
                {"type": "item", "id": block_id(slug, index, number), "value": option}
                for number, option in enumerate(value["options"])
            ]
        try:
            block.clean(block.to_python(value))
        except ValidationError as error:
            raise DemoContentError(f"{where} ({kind}): {describe(error)}") from error
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise DemoContentError(f"{where} ({kind}): {error!r}") from error
        stream.append({"type": kind, "value": value, "id": block_id(slug, index)})
    return stream


def describe(error: ValidationError) -> str:
    """A readable message of a (struct/list) block validation error."""
    parts = []
    for name in ("block_errors", "non_block_errors"):
        errors = getattr(error, name, None)
        if not errors:
            continue
        items = errors.items() if isinstance(errors, dict) else enumerate(errors)
        parts += [f"{key}: {describe(item) if isinstance(item, ValidationError) else item}" for key, item in items]
    return "; ".join(parts) or "; ".join(error.messages)


def draw_counts(data: dict) -> dict[str, int]:
    return {code: int(count) for code, count in (data.get("draw") or {}).items()}


def assessment_fields(data: dict, source: str) -> dict:
    for name in ("slug", "title", "kind", "questions"):
        if name not in data:
            raise DemoContentError(f"{source}: “{name}” is missing")
    if data["kind"] not in AssessmentKind.values:
        raise DemoContentError(f"{source}: unknown kind {data['kind']!r}")
    fields = {
        "title": data["title"],
        "kind": data["kind"],
        "summary": data.get("summary", ""),
        "intro": data.get("intro", ""),
        "questions": question_stream(data["slug"], data["questions"], source),
        # About two minutes a question of an attempt unless the file says otherwise; a time limit is the longest it
        # can take.
        "estimated_minutes": data.get("estimated_minutes")
        or data.get("time_limit_minutes")
        or 2 * questions_per_attempt(data["questions"], draw_counts(data)),
    }
    for name in (
        "attempts_allowed",
        "attempt_wait_hours",
        "grading_method",
        "review_correctness",
        "review_answers",
        "time_limit_minutes",
        "competency_pass_level",
        "overall_pass_level",
        "shuffle_questions",
        "shuffle_options",
    ):
        if name in data:
            fields[name] = data[name]
    draw = data.get("draw") or {}
    unknown = sorted(set(draw) - set(CompetencyCode.values))
    if unknown:
        raise DemoContentError(f"{source}: “draw” has unknown competencies {', '.join(unknown)}")
    pools = dict.fromkeys(draw, 0)
    for question in data["questions"]:
        if question.get("type") != "likert" and not question.get("fixed") and question.get("competency") in pools:
            pools[question["competency"]] += 1
    short = [code for code, count in draw.items() if pools[code] < count]
    if short:
        raise DemoContentError(f"{source}: too few questions to draw from for {', '.join(short)}")
    fields["draw_rules"] = [AssessmentDrawRule(competency=code, count=count) for code, count in draw.items()]
    for name, value in fields.items():
        if name in ("questions", "draw_rules"):
            continue
        try:
            AssessmentPage._meta.get_field(name).clean(value, None)
        except ValidationError as error:
            raise DemoContentError(f"{source}: “{name}”: {'; '.join(error.messages)}") from error
    return fields


def read_assessment(relative: str, kind: str) -> tuple[str, dict]:
    data = json.loads((CONTENT_DIR / relative).read_text(encoding="utf-8"))
    if data.get("kind") != kind:
        raise DemoContentError(f"{relative}: kind should be {kind!r}, not {data.get('kind')!r}")
    return data["slug"], assessment_fields(data, relative)


def ensure_assessments(course: CoursePage, *, refresh: bool, report: DemoReport) -> DemoAssessments:
    """The diagnostic first and the final last under the course, each module's test last in its module."""
    pages = DemoAssessments()
    pages.capstone = CaseStudyPage.objects.child_of(course).filter(kind=CaseKind.CAPSTONE).live().first()
    if (CONTENT_DIR / DIAGNOSTIC_FILE).exists():
        slug, fields = read_assessment(DIAGNOSTIC_FILE, AssessmentKind.DIAGNOSTIC)
        with transaction.atomic():
            pages.diagnostic = ensure_assessment(course, slug, fields, refresh=refresh, report=report, first=True)
    modules = {module.number: module for module in ModulePage.objects.child_of(course)}
    for path in sorted((CONTENT_DIR / MODULE_TESTS_DIR).glob("*.json")):
        number = int(path.stem)
        module = modules.get(number)
        if module is None:
            logger.warning("No module %s in the course for %s.", number, path.name)
            continue
        slug, fields = read_assessment(f"{MODULE_TESTS_DIR}/{path.name}", AssessmentKind.MODULE_TEST)
        with transaction.atomic():
            pages.module_tests[number] = ensure_assessment(module, slug, fields, refresh=refresh, report=report)
    if (CONTENT_DIR / FINAL_FILE).exists():
        slug, fields = read_assessment(FINAL_FILE, AssessmentKind.FINAL)
        with transaction.atomic():
            pages.final = ensure_assessment(course, slug, fields, refresh=refresh, report=report)
    return pages


def translate_assessments(pages: DemoAssessments, *, refresh: bool, report: DemoReport) -> None:
    """Each assessment in English from its mirror in ``content/en/assessments/`` (see ``demo/english.py``)."""
    en = Locale.objects.get(language_code="en")
    files = [(DIAGNOSTIC_FILE, pages.diagnostic), (FINAL_FILE, pages.final)]
    files += [(f"{MODULE_TESTS_DIR}/{number:02d}.json", page) for number, page in sorted(pages.module_tests.items())]
    for relative, page in files:
        english = read_english(f"assessments/{relative}")
        if page is None or english is None:
            continue
        fields = assessment_fields(english, f"en/assessments/{relative}")
        translate_from_fields(page, fields, en, translate_page, refresh=refresh, report=report)


def ensure_assessment(
    parent: Page, slug: str, fields: dict, *, refresh: bool, report: DemoReport, first: bool = False
) -> AssessmentPage:
    """Like ``ensure_child``; ``first`` puts a new page before its siblings (the diagnostic before the modules)."""
    existed = AssessmentPage.objects.child_of(parent).filter(slug=slug).exists()
    page = ensure_child(parent, AssessmentPage, slug, fields, refresh=refresh, report=report)
    if first and not existed and page.get_prev_siblings().exists():
        page.move(parent, pos="first-child")
        page = AssessmentPage.objects.get(pk=page.pk)
    return page


# Demo learners -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LearnerPlan:
    """Where a demo learner stands: modules 1..``modules_complete`` complete, then what lies in the next module."""

    username: str
    seed: int
    # Probability of a right answer (and share of rubric points) per competency, at the end of the course; the
    # entry diagnostic is taken with less.
    skill: dict[str, float] = field(default_factory=dict)
    diagnostic: bool = True
    modules_complete: int = 0
    next_module_case: str | None = None  # "submitted" (awaiting review) or "returned" (for revision)
    capstone: bool = False  # the capstone project accepted (after every module)
    final: bool = False
    retakes: tuple[int, ...] = ()  # module tests failed once before being passed (when a second attempt is allowed)
    revisions: tuple[int, ...] = ()  # modules whose analysis was returned once before being accepted


DIAGNOSTIC_HANDICAP = (0.12, 0.28)  # how far below their final level learners start, per competency
PLANS = [
    LearnerPlan("learner1", seed=101, diagnostic=False),
    LearnerPlan(
        "learner2",
        seed=202,
        skill={"expert": 0.72, "communicative": 0.78, "managerial": 0.55, "research": 0.58, "project": 0.63},
        modules_complete=3,
        next_module_case="submitted",
        retakes=(2,),
    ),
    LearnerPlan(
        "learner3",
        seed=303,
        skill={"expert": 0.6, "communicative": 0.52, "managerial": 0.7, "research": 0.5, "project": 0.62},
        modules_complete=1,
        next_module_case="returned",
    ),
    LearnerPlan(
        "learner4",
        seed=404,
        skill={"expert": 0.8, "communicative": 0.7, "managerial": 0.83, "research": 0.68, "project": 0.75},
        modules_complete=8,
        capstone=True,
        revisions=(3,),
    ),
    LearnerPlan(
        "learner5",
        seed=505,
        skill={"expert": 0.94, "communicative": 0.9, "managerial": 0.86, "research": 0.92, "project": 0.88},
        modules_complete=8,
        capstone=True,
        final=True,
    ),
]
LEARNERS = [plan.username for plan in PLANS]


def has_records(user) -> bool:
    return (
        Enrolment.objects.filter(user=user).exists()
        or LessonCompletion.objects.filter(user=user).exists()
        or Attempt.objects.filter(user=user).exists()
        or CaseSubmission.objects.filter(user=user).exists()
    )


def ensure_learners(course: CoursePage, pages: DemoAssessments) -> int:
    """Put each demo learner without records in their state; the number of records created."""
    users = {user.username: user for user in get_user_model().objects.filter(username__in=[REVIEWER, *LEARNERS])}
    reviewer = users.get(REVIEWER)
    modules = list(ModulePage.objects.child_of(course).live().order_by("number", "path"))
    if reviewer is None or not modules or not pages.complete(module.number for module in modules):
        logger.warning("The demo learners need the reviewer, the modules and every assessment: skipped.")
        return 0
    created = 0
    # The learners are told of each review by e-mail; the demo addresses are not real ones, keep the console quiet.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for plan in PLANS:
            user = users.get(plan.username)
            if user is None or has_records(user):
                continue
            try:
                with transaction.atomic():
                    created += DemoLearner(plan, user, reviewer, course, modules, pages).run()
            except EnrolmentClosed:
                logger.warning("Enrolment in %s is closed: the demo learners are skipped.", course)
                break
            refresh_completion(user, course)
    return created


class DemoLearner:
    """One learner's way through the course, through the services the site uses."""

    def __init__(self, plan: LearnerPlan, user, reviewer, course, modules, pages: DemoAssessments):
        self.plan = plan
        self.user = user
        self.reviewer = reviewer
        self.course = course
        self.modules = modules
        self.pages = pages
        self.rng = random.Random(plan.seed)  # noqa: S311  (demo answers, not security)
        self.records = 0
        self.last_lesson: LessonPage | None = None

    def run(self) -> int:
        _enrolment, created = Enrolment.objects.enrol(self.user, self.course)
        self.records += int(created)
        plan = self.plan
        if plan.diagnostic:
            entry_skill = {
                code: max(0.2, level - self.rng.uniform(*DIAGNOSTIC_HANDICAP)) for code, level in plan.skill.items()
            }
            self.take(self.pages.diagnostic, entry_skill, must_pass=None)
        for module in self.modules[: plan.modules_complete]:
            self.complete_module(module)
        if plan.next_module_case and plan.modules_complete < len(self.modules):
            module = self.modules[plan.modules_complete]
            self.do_lessons(module)
            for case in CaseStudyPage.objects.child_of(module).live().order_by("path"):
                # A sound analysis waits for the reviewer; a thin one has come back for revision.
                version = self.submit_case(case, good=plan.next_module_case == "submitted")
                if plan.next_module_case == "returned":
                    self.review_case(version.submission, case, accept=False)
        if plan.capstone and self.pages.capstone is not None:
            version = self.submit_case(self.pages.capstone, good=True)
            self.review_case(version.submission, self.pages.capstone, accept=True)
        if plan.final:
            self.take(self.pages.final, plan.skill, must_pass=True)
        return self.records

    # Modules

    def complete_module(self, module: ModulePage) -> None:
        for page in module.get_children().live().specific().order_by("path"):
            if isinstance(page, LessonPage):
                self.do_lesson(page)
                continue
            self.lessons_done()
            if isinstance(page, CaseStudyPage):
                if module.number in self.plan.revisions:
                    version = self.submit_case(page, good=False)
                    self.review_case(version.submission, page, accept=False)
                version = self.submit_case(page, good=True)
                self.review_case(version.submission, page, accept=True)
            elif isinstance(page, AssessmentPage):
                if module.number in self.plan.retakes and page.attempts_allowed != 1:
                    weaker = {code: max(0.1, level - 0.35) for code, level in self.plan.skill.items()}
                    self.take(page, weaker, must_pass=False)
                self.take(page, self.plan.skill, must_pass=True)
        self.lessons_done()

    def do_lessons(self, module: ModulePage) -> None:
        for lesson in LessonPage.objects.child_of(module).live().order_by("path"):
            self.do_lesson(lesson)
        self.lessons_done()

    def do_lesson(self, lesson: LessonPage) -> None:
        if LessonCompletion.objects.record(self.user, lesson):
            self.records += 1
            self.last_lesson = lesson

    def lessons_done(self) -> None:
        """Tell the receivers, as the lesson's "done" button does; once per module, not per lesson: they recompute
        from the records, and each recomputation of progress takes a noticeable time."""
        if self.last_lesson is not None:
            announce_evidence(LessonPage, self.user, self.last_lesson)
            self.last_lesson = None

    # Case analyses

    def submit_case(self, case: CaseStudyPage, *, good: bool):
        text = case_analysis(case, self.rng) if good else weak_case_analysis(case, self.rng)
        existed = CaseSubmission.objects.filter(user=self.user, case=case).exists()
        version = submit_analysis(self.user, case, text)
        self.records += int(not existed)
        return version

    def review_case(self, submission: CaseSubmission, case: CaseStudyPage, *, accept: bool) -> None:
        scores, titles = {}, {}
        for criterion in case.rubric:
            maximum = int(criterion.value["max_points"])
            level = self.plan.skill.get(criterion.value["competency"], 0.6)
            if accept:
                share = min(1.0, max(0.55, level + self.rng.uniform(-0.1, 0.08)))
                points = max(half_points(maximum * share), half_points(maximum / 2 + 0.5))
            else:
                points = half_points(maximum * self.rng.uniform(0.2, 0.45))
            scores[criterion.id] = min(points, maximum)
            titles[criterion.id] = (scores[criterion.id] / maximum, criterion.value["title"])
        ranked = [title for _share, title in sorted(titles.values(), key=lambda item: item[0])]
        feedback = accepted_feedback(ranked, self.rng) if accept else returned_feedback(ranked)
        review_submission(submission, self.reviewer, scores, feedback, "accepted" if accept else "returned")

    # Assessments

    def take(self, page: AssessmentPage, skill: dict[str, float], *, must_pass: bool | None) -> Attempt:
        """An attempt answered by ``skill``; ``must_pass`` True/False makes it pass/fail (None: as it comes). The
        draw is seeded from the learner's generator, so a fresh load gives the same attempts."""
        attempt = start_attempt(self.user, page, seed=self.rng.randrange(1, 2**62))
        self.records += 1
        answers, manual = AnswerPlanner(page, attempt.items, skill, self.rng).plan(must_pass)
        for sequence, question_id in enumerate(attempt.question_ids, start=1):
            if question_id in answers:
                save_answer(attempt, question_id, answers[question_id], sequence)
        attempt = submit_attempt(attempt)
        points_of = {item["id"]: int(item.get("points") or 0) for item in attempt.items}
        for answer in Answer.objects.filter(attempt=attempt, question_id__in=list(manual)).order_by("pk"):
            points = manual[answer.question_id]
            possible = points_of[answer.question_id]
            attempt = review_written_answer(answer, self.reviewer, points, written_feedback(points / possible))
        if must_pass is not None and attempt.passed is not must_pass:
            raise RuntimeError(f"{self.user} should have {'passed' if must_pass else 'failed'} {page} ({attempt})")
        return attempt


def half_points(value: float) -> float:
    return round(value * 2) / 2


class AnswerPlanner:
    """The answers of one attempt: right with the learner's probability in the question's competency, then made to
    pass (or fail) by putting right (or wrong) the answers in a random order, checked with the real grading rules."""

    def __init__(self, page: AssessmentPage, items: list[dict], skill: dict[str, float], rng: random.Random):
        self.page = page
        self.skill = skill
        self.rng = rng
        self.items = items  # the attempt's snapshot: options in the order shown
        self.questions: dict[str, Question] = {item["id"]: to_question(item) for item in items}

    def plan(self, must_pass: bool | None) -> tuple[dict[str, object], dict[str, float]]:
        answers: dict[str, object] = {}
        manual: dict[str, float] = {}
        for item in self.items:
            level = self.skill.get(item["competency"], 0.6)
            question = self.questions[item["id"]]
            if question.kind == QuestionKind.LIKERT:
                answers[item["id"]] = min(5, max(2, round(1 + 4 * level + self.rng.gauss(0, 0.6))))
            elif question.kind == QuestionKind.SHORT_ANSWER:
                answers[item["id"]] = written_answer(item, self.rng)
                share = min(1.0, max(0.25, level + self.rng.uniform(-0.2, 0.1)))
                manual[item["id"]] = half_points(question.points * share)
            elif self.rng.random() < level:
                answers[item["id"]] = self.best(question)
            else:
                answers[item["id"]] = self.near_miss(question)
        self.aim(answers, manual)
        if must_pass is not None:
            self.steer(answers, manual, must_pass)
        return answers, manual

    def aim(self, answers: dict, manual: dict, tolerance: float = 0.06) -> None:
        """Bring the level in each competency near the learner's: a handful of questions per competency would
        otherwise make the profile jump around (an entry level above the final one, say)."""
        for code, target in self.skill.items():
            questions = [q for q in self.questions.values() if q.competency == code and q.kind != QuestionKind.LIKERT]
            level = self.level(questions, answers, manual)
            if level is None or abs(level - target) <= tolerance:
                continue
            better = level < target
            earned = {q.id: self.earned(q, answers, manual) for q in questions}
            candidates = [q for q in questions if (earned[q.id] < q.points if better else earned[q.id] > 0)]
            self.rng.shuffle(candidates)
            for question in candidates:
                self.set_answer(question, answers, manual, better)
                level = self.level(questions, answers, manual)
                if abs(level - target) <= tolerance or (level > target) is better:
                    break

    def level(self, questions: list[Question], answers: dict, manual: dict) -> float | None:
        possible = sum(question.points for question in questions)
        if not possible:
            return None
        return sum(self.earned(question, answers, manual) for question in questions) / possible

    def passes(self, answers, manual) -> bool:
        result = grade_attempt(list(self.questions.values()), answers, manual)
        return evaluate_pass(result, self.page.pass_levels(), self.page.overall_pass_level).passed

    def steer(self, answers: dict, manual: dict, must_pass: bool) -> None:
        scored = [q for q in self.questions.values() if q.kind != QuestionKind.LIKERT]
        if must_pass:
            candidates = [q for q in scored if self.earned(q, answers, manual) < q.points]
        else:
            candidates = [q for q in scored if self.earned(q, answers, manual) > 0]
        self.rng.shuffle(candidates)
        for question in candidates:
            if self.passes(answers, manual) is must_pass:
                return
            self.set_answer(question, answers, manual, must_pass)
        if self.passes(answers, manual) is not must_pass:
            raise RuntimeError(f"Cannot make an attempt at {self.page} {'pass' if must_pass else 'fail'}")

    def set_answer(self, question: Question, answers: dict, manual: dict, right: bool) -> None:
        if question.kind == QuestionKind.SHORT_ANSWER:
            manual[question.id] = float(question.points) if right else half_points(question.points * 0.3)
        else:
            answers[question.id] = self.best(question) if right else self.worst(question)

    @staticmethod
    def earned(question: Question, answers: dict, manual: dict) -> float:
        return score_question(question, answers.get(question.id), manual.get(question.id)).earned

    @staticmethod
    def best(question: Question):
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            return [index for index, option in enumerate(question.options) if option.correct]
        if question.kind == QuestionKind.SITUATIONAL:
            return max(range(len(question.options)), key=lambda index: question.options[index].credit)
        return next(index for index, option in enumerate(question.options) if option.correct)

    @staticmethod
    def worst(question: Question):
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            return [index for index, option in enumerate(question.options) if not option.correct]
        if question.kind == QuestionKind.SITUATIONAL:
            return min(range(len(question.options)), key=lambda index: question.options[index].credit)
        return next(index for index, option in enumerate(question.options) if not option.correct)

    def near_miss(self, question: Question):
        """A plausible wrong answer: another option, or a set with one right option missing or one wrong added."""
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            right = [index for index, option in enumerate(question.options) if option.correct]
            wrong = [index for index, option in enumerate(question.options) if not option.correct]
            if len(right) > 1 and self.rng.random() < 0.5:
                right.remove(self.rng.choice(right))
                return right
            return sorted([*right, self.rng.choice(wrong)])
        best = self.best(question)
        others = [index for index in range(len(question.options)) if index != best]
        return self.rng.choice(others)


# Texts ---------------------------------------------------------------------------------------------------------

WRITTEN_ANSWERS = {
    "expert": [
        "Начинаю с совместного анализа урока: наставляемый сам называет, что получилось и что нет, а я помогаю "
        "связать затруднения с конкретными методическими приёмами. Затем мы выбираем один приём, который он "
        "опробует на следующей неделе, и договариваемся о взаимопосещении. Так знание превращается в действие.",
        "Опираюсь на профессиональный стандарт и реальные затруднения наставляемого, а не на собственное "
        "представление о «правильном» уроке. Поэтому предлагаю несколько вариантов решения и обсуждаю, какой "
        "подходит именно его классу. Результат проверяем на следующем уроке.",
    ],
    "communicative": [
        "Сначала выслушиваю наставляемого, не перебивая и не оценивая, и уточняю, как он сам видит ситуацию. "
        "Обратную связь даю по схеме «факт — влияние — предложение», начиная с того, что получилось. В конце "
        "встречи мы вместе фиксируем договорённости, чтобы одинаково понимать следующие шаги.",
        "Доверие строится на предсказуемости: встречи проходят регулярно, разговор остаётся конфиденциальным, "
        "обещанное выполняется. Открытые вопросы вроде «Что вы заметили?» и «Что можно сделать иначе?» помогают "
        "наставляемому самому прийти к решению.",
    ],
    "managerial": [
        "Предлагаю закрепить наставничество в локальном акте школы и в плане работы на год, с понятными ролями "
        "куратора, наставника и наставляемого. Время на встречи выделяется в расписании, а нагрузка наставника "
        "учитывается при распределении поручений. Раз в четверть куратор обсуждает с командой, что скорректировать.",
        "Начинать нужно с ресурсов: кто из педагогов готов быть наставником, сколько у них времени и какая "
        "поддержка нужна им самим. Пары формируются с учётом запроса наставляемого и совместимости, а не только "
        "стажа. Контрольные точки — через месяц, в конце полугодия и в конце года.",
    ],
    "research": [
        "Исходный уровень определяю входной диагностикой: самооценка по компетенциям, наблюдение двух-трёх уроков "
        "и беседа. Расхождение самооценки с результатами наблюдения показывает зоны, которые наставляемый "
        "недооценивает или переоценивает. Те же инструменты повторяю в конце программы, чтобы увидеть динамику.",
        "Эффективность оцениваю по сочетанию количественных и качественных данных: результаты диагностики, анкеты "
        "удовлетворённости, продукты деятельности наставляемого. Показатели согласуем заранее и собираем данные "
        "регулярно, а не только в конце года.",
    ],
    "project": [
        "Индивидуальный маршрут строю от цели: что наставляемый должен уметь через полгода и как мы это увидим. "
        "Цель разбиваю на этапы с задачами, сроками и продуктами, например серией уроков или выступлением на "
        "методическом объединении. После каждого этапа — рефлексия и при необходимости корректировка маршрута.",
        "Предлагаю оформить работу как небольшой проект: проблема, цель, задачи, ресурсы, план-график и ожидаемые "
        "результаты. Такой формат помогает увидеть связь между отдельными действиями и итогом. Результат "
        "представляем коллегам, чтобы опыт не остался внутри пары.",
    ],
}


def written_answer(value, rng: random.Random) -> str:
    text = rng.choice(WRITTEN_ANSWERS.get(value["competency"], WRITTEN_ANSWERS["expert"]))
    limit = int(value.get("max_length") or 3000)
    while len(text) > limit and ". " in text:
        text = text.rsplit(". ", 1)[0] + "."
    return text[:limit]


def written_feedback(share: float) -> str:
    if share >= 0.8:
        return (
            "Точный ответ, опирается на конкретные действия наставника. Хорошо, что названо, как проверить результат."
        )
    if share >= 0.5:
        return (
            "Ответ по существу, но не хватает конкретики: какие шаги, в какие сроки и по каким признакам вы поймёте, "
            "что цель достигнута."
        )
    return (
        "Ответ слишком общий. Перечитайте материалы модуля и опишите последовательность действий наставника "
        "на конкретном примере."
    )


CASE_PLANS = [
    "Как наставник предлагаю начать с установочной встречи, на которой мы вместе сформулируем запрос и две-три "
    "измеримые цели на ближайший месяц. Дальше — короткие встречи раз в неделю: разбор конкретных ситуаций, "
    "совместное планирование, обратная связь по модели «факт — влияние — предложение». Важно сразу договориться "
    "о ролях: кто за что отвечает и как мы поймём, что продвинулись.",
    "План работы строится в три шага. Сначала — доверительная беседа и совместная диагностика затруднений, затем — "
    "индивидуальный маршрут с конкретными задачами и сроками, и наконец — регулярная рефлексия по итогам каждого "
    "этапа. Администрацию стоит подключить, чтобы выделить время на встречи и закрепить договорённости в "
    "программе наставничества школы.",
]
CASE_RESULTS = [
    "Результативность оцениваю по трём группам признаков: изменения в профессиональных действиях наставляемого "
    "(наблюдение, самоанализ), отношение участников (анкета, обратная связь коллег и родителей) и конкретные "
    "продукты — план, разработки, выступления. Главный риск — формальное выполнение плана; чтобы его снизить, "
    "каждая встреча заканчивается договорённостью о следующем шаге.",
    "Среди рисков вижу перегрузку наставляемого и наставника и ожидание быстрых результатов со стороны "
    "администрации. Поэтому промежуточные итоги подводим через месяц и через три месяца и фиксируем их в листе "
    "развития. Успехом считаю не только решение текущей проблемы, но и то, что наставляемый научится сам "
    "анализировать подобные ситуации.",
]


def participant_roles(case: CaseStudyPage) -> list[str]:
    roles = []
    for block in case.participants:
        role = str(block.value["role"]).strip()
        if len(role) > 1 and role[1].islower():
            role = role[0].lower() + role[1:]
        roles.append(role)
    return roles


def case_analysis(case: CaseStudyPage, rng: random.Random) -> str:
    roles = participant_roles(case)
    people = f" Участники ситуации — {', '.join(roles)}, и у каждого своя позиция и свои ожидания." if roles else ""
    problem = (
        f"Ключевая проблема в ситуации «{case.title}» — не отдельная ошибка одного человека, а рассогласование "
        f"ожиданий и отсутствие договорённостей о совместной работе.{people} Поэтому начинать стоит не с готовых "
        "рекомендаций, а с диагностики: беседы с наставляемым, наблюдения и сбора фактов."
    )
    return "\n\n".join([problem, rng.choice(CASE_PLANS), rng.choice(CASE_RESULTS)])


def weak_case_analysis(case: CaseStudyPage, rng: random.Random) -> str:
    ending = rng.choice(
        [
            "Думаю, через некоторое время ситуация улучшится сама.",
            "Главное — поддержать наставляемого и не давить на него.",
        ]
    )
    return (
        f"В ситуации «{case.title}» главная проблема, на мой взгляд, в недостатке опыта. Нужно поговорить с "
        f"участниками и дать им рекомендации. {ending}"
    )


ACCEPTED_ADVICE = [
    "добавьте измеримые показатели и сроки промежуточной рефлексии.",
    "опишите, как вы будете получать обратную связь от наставляемого и корректировать план.",
    "покажите, какие ресурсы школы и муниципалитета можно привлечь.",
]


def accepted_feedback(criteria_weakest_first: list[str], rng: random.Random) -> str:
    if not criteria_weakest_first:
        return "Анализ принят. Спасибо за работу!"
    return (
        f"Анализ принят. Сильнее всего раскрыт критерий «{criteria_weakest_first[-1]}»: позиции участников и "
        f"причины затруднений разобраны на фактах. Резерв для роста — критерий «{criteria_weakest_first[0]}»: "
        f"{rng.choice(ACCEPTED_ADVICE)}"
    )


def returned_feedback(criteria_weakest_first: list[str]) -> str:
    weak = "» и «".join(criteria_weakest_first[:2])
    focus = f" Доработайте прежде всего критерии «{weak}»:" if weak else " Доработайте анализ:"
    return (
        "Спасибо за работу. Пока анализ слишком общий: проблема названа, но не разобраны её причины и позиции "
        f"участников, а в плане нет конкретных шагов, сроков и договорённостей.{focus} опишите, с чего вы начнёте "
        "работу с наставляемым, как будете давать обратную связь и по каким признакам поймёте, что ситуация "
        "изменилась."
    )
