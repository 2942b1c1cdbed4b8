"""What a learner's browser is shown of an attempt: its drawn questions as shown, and of a submitted attempt only
what the assessment's review policy allows (right or wrong, the correct answers, the explanations)."""

from dataclasses import dataclass, field

from assessments import policy
from assessments.models import Attempt


@dataclass
class OptionView:
    index: int
    text: str
    selected: bool = False
    correct: bool | None = None  # shown only when the review policy allows
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
    answered: bool = False
    flagged: bool = False  # for review, by the learner while taking the attempt

    @property
    def outcome(self) -> str:
        """ "right", "partly", "wrong" or "" (not shown, pending or not scored) for the ✓/✗ marks."""
        if self.earned is None or self.pending or not self.possible:
            return ""
        if self.earned >= self.possible:
            return "right"
        return "partly" if self.earned > 0 else "wrong"


def review_visibility(attempt: Attempt, state: dict) -> policy.ReviewVisibility:
    """What the learner may see of ``attempt`` now, by the assessment's review options; ``state`` is the page's
    ``learner_state`` (the learner's attempts and grade)."""
    page = attempt.page
    grade = state.get("grade")
    attempts_left = state.get("attempts_left")
    return policy.review_visibility(
        page,
        submitted=not attempt.is_open,
        passed=bool(grade and grade.passed),
        attempts_left=attempts_left is None or attempts_left > 0 or state.get("open_attempt") is not None,
    )


def attempt_questions(attempt: Attempt, visibility: policy.ReviewVisibility | None = None) -> list[QuestionView]:
    """The attempt's questions in the order it was shown, with the learner's saved answers."""
    visibility = visibility or policy.ReviewVisibility(False, False)
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    results = attempt.result.get("questions", {}) if not attempt.is_open else {}
    views = []
    for number, item in enumerate(attempt.items, start=1):
        kind = item["type"]
        answer = answers.get(item["id"])
        saved = answer.value if answer else None
        view = QuestionView(
            id=item["id"],
            number=number,
            kind=kind,
            competency=item.get("competency", ""),
            points=int(item.get("points") or 0) if kind != "likert" else 0,
            prompt=item.get("statement", "") if kind == "likert" else item.get("prompt", ""),
            scenario=item.get("scenario", ""),
            max_length=int(item.get("max_length") or 0),
            answered=saved not in (None, "", []),
        )
        if kind == "short_answer":
            view.text_answer = saved if isinstance(saved, str) else ""
            view.feedback = answer.feedback if answer else ""
        elif kind == "likert":
            view.likert_value = saved if isinstance(saved, int) else None
        else:
            chosen = set(saved) if isinstance(saved, list) else {saved}
            for index, option in enumerate(item.get("options") or []):
                option_view = OptionView(index=index, text=option["text"], selected=index in chosen)
                if visibility.answers:
                    option_view.correct = bool(option.get("correct")) if kind != "situational" else None
                    option_view.credit = option.get("credit") if kind == "situational" else None
                view.options.append(option_view)
        if visibility.answers:
            view.explanation = item.get("explanation", "") or ""
        if item["id"] in results and (visibility.correctness or kind == "short_answer"):
            view.earned = results[item["id"]]["earned"]
            view.possible = results[item["id"]]["possible"]
            view.pending = results[item["id"]]["pending"]
        views.append(view)
    return views
