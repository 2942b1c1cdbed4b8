"""Attempts drawn from the bank: reproducible draws, stored shuffles, snapshots that outlive bank changes, the
review options on the result page, waits between attempts, the grade that counts and bad input refused."""

import json
import threading
from datetime import timedelta

from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from assessments import attempts as service
from assessments import bank
from assessments.evidence import competency_profile
from assessments.models import AssessmentDrawRule, AssessmentGrade, Attempt, CompetencyEvidence, EvidenceSource
from tests.assessments.factories import AssessmentPageFactory, likert, multiple_choice, single_choice, situational

pytestmark = pytest.mark.django_db


def pool_page(parent, *, per_competency=6, draw=3, **fields):
    """Two competency pools of ``per_competency`` items, each drawn ``draw`` at a time."""
    questions = [
        single_choice(code, correct=i % 3) for code in ("expert", "communicative") for i in range(per_competency)
    ]
    for index, question in enumerate(questions):
        for number, option in enumerate(question["value"]["options"]):
            option["text"] = f"Вопрос {index}, вариант {number}"
    page = AssessmentPageFactory(parent=parent, questions=questions, **fields)
    for code in ("expert", "communicative"):
        AssessmentDrawRule.objects.create(page=page, competency=code, count=draw)
    return page


def right_answer(item) -> int:
    return next(index for index, option in enumerate(item["options"]) if option.get("correct"))


def answer_all(attempt, right=True):
    for sequence, item in enumerate(attempt.items, start=1):
        if item["type"] == "single_choice":
            key = right_answer(item)
            value = key if right else (key + 1) % len(item["options"])
            service.save_answer(attempt, item["id"], value, sequence)
    return service.submit_attempt(attempt)


class TestDraws:
    def test_an_attempt_draws_the_rule_from_each_pool_and_stores_it(self, module, learner):
        page = pool_page(module, shuffle_options=True)
        attempt = service.start_attempt(learner, page)
        codes = [item["competency"] for item in attempt.items]
        assert sorted(codes) == ["communicative"] * 3 + ["expert"] * 3
        assert attempt.seed
        assert Attempt.objects.get(pk=attempt.pk).items == attempt.items

    def test_the_same_seed_reproduces_the_draw_and_the_shuffles(self, module, learner, other_learner):
        page = pool_page(module, shuffle_options=True, shuffle_questions=True)
        first = service.start_attempt(learner, page, seed=4242)
        again = service.start_attempt(other_learner, page, seed=4242)
        assert first.items == again.items
        assert first.items == bank.draw(
            page.bank_items(), page.draw_counts(), seed=4242, shuffle_questions=True, shuffle_options=True
        )

    def test_a_new_attempt_draws_anew(self, module, learner):
        page = pool_page(module, attempts_allowed=0)
        draws = set()
        for _ in range(6):
            attempt = service.start_attempt(learner, page)
            draws.add(tuple(attempt.question_ids))
            service.submit_attempt(attempt)
        assert len(draws) > 1

    def test_options_are_shown_in_the_stored_order_and_graded_by_it(self, client, module, learner):
        page = pool_page(module, shuffle_options=True, per_competency=3, draw=3)
        attempt = service.start_attempt(learner, page, seed=7)
        orders = [[option["source"] for option in item["options"]] for item in attempt.items]
        assert any(order != sorted(order) for order in orders)  # seed 7 shuffles at least one question
        client.force_login(learner)
        html = client.get(reverse("assessments:attempt", args=[attempt.pk])).content.decode()
        for item in attempt.items:
            texts = [option["text"] for option in item["options"]]
            positions = [html.index(text) for text in texts]
            assert positions == sorted(positions)  # the page shows the options in the attempt's order
        attempt = answer_all(attempt, right=True)
        assert attempt.percent == 100


class TestSnapshots:
    def test_an_attempt_started_before_a_bank_change_is_graded_on_its_snapshot(self, module, learner):
        page = AssessmentPageFactory(parent=module, questions=[single_choice("expert", correct=1)])
        attempt = service.start_attempt(learner, page)
        question_id = attempt.items[0]["id"]
        service.save_answer(attempt, question_id, 1, sequence=1)

        # The editor changes the key and the options, and adds a question.
        page.questions = [single_choice("expert", correct=0, options=4), likert()]
        page.save_revision().publish()
        page.refresh_from_db()

        service.save_answer(attempt, question_id, 1, sequence=2)  # still option 1 of the attempt's three
        graded = service.submit_attempt(attempt)
        assert graded.percent == 100
        assert [item["id"] for item in graded.items] == [question_id]
        service.grade(graded)  # regrading reads the same snapshot
        assert Attempt.objects.get(pk=graded.pk).percent == 100

    def test_an_option_that_is_not_in_the_attempt_is_refused(self, module, learner):
        page = AssessmentPageFactory(parent=module, questions=[single_choice("expert", options=3)])
        attempt = service.start_attempt(learner, page)
        with pytest.raises(service.InvalidAnswer):
            service.save_answer(attempt, attempt.items[0]["id"], 3, sequence=1)
        assert not attempt.answers.exists()


class TestBadInputOverHttp:
    @pytest.fixture
    def attempt(self, client, module, learner):
        page = pool_page(module)
        client.force_login(learner)
        return service.start_attempt(learner, page)

    def post(self, client, attempt, body):
        return client.post(reverse("assessments:save", args=[attempt.pk]), body, content_type="application/json")

    def test_a_question_outside_the_draw_is_a_400_and_changes_nothing(self, client, attempt):
        drawn = set(attempt.question_ids)
        outside = next(item["id"] for item in attempt.page.bank_items() if item["id"] not in drawn)
        response = self.post(client, attempt, {"question": outside, "value": 0, "sequence": 1})
        assert response.status_code == 400
        assert not attempt.answers.exists()

    @pytest.mark.parametrize("value", [9, -1, "²", "1e3", True, [0], {"a": 1}])
    def test_an_option_that_does_not_exist_is_a_400(self, client, attempt, value):
        response = self.post(client, attempt, {"question": attempt.question_ids[0], "value": value, "sequence": 1})
        assert response.status_code == 400
        assert not attempt.answers.exists()

    def test_deeply_nested_json_is_a_400(self, client, attempt):
        body = '{"question": "x", "value": ' + "[" * 100_000 + "]" * 100_000 + ', "sequence": 1}'
        response = self.post(client, attempt, body)
        assert response.status_code in {400, 413}

    def test_a_form_with_an_unknown_question_saves_nothing(self, client, attempt):
        first = attempt.question_ids[0]
        response = client.post(
            reverse("assessments:save", args=[attempt.pk]), {"sequence": "5", f"q-{first}": "0", "q-unknown": "1"}
        )
        assert response.status_code == 400
        assert not attempt.answers.exists()


@pytest.mark.parametrize("text", ["x\ud800y", "a\x00b"])
def test_written_answers_that_no_database_can_store_are_refused(client, module, learner, text):
    page = AssessmentPageFactory(
        parent=module,
        questions=[
            {
                "type": "short_answer",
                "value": {"competency": "project", "points": 5, "prompt": "?", "guidance": "", "max_length": 500},
            }
        ],
    )
    attempt = service.start_attempt(learner, page)
    client.force_login(learner)
    body = json.dumps({"question": attempt.question_ids[0], "value": text, "sequence": 1})
    response = client.post(reverse("assessments:save", args=[attempt.pk]), body, content_type="application/json")
    assert response.status_code == 400
    assert not attempt.answers.exists()
    assert client.get(reverse("assessments:attempt", args=[attempt.pk])).status_code == 200


class TestWaitBetweenAttempts:
    def test_a_second_attempt_inside_the_wait_is_refused_with_the_time_it_opens(self, client, module, learner):
        page = pool_page(module, attempt_wait_hours=24)
        service.submit_attempt(service.start_attempt(learner, page))
        with pytest.raises(service.AttemptError) as refused:
            service.start_attempt(learner, page)
        assert "2" in refused.value.message  # the date and time it opens
        client.force_login(learner)
        response = client.post(reverse("assessments:start", args=[page.pk]), follow=True)
        assert Attempt.objects.filter(user=learner).count() == 1
        with translation.override("ru"):  # the site's language, as the page is served without a prefix
            opens_on = translation.gettext("The next attempt opens on %(when)s.").split("%(when)s")[0]
        assert opens_on != "The next attempt opens on " and opens_on in response.content.decode()

    def test_after_the_wait_the_next_attempt_starts(self, module, learner):
        page = pool_page(module, attempt_wait_hours=24)
        first = service.submit_attempt(service.start_attempt(learner, page))
        Attempt.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - timedelta(hours=25))
        assert service.start_attempt(learner, page).number == 2


class TestGradeThatCounts:
    def test_highest_keeps_the_passed_attempt_after_a_worse_retake(self, module, learner):
        page = pool_page(module, attempts_allowed=3, grading_method="highest")
        answer_all(service.start_attempt(learner, page), right=True)
        answer_all(service.start_attempt(learner, page), right=False)
        grade = AssessmentGrade.objects.get(user=learner, page=page)
        assert grade.passed and grade.percent == 100 and grade.attempts_graded == 2
        expert = CompetencyEvidence.objects.get(user=learner, page=page, competency="expert")
        assert expert.earned == expert.possible

    def test_latest_follows_the_last_attempt(self, module, learner):
        page = pool_page(module, attempts_allowed=3, grading_method="latest")
        answer_all(service.start_attempt(learner, page), right=True)
        answer_all(service.start_attempt(learner, page), right=False)
        grade = AssessmentGrade.objects.get(user=learner, page=page)
        assert not grade.passed and grade.percent == 0

    def test_average_averages_the_attempts(self, module, learner):
        page = pool_page(module, attempts_allowed=3, grading_method="average", overall_pass_level=40)
        answer_all(service.start_attempt(learner, page), right=True)
        answer_all(service.start_attempt(learner, page), right=False)
        grade = AssessmentGrade.objects.get(user=learner, page=page)
        assert grade.percent == 50 and grade.passed


class TestEvidenceSources:
    def test_the_entry_diagnostic_is_the_starting_point_not_part_of_the_level(self, course, module, learner):
        diagnostic = AssessmentPageFactory(
            parent=course, kind="diagnostic", questions=[single_choice("expert"), likert("expert")]
        )
        attempt = service.start_attempt(learner, diagnostic)
        service.save_answer(attempt, attempt.items[1]["id"], 1, sequence=1)  # right: 100 % at the start
        service.save_answer(attempt, attempt.items[0]["id"], 2, sequence=2)
        service.submit_attempt(attempt)
        profile = competency_profile(learner, course)
        assert profile.entry["expert"] == 100
        assert profile.current["expert"] is None  # nothing that counts yet
        assert profile.self_assessment["expert"] == 25

        test = AssessmentPageFactory(parent=module, questions=[single_choice("expert")])
        attempt = service.start_attempt(learner, test)
        service.save_answer(attempt, attempt.items[0]["id"], 0, sequence=1)  # wrong
        service.submit_attempt(attempt)
        profile = competency_profile(learner, course)
        assert profile.current["expert"] == 0 and profile.entry["expert"] == 100
        sources = set(CompetencyEvidence.objects.filter(user=learner).values_list("source", flat=True))
        assert sources == {EvidenceSource.DIAGNOSTIC, EvidenceSource.SELF, EvidenceSource.MODULE_TEST}

    def test_the_dashboard_shows_the_entry_level_beside_the_current_one(self, client, course, module, learner):
        diagnostic = AssessmentPageFactory(parent=course, kind="diagnostic", questions=[single_choice("expert")])
        attempt = service.start_attempt(learner, diagnostic)
        service.save_answer(attempt, attempt.items[0]["id"], 0, sequence=1)
        service.submit_attempt(attempt)
        test = AssessmentPageFactory(parent=module, questions=[single_choice("expert")])
        attempt = service.start_attempt(learner, test)
        service.save_answer(attempt, attempt.items[0]["id"], 1, sequence=1)
        service.submit_attempt(attempt)
        client.force_login(learner)
        html = client.get(reverse("dashboard")).content.decode()
        with translation.override("ru"):
            assert translation.gettext("Entry diagnostic") in html


class TestReviewOptionsOnTheResultPage:
    def page(self, module, **fields):
        return AssessmentPageFactory(
            parent=module,
            questions=[single_choice("expert", correct=1), single_choice("communicative", correct=1)],
            **fields,
        )

    def result(self, client, learner, page, right):
        attempt = service.start_attempt(learner, page)
        for sequence, item in enumerate(attempt.items, start=1):
            service.save_answer(attempt, item["id"], 1 if right else 0, sequence)
        attempt = service.submit_attempt(attempt)
        client.force_login(learner)
        return client.get(reverse("assessments:attempt", args=[attempt.pk])).content.decode()

    def test_a_module_test_failed_with_attempts_left_shows_right_and_wrong_but_not_the_answers(
        self, client, module, learner
    ):
        page = self.page(
            module, attempts_allowed=3, review_correctness="immediately", review_answers="after_pass_or_last"
        )
        html = self.result(client, learner, page, right=False)
        assert "✗" in html  # right or wrong per question is shown
        assert "Потому что так устроена модель." not in html  # the explanation is not
        assert "is-correct" not in html

    def test_after_passing_the_answers_are_shown(self, client, module, learner):
        page = self.page(
            module, attempts_allowed=3, review_correctness="immediately", review_answers="after_pass_or_last"
        )
        html = self.result(client, learner, page, right=True)
        assert "Потому что так устроена модель." in html and "is-correct" in html

    def test_when_no_attempt_is_left_the_answers_are_shown(self, client, module, learner):
        page = self.page(
            module, attempts_allowed=1, review_correctness="immediately", review_answers="after_pass_or_last"
        )
        html = self.result(client, learner, page, right=False)
        assert "is-correct" in html

    def test_the_final_shows_neither(self, client, course, learner):
        page = self.page(course, kind="final", attempts_allowed=2, review_correctness="never", review_answers="never")
        html = self.result(client, learner, page, right=False)
        assert "is-correct" not in html and "Потому что" not in html
        assert "✗" not in html and "✓" not in html  # no per-question right or wrong


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_racing_the_submit_never_changes_a_graded_answer(module, learner):
    page = AssessmentPageFactory(parent=module, questions=[single_choice("expert", correct=1)])
    attempt = service.start_attempt(learner, page)
    question = attempt.items[0]["id"]
    service.save_answer(attempt, question, 1, sequence=1)
    barrier = threading.Barrier(2)
    errors = []

    def save():
        barrier.wait()
        for sequence in range(2, 60):
            try:
                service.save_answer(attempt, question, 0, sequence)
            except service.AttemptError:
                break
        connection.close()

    def submit():
        barrier.wait()
        try:
            service.submit_attempt(attempt)
        except Exception as error:
            errors.append(error)
        connection.close()

    threads = [threading.Thread(target=save), threading.Thread(target=submit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    graded = Attempt.objects.get(pk=attempt.pk)
    answer = graded.answers.get()
    assert answer.saved_at <= graded.graded_at  # nothing was saved after the grade
    expected = 100 if answer.value == 1 else 0
    assert graded.percent == expected  # the grade is of the answer that stayed


def test_the_multiple_choice_and_situational_factories_still_work_with_draws(module, learner):
    page = AssessmentPageFactory(parent=module, questions=[multiple_choice(), situational()])
    attempt = service.start_attempt(learner, page)
    assert [item["type"] for item in attempt.items] == ["multiple_choice", "situational"]
