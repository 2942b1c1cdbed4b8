"""The item bank of an assessment and the draw of one attempt, as pure functions over plain dicts (no database).

An item is a question as the page stores it, flattened::

    {"id", "type", "competency", "points", "prompt", "scenario", "statement", "explanation", "guidance",
     "max_length", "scoring", "fixed", "options": [{"text", "correct", "credit"}]}

Each attempt draws its items per competency from the pooled items tagged with it, shuffles every item's options and,
where the editor allows, the order of the items, and keeps the result as its snapshot: what the learner was shown is
what is graded and reviewed, whatever editors change in the bank later. The draw is a function of a seed stored with
the attempt, so it can be reproduced.
"""

import random
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessments.scoring import MultipleChoiceRule, Option, Question, QuestionKind
from course.codes import CompetencyCode

CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.SITUATIONAL})
# An option this much longer than the item's median option stands out whatever it says.
LONG_OPTION_RATIO = 1.5
# A key this much longer than every other option gives itself away.
LONG_KEY_RATIO = 1.2
# Each pool holds at least this many times the items drawn from it, so that two attempts differ.
POOL_FACTOR = 2


def new_seed() -> int:
    """A seed for an attempt's draw; stored with it, so the draw can be replayed."""
    return random.SystemRandom().randrange(1, 2**62)


def flatten_raw_question(raw: Mapping) -> dict:
    """An item from one block of the questions StreamField as stored (``raw_data``): list items unwrapped."""
    value = raw.get("value") or {}
    item = {key: field for key, field in value.items() if key != "options"}
    item["id"] = raw.get("id") or ""
    item["type"] = raw.get("type") or ""
    if "options" in value:
        item["options"] = [
            dict(option["value"]) if isinstance(option, Mapping) and "value" in option else dict(option)
            for option in value.get("options") or []
        ]
    return item


def is_pooled(item: Mapping) -> bool:
    """Scored items are drawn from their competency's pool; self-assessment and fixed items are in every attempt."""
    return item["type"] != QuestionKind.LIKERT and not item.get("fixed")


def pools(items: Sequence[Mapping]) -> dict[str, list[Mapping]]:
    """The pooled items per competency, in bank order."""
    result: dict[str, list[Mapping]] = {}
    for item in items:
        if is_pooled(item):
            result.setdefault(item.get("competency") or "", []).append(item)
    return result


def questions_per_attempt(items: Sequence[Mapping], counts: Mapping[str, int]) -> int:
    """How many questions an attempt shows: the draw (no more than a pool holds), the fixed questions and the
    self-assessment; every item when nothing is drawn."""
    if not counts:
        return len(items)
    sizes = {code: len(pool) for code, pool in pools(items).items()}
    always = sum(1 for item in items if not is_pooled(item))
    return always + sum(min(count, sizes.get(code, 0)) for code, count in counts.items())


def draw_items(items: Sequence[Mapping], counts: Mapping[str, int], rng: random.Random) -> list[Mapping]:
    """The items of one attempt: self-assessment first, then the drawn items, then the fixed ones, in bank order.

    ``counts`` is the number of items to draw per competency; without counts every item is in every attempt. A pool
    smaller than its count gives all it has (the editor is warned).
    """
    if not counts:
        chosen = {id(item) for item in items if is_pooled(item)}
    else:
        chosen = set()
        by_code = pools(items)
        for code in CompetencyCode.values:
            wanted = max(int(counts.get(code) or 0), 0)
            pool = by_code.get(code, [])
            chosen.update(id(item) for item in rng.sample(pool, min(wanted, len(pool))))
    likert = [item for item in items if item["type"] == QuestionKind.LIKERT]
    drawn = [item for item in items if id(item) in chosen]
    fixed = [item for item in items if item["type"] != QuestionKind.LIKERT and item.get("fixed")]
    return likert + drawn + fixed


def snapshot_item(item: Mapping, rng: random.Random | None) -> dict:
    """The item as one attempt shows it: options in a shuffled order (none when ``rng`` is None), each remembering
    its place in the bank (``source``) for the item analysis."""
    snapshot = {key: value for key, value in item.items() if key != "options"}
    options = list(item.get("options") or [])
    order = list(range(len(options)))
    if rng is not None and item["type"] in CHOICE_KINDS:
        rng.shuffle(order)
    if options:
        snapshot["options"] = [{**options[index], "source": index} for index in order]
    return snapshot


def draw(
    items: Sequence[Mapping],
    counts: Mapping[str, int],
    *,
    seed: int,
    shuffle_questions: bool = False,
    shuffle_options: bool = True,
) -> list[dict]:
    """The snapshot of a new attempt: a pure function of the bank, the draw rules and the seed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible from the stored seed; the seed itself is random
    chosen = draw_items(items, counts, rng)
    if shuffle_questions:
        likert = [item for item in chosen if item["type"] == QuestionKind.LIKERT]
        rest = [item for item in chosen if item["type"] != QuestionKind.LIKERT]
        rng.shuffle(rest)
        chosen = likert + rest
    return [snapshot_item(item, rng if shuffle_options else None) for item in chosen]


def to_question(item: Mapping) -> Question:
    """What grading needs of a snapshot item."""
    kind = QuestionKind(item["type"])
    options = tuple(
        Option(correct=bool(option.get("correct")), credit=int(option.get("credit") or 0))
        for option in item.get("options") or []
    )
    return Question(
        id=item["id"],
        kind=kind,
        competency=item.get("competency") or "",
        points=int(item.get("points") or 0) if kind is not QuestionKind.LIKERT else 0,
        options=options,
        rule=MultipleChoiceRule(item.get("scoring") or MultipleChoiceRule.PARTIAL),
        max_length=int(item.get("max_length") or 0),
    )


# Checks for editors ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BankWarning:
    """Something in the bank that lets a learner score without knowing the course, or breaks a draw."""

    code: str  # key_longest, long_option, duplicate_options, no_competency, pool_too_small, never_drawn
    item_id: str
    number: int  # the item's position in the bank, from 1; 0 for the whole bank
    detail: dict


def is_key(item: Mapping, option: Mapping) -> bool:
    """The option a knowing learner picks: the correct one, or the full-credit action of a situation."""
    if item["type"] == QuestionKind.SITUATIONAL:
        return int(option.get("credit") or 0) >= 100
    return bool(option.get("correct"))


def key_is_longest(item: Mapping, ratio: float = 1.0) -> bool:
    """Whether a key is longer (by ``ratio``) than every other option of a single-choice or situational item."""
    if item["type"] not in {QuestionKind.SINGLE_CHOICE, QuestionKind.SITUATIONAL}:
        return False
    options = item.get("options") or []
    keys = [len(option["text"]) for option in options if is_key(item, option)]
    others = [len(option["text"]) for option in options if not is_key(item, option)]
    return bool(keys and others) and max(keys) > max(others) * ratio


def item_warnings(item: Mapping, number: int) -> list[BankWarning]:
    warnings = []
    item_id = item.get("id", "")
    if item["type"] != QuestionKind.LIKERT and not item.get("competency"):
        warnings.append(BankWarning("no_competency", item_id, number, {}))
    options = item.get("options") or []
    if item["type"] not in CHOICE_KINDS or not options:
        return warnings
    lengths = [len(option["text"].strip()) for option in options]
    median = statistics.median(lengths)
    if key_is_longest(item, LONG_KEY_RATIO):
        warnings.append(BankWarning("key_longest", item_id, number, {}))
    elif item["type"] == QuestionKind.MULTIPLE_CHOICE:
        right = [length for length, option in zip(lengths, options, strict=True) if option.get("correct")]
        wrong = [length for length, option in zip(lengths, options, strict=True) if not option.get("correct")]
        if right and wrong and min(right) > max(wrong):
            warnings.append(BankWarning("key_longest", item_id, number, {}))
    longest = max(lengths)
    if median and longest > median * LONG_OPTION_RATIO:
        warnings.append(BankWarning("long_option", item_id, number, {"ratio": round(longest / median, 1)}))
    texts = [" ".join(option["text"].lower().split()) for option in options]
    if len(set(texts)) < len(texts):
        warnings.append(BankWarning("duplicate_options", item_id, number, {}))
    return warnings


def bank_warnings(items: Sequence[Mapping], counts: Mapping[str, int]) -> list[BankWarning]:
    """Every warning an editor should see before learners take the assessment."""
    warnings = [warning for number, item in enumerate(items, start=1) for warning in item_warnings(item, number)]
    if counts:
        by_code = pools(items)
        for code in CompetencyCode.values:
            wanted = int(counts.get(code) or 0)
            size = len(by_code.get(code, []))
            if wanted and size < wanted * POOL_FACTOR:
                warnings.append(
                    BankWarning("pool_too_small", "", 0, {"competency": code, "size": size, "draw": wanted})
                )
            if size and not wanted:
                warnings.append(BankWarning("never_drawn", "", 0, {"competency": code, "size": size}))
    return warnings


@dataclass(frozen=True)
class BankStats:
    """Figures of a bank's fairness: how often the key is the longest option, and where it sits."""

    items: int
    key_longest_share: float
    key_positions: dict[int, int]
    correct_counts: dict[int, int]  # multiple choice: how many items have n correct options


def bank_stats(items: Sequence[Mapping]) -> BankStats:
    single = [item for item in items if item["type"] in {QuestionKind.SINGLE_CHOICE, QuestionKind.SITUATIONAL}]
    positions: dict[int, int] = {}
    for item in single:
        for index, option in enumerate(item.get("options") or []):
            if is_key(item, option):
                positions[index] = positions.get(index, 0) + 1
    correct_counts: dict[int, int] = {}
    for item in items:
        if item["type"] == QuestionKind.MULTIPLE_CHOICE:
            count = sum(bool(option.get("correct")) for option in item.get("options") or [])
            correct_counts[count] = correct_counts.get(count, 0) + 1
    longest = sum(key_is_longest(item) for item in single)
    return BankStats(
        items=len(items),
        key_longest_share=round(longest / len(single), 3) if single else 0.0,
        key_positions=dict(sorted(positions.items())),
        correct_counts=dict(sorted(correct_counts.items())),
    )
