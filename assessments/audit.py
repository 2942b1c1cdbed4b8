"""The guessing audit: how far a learner who never read the course gets on an assessment.

Each strategy answers from the surface of the options only (their length, their place, chance), through the same
draw and the same grading as a real attempt. ``make assessment-audit`` prints the table; a test holds the demo bank
to its targets (``tests/demo/test_assessment_banks.py``).
"""

import random
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from assessments.bank import draw, to_question
from assessments.scoring import QuestionKind, evaluate_pass, grade_attempt
from course.codes import CompetencyCode

Strategy = Callable[[Mapping, random.Random], object]


@dataclass(frozen=True)
class Bank:
    """What an attempt is drawn and graded from: the items, the draw rules and the pass levels."""

    title: str
    items: list[dict]
    counts: dict[str, int] = field(default_factory=dict)
    shuffle_questions: bool = False
    shuffle_options: bool = True
    pass_levels: dict[str, int] = field(default_factory=dict)
    overall_pass_level: int = 0
    kind: str = ""

    @classmethod
    def from_content(cls, data: Mapping, prefix: str = "") -> "Bank":
        """A bank from a content file (as in ``demo/content/assessments/``): item ids are ``<slug>:<index>``."""
        prefix = prefix or data.get("slug", "bank")
        items = []
        for index, question in enumerate(data.get("questions", [])):
            item = dict(question)
            item["id"] = f"{prefix}:{index}"
            items.append(item)
        level = int(data.get("competency_pass_level", 0) or 0)
        return cls(
            title=data.get("title", prefix),
            items=items,
            counts={code: int(count) for code, count in (data.get("draw") or {}).items()},
            shuffle_questions=bool(data.get("shuffle_questions")),
            pass_levels=dict.fromkeys(CompetencyCode.values, level),
            overall_pass_level=int(data.get("overall_pass_level", 0) or 0),
            kind=data.get("kind", ""),
        )


def _length(text: str) -> int:
    return len(text.strip())


def _words(text: str) -> int:
    return len(text.split())


def _by(measure: Callable[[str], int]) -> Strategy:
    def pick(item, rng):
        options = item.get("options") or []
        if not options:
            return ""
        best = max(measure(option["text"]) for option in options)
        index = rng.choice([i for i, option in enumerate(options) if measure(option["text"]) == best])
        return [index] if item["type"] == QuestionKind.MULTIPLE_CHOICE else index

    return pick


def _random(item, rng):
    options = item.get("options") or []
    if not options:
        return ""
    if item["type"] == QuestionKind.MULTIPLE_CHOICE:
        ticked = [index for index in range(len(options)) if rng.random() < 0.5]
        return ticked or [rng.randrange(len(options))]
    return rng.randrange(len(options))


def _place(position: int) -> Strategy:
    def pick(item, rng):
        options = item.get("options") or []
        if not options:
            return ""
        index = position % len(options)
        return [index] if item["type"] == QuestionKind.MULTIPLE_CHOICE else index

    return pick


def _tick_everything(item, rng):
    if item["type"] == QuestionKind.MULTIPLE_CHOICE:
        return list(range(len(item["options"])))
    return _random(item, rng)


def _at_least_median(item, rng):
    options = item.get("options") or []
    if item["type"] != QuestionKind.MULTIPLE_CHOICE:
        return _by(_length)(item, rng)
    median = statistics.median(_length(option["text"]) for option in options)
    return [index for index, option in enumerate(options) if _length(option["text"]) >= median]


STRATEGIES: dict[str, Strategy] = {
    "longest": _by(_length),
    "most_words": _by(_words),
    "random": _random,
    "first": _place(0),
    "last": _place(-1),
    "tick_everything": _tick_everything,
    "median_length": _at_least_median,
}


@dataclass(frozen=True)
class AuditResult:
    bank: str
    strategy: str
    runs: int
    mean: float  # percent
    pass_probability: float  # 0..1


def simulate(bank: Bank, strategy: str, runs: int = 1000, seed: int = 0) -> AuditResult:
    """``runs`` attempts answered by ``strategy``, each drawn as the engine draws a real attempt. Written answers
    earn nothing: a reviewer gives no points to an answer written without the course."""
    answer = STRATEGIES[strategy]
    rng = random.Random(f"{seed}:{bank.title}:{strategy}")  # noqa: S311 - a reproducible simulation
    percents = []
    passed = 0
    for _run in range(runs):
        snapshot = draw(
            bank.items,
            bank.counts,
            seed=rng.randrange(2**62),
            shuffle_questions=bank.shuffle_questions,
            shuffle_options=bank.shuffle_options,
        )
        questions = [to_question(item) for item in snapshot]
        answers = {item["id"]: answer(item, rng) for item in snapshot if item["type"] != QuestionKind.LIKERT}
        grade = grade_attempt(questions, answers)
        percents.append(grade.percent or 0.0)
        passed += evaluate_pass(grade, bank.pass_levels, bank.overall_pass_level).passed
    return AuditResult(bank.title, strategy, runs, round(statistics.fmean(percents), 1), passed / runs)


def audit(banks: Sequence[Bank], runs: int = 1000, seed: int = 0) -> list[AuditResult]:
    return [simulate(bank, strategy, runs, seed) for bank in banks for strategy in STRATEGIES]
