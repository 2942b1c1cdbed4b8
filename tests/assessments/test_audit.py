"""The guessing audit: reader-less strategies against an item bank, as the engine draws it (the demo's banks are held
to their targets in ``tests/demo/test_assessment_banks.py``)."""

import json

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from assessments.audit import STRATEGIES, Bank, simulate


def single_choice(key: str, *others: str) -> dict:
    options = [{"text": text, "correct": False} for text in others] + [{"text": key, "correct": True}]
    return {"type": "single_choice", "competency": "expert", "points": 2, "prompt": "?", "options": options}


def test_a_bank_that_gives_the_key_away_fails_the_audit():
    """The audit can fail: keys that are always the longest option are found by the longest-option strategy."""
    items = [single_choice("Длинный и подробный правильный ответ на вопрос", "Короткий", "Тоже короткий")] * 10
    leaky = Bank.from_content({"title": "leaky", "questions": items, "competency_pass_level": 50})
    assert simulate(leaky, "longest", runs=50).mean == 100
    assert simulate(leaky, "longest", runs=50).pass_probability == 1
    assert 20 <= simulate(leaky, "random", runs=500).mean <= 45


def write_bank(path, title: str, kind: str) -> None:
    questions = [single_choice("Верно", "Неверно", "Тоже неверно")] * 4
    data = {"title": title, "kind": kind, "questions": questions, "competency_pass_level": 50}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_the_command_prints_the_table_of_a_file(tmp_path, capsys):
    write_bank(tmp_path / "final.json", "Итоговая аттестация", "final")
    call_command("assessment_audit", "--file", str(tmp_path / "final.json"), "--runs", "20", skip_checks=True)
    out = capsys.readouterr().out
    assert "\nИтоговая аттестация  " in out and all(name in out for name in STRATEGIES)


def test_a_folder_is_audited_in_the_order_a_learner_meets_its_banks(tmp_path, capsys):
    # File names sort the other way round: the order comes from each bank's kind.
    write_bank(tmp_path / "a-final.json", "Итоговая", "final")
    (tmp_path / "tests").mkdir()
    write_bank(tmp_path / "tests" / "01.json", "Модуль 1", "module_test")
    write_bank(tmp_path / "b-entry.json", "Диагностика", "diagnostic")
    call_command("assessment_audit", "--file", str(tmp_path), "--runs", "5", skip_checks=True)
    out = capsys.readouterr().out
    rows = [out.index(f"\n{title}") for title in ("Диагностика ", "Модуль 1 ", "Итоговая ")]
    assert rows == sorted(rows)


def test_an_unreadable_file_is_a_command_error(tmp_path):
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="broken.json"):
        call_command("assessment_audit", "--file", str(tmp_path), skip_checks=True)
