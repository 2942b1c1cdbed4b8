"""Item analysis of an assessment's graded attempts, as pure functions over plain rows (no models, no database).

For every scored item of the bank (and every item the attempts drew that has since left the bank):

* **attempts**: graded attempts in which the item was drawn (an unanswered item counts, with nothing earned);
* **facility**: the mean share of the item's points earned (earned / possible, 0..1). For single choice it is the
  share of attempts that chose the key; multiple choice, situational judgement and written answers (the reviewer's
  points) count their partial credit;
* **discrimination** (the upper-lower index, Kelley's 27 %): the attempts that drew the item are ranked by their
  overall percent (ties in the order given, i.e. by attempt); the mean facility of the lowest 27 % is taken from that
  of the highest 27 %. From -1 to 1: positive when the strong learners do better on the item than the weak ones;
* **point-biserial** (corrected item-rest correlation): Pearson's correlation between the item's share and the share
  of the rest of the attempt (the item's own points taken out, so that it does not correlate with itself). For
  items scored right or wrong it is the point-biserial coefficient; for partial credit the item-rest correlation;
* **options**: how often each option of the bank is chosen (multiple choice: each ticked option). Options are
  shuffled per attempt, so an answer (an index into the attempt's own option order) is mapped back to the bank's
  option through the snapshot's ``source``;
* **flags**: too easy (facility above 0.9), negative discrimination, and a distractor nobody picks. Flags need
  :data:`FLAG_MIN_ATTEMPTS` attempts: below that every item looks too easy or too hard and most distractors unpicked.

Self-assessment (Likert) statements are not analysed: they have no right answer. Attempts awaiting review and items
whose points are still pending are left out.
"""

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from assessments.bank import CHOICE_KINDS, is_key
from assessments.scoring import QuestionKind

UPPER_LOWER_SHARE = 0.27
TOO_EASY_FACILITY = 0.9
FLAG_MIN_ATTEMPTS = 5
ANALYSED_KINDS = frozenset(QuestionKind) - {QuestionKind.LIKERT}

TOO_EASY = "too_easy"
NEGATIVE_DISCRIMINATION = "negative_discrimination"
UNPICKED_DISTRACTOR = "unpicked_distractor"
NOT_IN_BANK = "not_in_bank"

FLAG_LABELS = {
    TOO_EASY: _("Too easy"),
    NEGATIVE_DISCRIMINATION: _("Negative discrimination"),
    UNPICKED_DISTRACTOR: _("A distractor nobody picks"),
    NOT_IN_BANK: _("No longer in the bank"),
}


@dataclass(frozen=True)
class Response:
    """One graded attempt's response to one item.

    Attributes:
        total: the attempt's overall percent (0..100), which ranks the attempts.
        share: the item's points earned over its points possible (0..1).
        rest: the share of the rest of the attempt (its other items), None when nothing else was scored.
        chosen: the bank indices of the options chosen; empty when the item was not answered.
    """

    total: float
    share: float
    rest: float | None = None
    chosen: tuple[int, ...] = ()


@dataclass(frozen=True)
class AttemptRow:
    """What the analysis reads of one graded attempt: its snapshot, its result and its answers."""

    id: int
    percent: float | None
    items: Sequence[Mapping]  # ``Attempt.items``: the drawn items as shown
    questions: Mapping[str, Mapping]  # ``Attempt.result["questions"]``: {id: {"earned", "possible", "pending"}}
    answers: Mapping[str, object]  # {question id: ``Answer.value``}


@dataclass(frozen=True)
class OptionStats:
    """One option of an item in the bank's order: how many attempts chose it."""

    index: int  # in the bank, from 0
    text: str
    key: bool  # the correct option, or the full-credit action of a situation
    chosen: int


@dataclass(frozen=True)
class ItemStats:
    """The analysis of one item over the graded attempts that drew it."""

    id: str
    number: int | None  # the item's position in the bank, from 1; None when it has left the bank
    type: str
    competency: str
    prompt: str
    attempts: int
    facility: float | None
    discrimination: float | None
    point_biserial: float | None
    options: tuple[OptionStats, ...] = ()
    unanswered: int = 0
    flags: tuple[str, ...] = field(default=())


def facility(responses: Sequence[Response]) -> float | None:
    """The mean share of the points earned, or None without responses."""
    if not responses:
        return None
    return statistics.fmean(response.share for response in responses)


def group_size(count: int, fraction: float = UPPER_LOWER_SHARE) -> int:
    """How many attempts form the upper and the lower group: 27 % of them, at least one, never overlapping."""
    if count < 2:
        return 0
    return min(max(1, round(count * fraction)), count // 2)


def discrimination(responses: Sequence[Response], fraction: float = UPPER_LOWER_SHARE) -> float | None:
    """The upper-lower index: facility in the best 27 % of attempts minus facility in the weakest 27 %."""
    size = group_size(len(responses), fraction)
    if not size:
        return None
    ranked = sorted(responses, key=lambda response: response.total)  # stable: ties keep the given order
    return facility(ranked[-size:]) - facility(ranked[:size])


def point_biserial(responses: Sequence[Response]) -> float | None:
    """Pearson's correlation of the item's share with the rest of the attempt; None when either does not vary."""
    pairs = [(response.share, response.rest) for response in responses if response.rest is not None]
    if len(pairs) < 2:
        return None
    shares, rests = zip(*pairs, strict=True)
    if len(set(shares)) < 2 or len(set(rests)) < 2:
        return None
    return statistics.correlation(shares, rests)


def option_counts(responses: Sequence[Response], options: int) -> list[int]:
    """How many responses chose each of the ``options`` options of the bank (a ticked option counts once each)."""
    counts = [0] * options
    for response in responses:
        for index in set(response.chosen):
            if 0 <= index < options:
                counts[index] += 1
    return counts


def item_flags(
    attempts: int,
    facility_index: float | None,
    discrimination_index: float | None,
    options: Sequence[OptionStats] = (),
    *,
    min_attempts: int = FLAG_MIN_ATTEMPTS,
) -> tuple[str, ...]:
    """What an editor should look at: too easy, negative discrimination, a distractor nobody picks."""
    if attempts < min_attempts:
        return ()
    flags = []
    if facility_index is not None and facility_index > TOO_EASY_FACILITY:
        flags.append(TOO_EASY)
    if discrimination_index is not None and discrimination_index < 0:
        flags.append(NEGATIVE_DISCRIMINATION)
    if any(not option.key and not option.chosen for option in options):
        flags.append(UNPICKED_DISTRACTOR)
    return tuple(flags)


def item_prompt(item: Mapping) -> str:
    """The words that identify an item: its question, or a Likert statement."""
    return str(item.get("prompt") or item.get("statement") or item.get("scenario") or "")


def chosen_sources(item: Mapping, value: object) -> tuple[int, ...]:
    """The bank indices of the options an answer picked: ``value`` indexes the attempt's own (shuffled) options."""
    options = item.get("options") or []
    values = value if isinstance(value, list) else [value]
    sources = []
    for index in values:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(options):
            continue  # a malformed answer was graded as no answer
        sources.append(int(options[index].get("source", index)))
    return tuple(sorted(set(sources)))


def responses_by_item(attempts: Sequence[AttemptRow]) -> tuple[dict[str, list[Response]], dict[str, Mapping]]:
    """Each scored item's responses over ``attempts``, and its latest snapshot (for items no longer in the bank)."""
    responses: dict[str, list[Response]] = {}
    snapshots: dict[str, Mapping] = {}
    for attempt in attempts:
        if attempt.percent is None:
            continue  # nothing scored in it
        scored = {
            qid: (float(score.get("earned") or 0), float(score.get("possible") or 0))
            for qid, score in attempt.questions.items()
            if not score.get("pending")
        }
        total_earned = sum(earned for earned, _possible in scored.values())
        total_possible = sum(possible for _earned, possible in scored.values())
        for item in attempt.items:
            qid = item.get("id")
            if item.get("type") == QuestionKind.LIKERT or qid not in scored:
                continue
            earned, possible = scored[qid]
            if possible <= 0:
                continue
            rest_possible = total_possible - possible
            rest = (total_earned - earned) / rest_possible if rest_possible > 0 else None
            value = attempt.answers.get(qid)
            chosen = chosen_sources(item, value) if item.get("type") in CHOICE_KINDS else ()
            responses.setdefault(qid, []).append(
                Response(total=float(attempt.percent), share=earned / possible, rest=rest, chosen=chosen)
            )
            snapshots[qid] = item
    return responses, snapshots


def _options(bank_item: Mapping | None, snapshot: Mapping | None, counts: Sequence[int]) -> tuple[OptionStats, ...]:
    """The item's options in the bank's order: the bank's text; the key as the attempts were graded (the snapshot)."""
    shown_options = (snapshot or {}).get("options") or []
    shown = {int(option.get("source", index)): option for index, option in enumerate(shown_options)}
    bank_options = list((bank_item or {}).get("options") or [])
    reference = bank_item or snapshot or {}
    result = []
    for index, count in enumerate(counts):
        graded = shown.get(index)
        current = bank_options[index] if index < len(bank_options) else None
        source = graded if graded is not None else current
        text = (current or graded or {}).get("text", "")
        result.append(OptionStats(index, str(text), is_key(reference, source or {}), count))
    return tuple(result)


def analyse(bank_items: Sequence[Mapping], attempts: Sequence[AttemptRow]) -> list[ItemStats]:
    """The analysis of every scored item of an assessment: the bank's items in order, then the items the attempts
    drew that have left the bank, in the order first met."""
    responses, snapshots = responses_by_item(attempts)
    bank_ids = {item.get("id") for item in bank_items}
    entries: list[tuple[int | None, Mapping | None, str]] = [
        (number, item, item.get("id", "")) for number, item in enumerate(bank_items, start=1)
    ]
    entries += [(None, None, qid) for qid in responses if qid not in bank_ids]
    result = []
    for number, bank_item, qid in entries:
        snapshot = snapshots.get(qid)
        item = bank_item or snapshot or {}
        kind = item.get("type", "")
        if kind not in ANALYSED_KINDS:
            continue
        given = responses.get(qid, [])
        facility_index = facility(given)
        discrimination_index = discrimination(given)
        options: tuple[OptionStats, ...] = ()
        if kind in CHOICE_KINDS:
            size = max(len(item.get("options") or []), len((snapshot or {}).get("options") or []))
            options = _options(bank_item, snapshot, option_counts(given, size))
        flags = item_flags(len(given), facility_index, discrimination_index, options)
        if bank_item is None:
            flags = (*flags, NOT_IN_BANK)
        result.append(
            ItemStats(
                id=qid,
                number=number,
                type=kind,
                competency=item.get("competency") or "",
                prompt=item_prompt(item),
                attempts=len(given),
                facility=facility_index,
                discrimination=discrimination_index,
                point_biserial=point_biserial(given),
                options=options,
                unanswered=sum(1 for response in given if not response.chosen) if kind in CHOICE_KINDS else 0,
                flags=flags,
            )
        )
    return result


def rounded(value: float | None, digits: int = 2) -> float | None:
    """A figure as the report shows it; None stays None (nothing to say), -0.0 becomes 0.0."""
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits) + 0.0
