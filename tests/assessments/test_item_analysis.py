"""Item analysis: the rules on hand-made rows, then the staff report over attempts made through the real services."""

import csv
import io

from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

from assessments import attempts as attempt_service
from assessments import item_analysis as ia
from assessments.item_analysis import AttemptRow, OptionStats, Response
from assessments.models import Answer, Attempt
from tests.assessments.factories import (
    AssessmentPageFactory,
    likert,
    multiple_choice,
    short_answer,
    single_choice,
    situational,
)
from tests.factories import CoursePageFactory, ModulePageFactory, ReviewerFactory, UserFactory

REPORT = "assessments_reports:item_analysis"


def ranked(shares: list[float]) -> list[Response]:
    """Responses of attempts ranked from the weakest (10 %) to the strongest, with the item's shares in that order."""
    return [Response(total=10.0 * (rank + 1), share=share) for rank, share in enumerate(shares)]


# --- The rules, on hand-made rows ------------------------------------------------------------------------------------


def test_group_size_is_27_percent_at_least_one_never_overlapping():
    assert [ia.group_size(count) for count in (0, 1, 2, 3, 4, 10, 100)] == [0, 0, 1, 1, 1, 3, 27]


def test_an_item_the_strong_get_right_and_the_weak_wrong_discriminates():
    responses = ranked([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    assert ia.facility(responses) == 0.5
    assert ia.discrimination(responses) == 1.0  # upper 3 all right, lower 3 all wrong
    assert ia.item_flags(10, ia.facility(responses), ia.discrimination(responses)) == ()


def test_an_item_the_weak_get_right_and_the_strong_wrong_is_flagged_negative():
    responses = ranked([1, 1, 1, 1, 0.5, 0, 0, 0, 0, 0])
    assert ia.facility(responses) == pytest.approx(0.45)
    assert ia.discrimination(responses) == -1.0
    assert ia.item_flags(10, 0.45, -1.0) == (ia.NEGATIVE_DISCRIMINATION,)


def test_discrimination_uses_partial_credit_and_only_the_outer_groups():
    # The middle attempts do not count: only the 3 weakest (0, 0.5, 0.5) and the 3 strongest (1, 1, 0.5).
    responses = ranked([0, 0.5, 0.5, 0, 0, 1, 1, 1, 1, 0.5])
    assert ia.discrimination(responses) == pytest.approx(2.5 / 3 - 1 / 3)
    assert ia.discrimination(ranked([1])) is None


def test_point_biserial_correlates_the_item_with_the_rest_of_the_attempt():
    agreeing = [Response(total=0, share=share, rest=rest) for share, rest in ((0, 0.2), (0, 0.4), (1, 0.6), (1, 0.8))]
    assert ia.point_biserial(agreeing) == pytest.approx(0.894, abs=0.001)
    opposed = [Response(total=0, share=1 - response.share, rest=response.rest) for response in agreeing]
    assert ia.point_biserial(opposed) == pytest.approx(-0.894, abs=0.001)
    everyone_right = [Response(total=0, share=1, rest=rest) for rest in (0.2, 0.4)]
    assert ia.point_biserial(everyone_right) is None  # no variance, no correlation


def test_too_easy_means_facility_above_0_9():
    assert ia.item_flags(10, 0.9, 0.1) == ()
    assert ia.item_flags(10, 0.95, 0.1) == (ia.TOO_EASY,)


def test_a_distractor_nobody_picks_is_flagged_but_an_unpicked_key_is_not():
    options = ia.option_counts([Response(0, 1, chosen=(0,)), Response(0, 0, chosen=(1, 0)), Response(0, 0)], 4)
    assert options == [2, 1, 0, 0]
    stats = [OptionStats(0, "a", True, 2), OptionStats(1, "b", False, 1), OptionStats(2, "c", True, 0)]
    assert ia.item_flags(10, 0.5, 0.3, stats) == ()
    stats.append(OptionStats(3, "d", False, 0))
    assert ia.item_flags(10, 0.5, 0.3, stats) == (ia.UNPICKED_DISTRACTOR,)


def test_no_flags_below_the_minimum_of_attempts():
    assert ia.item_flags(ia.FLAG_MIN_ATTEMPTS - 1, 1.0, -1.0, [OptionStats(0, "a", False, 0)]) == ()


def bank_choice(qid: str, texts: list[str], key: int) -> dict:
    return {
        "id": qid,
        "type": "single_choice",
        "competency": "expert",
        "points": 2,
        "prompt": f"Вопрос {qid}",
        "options": [{"text": text, "correct": index == key} for index, text in enumerate(texts)],
    }


def shown(item: dict, order: list[int]) -> dict:
    """The item as an attempt shows it: options in ``order``, each remembering its place in the bank."""
    return {**item, "options": [{**item["options"][source], "source": source} for source in order]}


def graded(attempt_id: int, items: list[dict], answers: dict, points: dict[str, tuple[float, float]]) -> AttemptRow:
    earned = sum(pair[0] for pair in points.values())
    possible = sum(pair[1] for pair in points.values())
    questions = {qid: {"earned": e, "possible": p, "pending": False} for qid, (e, p) in points.items()}
    return AttemptRow(attempt_id, round(100 * earned / possible, 1), items, questions, answers)


def test_analyse_maps_shuffled_answers_back_to_the_bank_options():
    item = bank_choice("q1", ["A", "B", "C"], key=1)
    other = bank_choice("q2", ["x", "y"], key=0)
    rows = [
        # Shown as C, B, A: index 1 is B (the key), index 0 is C.
        graded(1, [shown(item, [2, 1, 0]), shown(other, [0, 1])], {"q1": 1, "q2": 0}, {"q1": (2, 2), "q2": (2, 2)}),
        graded(2, [shown(item, [1, 0, 2]), shown(other, [1, 0])], {"q1": 0, "q2": 0}, {"q1": (2, 2), "q2": (0, 2)}),
        graded(3, [shown(item, [2, 0, 1]), shown(other, [0, 1])], {"q1": 0}, {"q1": (0, 2), "q2": (0, 2)}),
    ]
    first, second = ia.analyse([item, other], rows)
    assert [(option.text, option.key, option.chosen) for option in first.options] == [
        ("A", False, 0),
        ("B", True, 2),
        ("C", False, 1),
    ]
    assert (first.attempts, first.facility, first.unanswered) == (3, pytest.approx(2 / 3), 0)
    assert [option.chosen for option in second.options] == [1, 1]
    assert second.unanswered == 1


def test_analyse_skips_likert_and_pending_and_keeps_items_that_left_the_bank():
    kept = bank_choice("kept", ["A", "B"], key=0)
    gone = bank_choice("gone", ["Старый A", "Старый B"], key=1)
    statement = {"id": "l1", "type": "likert", "competency": "research", "statement": "Я умею"}
    essay = {"id": "s1", "type": "short_answer", "competency": "project", "points": 5, "prompt": "Опишите"}
    items = [statement, shown(kept, [0, 1]), shown(gone, [0, 1]), essay]
    points = {"l1": (0, 0), "kept": (2, 2), "gone": (0, 2), "s1": (4, 5)}
    rows = [
        graded(1, items, {"l1": 4, "kept": 0, "gone": 0, "s1": "текст"}, points),
        AttemptRow(2, None, items, {}, {}),  # nothing scored: left out
        AttemptRow(
            3,
            50.0,
            items,
            {"kept": {"earned": 2, "possible": 2}, "s1": {"earned": 0, "possible": 0, "pending": True}},
            {},
        ),
    ]
    result = {stats.id: stats for stats in ia.analyse([statement, kept, essay], rows)}
    assert list(result) == ["kept", "s1", "gone"]  # the bank's order, then what left it; no Likert statement
    assert (result["kept"].number, result["kept"].attempts) == (2, 2)
    assert (result["s1"].attempts, result["s1"].facility, result["s1"].options) == (1, 0.8, ())
    assert result["gone"].number is None
    assert ia.NOT_IN_BANK in result["gone"].flags
    assert [(option.text, option.key, option.chosen) for option in result["gone"].options] == [
        ("Старый A", False, 1),
        ("Старый B", True, 0),
    ]


# --- The report ------------------------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, db):
    """A member of staff whose admin is in English (labels are checked in English, the catalogues notwithstanding)."""
    staff = ReviewerFactory(permissions=["wagtailadmin.access_admin"])
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(staff)
    return client


def exported(client, **params) -> list[list[str]]:
    response = client.get(reverse(REPORT), {**params, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def take(page, picks: dict[str, object], *, seed: int | None = None, written: float | None = None) -> Attempt:
    """A learner's attempt through the real services. ``picks`` gives, per question type, the bank's option to choose
    (a list for multiple choice) wherever the attempt shows it; ``written`` is the reviewer's points for the written
    answer."""
    attempt = attempt_service.start_attempt(UserFactory(), page, seed=seed)
    for sequence, item in enumerate(attempt.items, start=1):
        pick = picks.get(item["type"])
        if item["type"] == "short_answer":
            pick = "Цель: адаптация; сроки: год; результат: открытый урок."
        elif item.get("options") and pick is not None:
            shown_at = {option["source"]: index for index, option in enumerate(item["options"])}
            pick = [shown_at[source] for source in pick] if isinstance(pick, list) else shown_at[pick]
        if pick is not None:
            attempt_service.save_answer(attempt, item["id"], pick, sequence)
    attempt = attempt_service.submit_attempt(attempt)
    if written is not None:
        essay = next(item["id"] for item in attempt.items if item["type"] == "short_answer")
        attempt = attempt_service.review_written_answer(
            Answer.objects.get(attempt=attempt, question_id=essay), ReviewerFactory(), written, ""
        )
    return attempt


@pytest.fixture
def mixed_test(module):
    """Every kind of question, taken by three strong and three weak learners."""
    page = AssessmentPageFactory(
        parent=module,
        title="Тест с вопросами всех видов",
        slug="mixed",
        attempts_allowed=0,
        questions=[
            single_choice(correct=1, options=3),
            multiple_choice(correct=(0, 1), options=4),
            situational(credits=(100, 50, 0)),
            likert(),
            short_answer(points=5),
        ],
    )
    for _ in range(3):  # strong: 2 + 3 + 4 + 1 of 14 points
        take(page, {"single_choice": 1, "multiple_choice": [0, 1], "situational": 0, "likert": 4}, written=1)
    for _ in range(3):  # weak: 0 + 0 + 4 + 4 of 14 points; their written answers are the better ones
        take(page, {"single_choice": 0, "multiple_choice": [2], "situational": 0, "likert": 2}, written=4)
    return page


def test_the_report_is_for_staff_only(client, staff_client, mixed_test):
    url = reverse(REPORT)
    response = staff_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert mixed_test.title in html and "Вопрос по компетенции expert?" in html
    assert url in staff_client.get(reverse("wagtailadmin_home")).content.decode()  # in the "Reports" menu

    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code in {302, 403}
    assert client.get(url, {"export": "csv"}).status_code in {302, 403}


def test_csv_export_has_facility_discrimination_options_and_flags(staff_client, course, mixed_test):
    header, *rows = exported(staff_client)
    assert header == [
        "Course",
        "Assessment",
        "Kind of assessment",
        "No. in the bank",
        "Question",
        "Question type",
        "Competency",
        "Attempts",
        "Facility",
        "Discrimination (27 %)",
        "Point-biserial",
        "Not answered",
        "Options chosen",
        "Flags",
    ]
    assert {tuple(row[:3]) for row in rows} == {(course.title, mixed_test.title, "Module test")}
    by_type = {row[5]: row[3:4] + row[6:] for row in rows}
    assert list(by_type) == ["Single choice", "Multiple choice", "Situational judgement", "Short written answer"]
    assert by_type["Single choice"] == [
        "1",
        "Expert",
        "6",
        "0.5",
        "1.0",
        "",  # the rest of the attempt is the same for everyone: no correlation
        "0",
        "1. Вариант 1: 3; 2. Вариант 2 (key): 3; 3. Вариант 3: 0",
        "A distractor nobody picks",
    ]
    multiple = by_type["Multiple choice"]
    assert multiple[2:5] == ["6", "0.5", "1.0"]
    assert (
        multiple[7] == "1. Утверждение 1 (key): 3; 2. Утверждение 2 (key): 3; 3. Утверждение 3: 3; 4. Утверждение 4: 0"
    )
    situation = by_type["Situational judgement"]
    assert situation[2:5] == ["6", "1.0", "0.0"]
    assert situation[-1] == "Too easy; A distractor nobody picks"
    written = by_type["Short written answer"]
    assert written[2:5] == ["6", "0.5", "-0.6"]
    assert written[6:] == ["", "", "Negative discrimination"]
    assert float(written[5]) == pytest.approx(-1.0)


def test_xlsx_export(staff_client, mixed_test):
    response = staff_client.get(reverse(REPORT), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_options_shuffled_per_attempt_are_counted_as_the_bank_orders_them(staff_client, module):
    page = AssessmentPageFactory(
        parent=module,
        slug="shuffled",
        title="Перемешанный тест",
        attempts_allowed=0,
        shuffle_options=True,
        questions=[single_choice(correct=1, options=4)],
    )
    attempts = [take(page, {"single_choice": 1}, seed=seed) for seed in (1, 2, 3)]
    attempts += [take(page, {"single_choice": 3}, seed=seed) for seed in (4, 5)]
    orders = [[option["source"] for option in attempt.items[0]["options"]] for attempt in attempts]
    assert any(order != [0, 1, 2, 3] for order in orders)  # the answers' indices are not the bank's
    (row,) = exported(staff_client)[1:]
    assert row[12] == "1. Вариант 1: 0; 2. Вариант 2 (key): 3; 3. Вариант 3: 0; 4. Вариант 4: 2"
    assert row[8] == "0.6"


@pytest.fixture
def two_courses(home, course, module):
    ours = AssessmentPageFactory(parent=module, slug="ours", title="Наш тест", questions=[single_choice()])
    other = CoursePageFactory(parent=home, title="Другой курс", slug="other-course")
    theirs = AssessmentPageFactory(
        parent=other, slug="theirs", title="Их итоговый", kind="final", questions=[single_choice(), single_choice()]
    )
    take(ours, {"single_choice": 1})
    take(theirs, {"single_choice": 0})
    return ours, other, theirs


def test_filters_narrow_by_course_assessment_and_kind(staff_client, course, two_courses):
    ours, other, theirs = two_courses
    assert {row[1] for row in exported(staff_client)[1:]} == {ours.title, theirs.title}
    by_course = exported(staff_client, course=other.pk)[1:]
    assert [row[:2] for row in by_course] == [[other.title, theirs.title]] * 2
    assert {row[1] for row in exported(staff_client, course=course.pk)[1:]} == {ours.title}
    assert {row[1] for row in exported(staff_client, assessment=ours.pk)[1:]} == {ours.title}
    assert {row[1] for row in exported(staff_client, kind="final")[1:]} == {theirs.title}
    assert exported(staff_client, course=course.pk, assessment=theirs.pk)[1:] == []
    for bad in ({"course": "abc"}, {"assessment": "999999"}, {"kind": "nonsense"}):
        assert staff_client.get(reverse(REPORT), bad).status_code == 200


def test_queries_do_not_grow_with_attempts(staff_client, count_queries, module, mixed_test):
    few = count_queries(reverse(REPORT))
    second = ModulePageFactory(parent=module.get_parent(), title="Модуль 2", slug="module-2", number=2)
    another = AssessmentPageFactory(parent=second, slug="another", attempts_allowed=0, questions=[single_choice()])
    for _ in range(2):
        take(mixed_test, {"single_choice": 2, "multiple_choice": [3], "situational": 1}, written=2)
    for _ in range(4):
        take(another, {"single_choice": 1})
    assert count_queries(reverse(REPORT)) == few
