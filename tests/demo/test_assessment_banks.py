"""The demo item banks against the guessing audit: reader-less strategies, as the engine draws the attempts."""

import json

from django.core.management import call_command

import pytest

from assessments.audit import STRATEGIES, Bank, simulate
from demo.assessments import CONTENT_DIR as DEMO_CONTENT

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


def test_the_command_audits_the_demo_folder_in_the_learners_order(capsys):
    call_command("assessment_audit", "--file", str(DEMO_CONTENT), "--runs", "5", skip_checks=True)
    out = capsys.readouterr().out
    titles = [bank(path).title for path in [DEMO_CONTENT / "entry-diagnostic.json", *MODULE_TESTS, FINAL]]
    positions = [out.index(f"\n{title}  ") for title in titles]
    assert positions == sorted(positions)
    assert all(name in out for name in STRATEGIES)
