"""What a learner's browser is shown of an attempt's questions: text and options, and keys only once revealed."""

from dataclasses import dataclass, field

from assessments.models import Attempt


@dataclass
class OptionView:
    index: int
    text: str
    selected: bool = False
    correct: bool | None = None  # revealed after submission only
    credit: int | None = None


@dataclass
class QuestionView:
    id: str
    number: int
    kind: str
    competency: str
    points: int
    prompt: str
    scenario: str = ""
    options: list[OptionView] = field(default_factory=list)
    text_answer: str = ""
    likert_value: int | None = None
    max_length: int = 0
    explanation: str = ""
    earned: float | None = None
    possible: float | None = None
    pending: bool = False
    feedback: str = ""


def attempt_questions(attempt: Attempt, reveal: bool = False) -> list[QuestionView]:
    """The attempt's questions in the order it was shown, with the learner's saved answers."""
    blocks = attempt.page.question_blocks()
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    results = attempt.result.get("questions", {}) if not attempt.is_open else {}
    views = []
    for number, question_id in enumerate((qid for qid in attempt.question_order if qid in blocks), start=1):
        block = blocks[question_id]
        value = block.value
        answer = answers.get(question_id)
        saved = answer.value if answer else None
        kind = block.block_type
        view = QuestionView(
            id=question_id,
            number=number,
            kind=kind,
            competency=value["competency"],
            points=value.get("points", 0) if kind != "likert" else 0,
            prompt=value["statement"] if kind == "likert" else value["prompt"],
            scenario=value.get("scenario", ""),
            max_length=value.get("max_length", 0) or 0,
        )
        if kind == "short_answer":
            view.text_answer = saved if isinstance(saved, str) else ""
            view.feedback = answer.feedback if answer else ""
        elif kind == "likert":
            view.likert_value = saved if isinstance(saved, int) else None
        else:
            chosen = set(saved) if isinstance(saved, list) else {saved}
            for index, option in enumerate(value["options"]):
                option_view = OptionView(index=index, text=option["text"], selected=index in chosen)
                if reveal:
                    option_view.correct = bool(option.get("correct")) if kind != "situational" else None
                    option_view.credit = option.get("credit") if kind == "situational" else None
                view.options.append(option_view)
        if reveal:
            view.explanation = value.get("explanation", "") or ""
        if question_id in results:
            view.earned = results[question_id]["earned"]
            view.possible = results[question_id]["possible"]
            view.pending = results[question_id]["pending"]
        views.append(view)
    return views
