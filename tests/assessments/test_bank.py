"""The item bank as pure functions: draws per competency pool from a seed, shuffled options, warnings for editors."""

from collections import Counter

import pytest

from assessments import bank


def item(number, competency="expert", kind="single_choice", correct=0, texts=None, **extra):
    texts = texts or [f"Вариант {number}-{i}" for i in range(4)]
    options = (
        [{"text": text, "credit": 100 if i == correct else 0} for i, text in enumerate(texts)]
        if kind == "situational"
        else [{"text": text, "correct": i == correct} for i, text in enumerate(texts)]
    )
    return {"id": f"q{number}", "type": kind, "competency": competency, "points": 2, "options": options, **extra}


def bank_of(per_competency=6, codes=("expert", "communicative")):
    items = [{"id": "l1", "type": "likert", "competency": "expert", "statement": "Я умею…"}]
    number = 0
    for code in codes:
        for _ in range(per_competency):
            number += 1
            items.append(item(number, code))
    items.append({"id": "w1", "type": "short_answer", "competency": "project", "points": 5, "fixed": True})
    return items


def test_a_draw_takes_the_count_from_each_pool_and_keeps_likert_and_fixed_items():
    snapshot = bank.draw(bank_of(), {"expert": 2, "communicative": 3}, seed=7)
    ids = [entry["id"] for entry in snapshot]
    assert ids[0] == "l1" and ids[-1] == "w1"
    assert Counter(entry["competency"] for entry in snapshot[1:-1]) == {"expert": 2, "communicative": 3}


def test_the_same_seed_draws_the_same_attempt_and_another_seed_another():
    items = bank_of(per_competency=10)
    first = bank.draw(items, {"expert": 4, "communicative": 4}, seed=123, shuffle_questions=True)
    again = bank.draw(items, {"expert": 4, "communicative": 4}, seed=123, shuffle_questions=True)
    assert first == again
    others = {
        tuple(entry["id"] for entry in bank.draw(items, {"expert": 4, "communicative": 4}, seed=seed))
        for seed in range(20)
    }
    assert len(others) > 15


def test_every_pooled_item_is_drawn_about_equally_often():
    items = bank_of(per_competency=8, codes=("expert",))
    seen = Counter()
    for seed in range(2000):
        seen.update(entry["id"] for entry in bank.draw(items, {"expert": 4}, seed=seed) if entry["id"].startswith("q"))
    assert set(seen) == {f"q{n}" for n in range(1, 9)}
    assert max(seen.values()) / min(seen.values()) < 1.25  # each is drawn in about half the attempts


def test_without_draw_rules_every_item_is_in_every_attempt_in_bank_order():
    items = bank_of(per_competency=3)
    snapshot = bank.draw(items, {}, seed=1, shuffle_options=False)
    assert [entry["id"] for entry in snapshot] == [entry["id"] for entry in items]


def test_a_pool_smaller_than_its_count_gives_what_it_has():
    snapshot = bank.draw(bank_of(per_competency=2), {"expert": 5}, seed=3)
    assert Counter(entry["competency"] for entry in snapshot if entry["type"] == "single_choice") == {"expert": 2}


def test_options_are_shuffled_per_attempt_and_remember_their_place_in_the_bank():
    items = [item(1, texts=[f"Вариант {i}" for i in range(5)], correct=3)]
    orders = set()
    for seed in range(50):
        options = bank.draw(items, {}, seed=seed)[0]["options"]
        assert sorted(option["source"] for option in options) == [0, 1, 2, 3, 4]
        assert all(option["text"] == f"Вариант {option['source']}" for option in options)
        assert [option["correct"] for option in options].count(True) == 1
        assert next(option for option in options if option["correct"])["source"] == 3
        orders.add(tuple(option["source"] for option in options))
    assert len(orders) > 30


def test_the_key_lands_in_every_position_about_equally_often():
    items = [item(1, correct=0)]
    positions = Counter()
    for seed in range(4000):
        options = bank.draw(items, {}, seed=seed)[0]["options"]
        positions[next(i for i, option in enumerate(options) if option["correct"])] += 1
    assert set(positions) == {0, 1, 2, 3}
    assert max(positions.values()) / min(positions.values()) < 1.15


def test_question_order_is_shuffled_only_when_allowed_and_likert_stays_first():
    items = bank_of(per_competency=8)
    plain = [entry["id"] for entry in bank.draw(items, {"expert": 8, "communicative": 8}, seed=5)]
    assert plain == [entry["id"] for entry in items]
    shuffled = [
        entry["id"] for entry in bank.draw(items, {"expert": 8, "communicative": 8}, seed=5, shuffle_questions=True)
    ]
    assert shuffled[0] == "l1" and shuffled != plain and sorted(shuffled) == sorted(plain)


def test_to_question_reads_the_snapshot_in_the_order_shown():
    snapshot = bank.draw([item(1, kind="situational", correct=2)], {}, seed=11)[0]
    question = bank.to_question(snapshot)
    assert [option.credit for option in question.options] == [option["credit"] for option in snapshot["options"]]


def test_flatten_reads_stored_stream_data_in_both_list_formats():
    raw = {
        "type": "single_choice",
        "id": "abc",
        "value": {
            "competency": "expert",
            "points": 2,
            "prompt": "?",
            "options": [{"type": "item", "id": "x", "value": {"text": "А", "correct": True}}, {"text": "Б"}],
        },
    }
    flat = bank.flatten_raw_question(raw)
    assert flat["id"] == "abc" and flat["type"] == "single_choice"
    assert flat["options"] == [{"text": "А", "correct": True}, {"text": "Б"}]


class TestWarnings:
    def codes(self, items, counts=None):
        return {warning.code for warning in bank.bank_warnings(items, counts or {})}

    def test_a_key_clearly_the_longest_is_flagged(self):
        texts = [
            "Коучинг",
            "Тьюторство",
            "Наставничество как длительное сопровождение профессионального роста",
            "Иное",
        ]
        assert "key_longest" in self.codes([item(1, texts=texts, correct=2)])

    def test_balanced_options_are_not_flagged(self):
        texts = ["Модель спонсора", "Модель научения", "Модель развития", "Модель просвещения"]
        assert self.codes([item(1, texts=texts, correct=2)]) == set()

    def test_an_option_far_longer_than_the_median_is_flagged(self):
        texts = ["Да", "Нет", "Не знаю", "Возможно, если администрация школы согласится выделить время и ресурсы"]
        assert "long_option" in self.codes([item(1, texts=texts, correct=0)])

    def test_duplicate_options_are_flagged(self):
        assert "duplicate_options" in self.codes([item(1, texts=["Да", "да ", "Нет", "Иное"])])

    def test_an_item_without_a_competency_is_flagged(self):
        assert "no_competency" in self.codes([item(1, competency="")])

    def test_a_pool_under_twice_its_draw_and_a_pool_never_drawn_are_flagged(self):
        items = bank_of(per_competency=3)
        assert {"pool_too_small", "never_drawn"} <= self.codes(items, {"expert": 2})
        assert "pool_too_small" not in self.codes(bank_of(per_competency=4), {"expert": 2, "communicative": 2})

    @pytest.mark.parametrize("correct_longer", [True, False])
    def test_multiple_choice_with_every_right_option_longer_than_every_wrong_one(self, correct_longer):
        long, short = "Длинная формулировка верного варианта", "Короче"
        options = [
            {"text": f"{long} {i}" if correct_longer else f"{short} {i}", "correct": True} for i in range(2)
        ] + [{"text": f"{short} {i}x", "correct": False} for i in range(3)]
        multiple = {"id": "m", "type": "multiple_choice", "competency": "expert", "points": 3, "options": options}
        assert ("key_longest" in self.codes([multiple])) is correct_longer


def test_bank_stats_count_the_longest_keys_positions_and_correct_counts():
    texts = ["А", "Бб", "Ввв", "Гггг"]
    items = [item(1, texts=texts, correct=3), item(2, texts=texts, correct=0)]
    stats = bank.bank_stats(items)
    assert stats.key_longest_share == 0.5
    assert stats.key_positions == {0: 1, 3: 1}


def test_an_attempt_shows_the_draw_the_fixed_items_and_the_self_assessment():
    items = bank_of(per_competency=3)  # a self-assessment statement, 3 + 3 pooled, one fixed item
    assert bank.questions_per_attempt(items, {}) == 8
    assert bank.questions_per_attempt(items, {"expert": 2, "communicative": 1}) == 2 + 3
    # A pool smaller than its draw gives what it has (the editor is warned), a pool missing gives nothing.
    assert bank.questions_per_attempt(items, {"expert": 5, "research": 2}) == 2 + 3
