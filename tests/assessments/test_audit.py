"""The guessing audit: reader-less strategies against the demo item bank, as the engine draws it."""

import json

from django.core.management import call_command

import pytest

from assessments.audit import STRATEGIES, Bank, simulate
from assessments.management.commands.assessment_audit import DEMO_CONTENT

FINAL = DEMO_CONTENT / "final-assessment.json"
MODULE_TESTS = sorted((DEMO_CONTENT / "module-tests").glob("*.json"))


def bank(path) -> Bank:
    return Bank.from_content(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_no_strategy_passes_the_final_without_the_course(strategy):
    result = simulate(bank(FINAL), strategy, runs=1000)
    assert result.pass_probability <= 0.01
    assert result.mean <= 40


@pytest.mark.parametrize("path", MODULE_TESTS, ids=lambda path: path.stem)
def test_no_strategy_scores_half_of_a_module_test(path):
    module_test = bank(path)
    for strategy in STRATEGIES:
        assert simulate(module_test, strategy, runs=1000).mean <= 45, strategy


def test_the_final_draws_eight_per_competency_from_pools_twice_that():
    final = bank(FINAL)
    assert final.counts == dict.fromkeys(["expert", "communicative", "managerial", "research", "project"], 8)
    for code, count in final.counts.items():
        pool = [item for item in final.items if item["competency"] == code and not item.get("fixed")]
        assert len(pool) >= 2 * count


@pytest.mark.parametrize("path", MODULE_TESTS, ids=lambda path: path.stem)
def test_module_test_pools_hold_twice_their_draw(path):
    module_test = bank(path)
    assert sum(module_test.counts.values()) == 8
    for code, count in module_test.counts.items():
        assert sum(item["competency"] == code for item in module_test.items) >= 2 * count


def test_a_bank_that_gives_the_key_away_fails_the_audit():
    """The audit can fail: keys that are always the longest option are found by the longest-option strategy."""
    items = [
        {
            "type": "single_choice",
            "competency": "expert",
            "points": 2,
            "prompt": "?",
            "options": [
                {"text": "Короткий", "correct": False},
                {"text": "Тоже короткий", "correct": False},
                {"text": "Длинный и подробный правильный ответ на вопрос", "correct": True},
            ],
        }
        for _ in range(10)
    ]
    leaky = Bank.from_content({"title": "leaky", "questions": items, "competency_pass_level": 50})
    assert simulate(leaky, "longest", runs=50).mean == 100
    assert simulate(leaky, "longest", runs=50).pass_probability == 1
    assert 20 <= simulate(leaky, "random", runs=500).mean <= 45


def test_the_command_prints_the_table(capsys):
    call_command("assessment_audit", "--file", str(FINAL), "--runs", "20", skip_checks=True)
    out = capsys.readouterr().out
    assert "Итоговая аттестация" in out and all(name in out for name in STRATEGIES)
